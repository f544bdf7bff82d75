// The manuscript's own style in VS Code: a document whose front matter names `csl:` a style file
// gets its references formatted in that style on hover, and says so; a document without one gets
// the setting's style.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { uiTimeout, useWorkbench } from './harness';

const poll = { timeout: uiTimeout, interval: 500 };
const fixture = join(__dirname, 'fixtures', 'style');

describe('the document style in VS Code (code-server)', () => {
  const ui = useWorkbench('style', { workspace: fixture });

  test('csl: in the front matter formats the hover in that style and names it', async () => {
    const s = ui();
    await s.openFile('paper.md');
    const hover = await (async () => {
      let text = '';
      await expect.poll(async () => (text = await s.hoverAt(5, 15).catch(() => '')), poll).toContain('Datasheets');
      return text;
    })();
    expect(hover).toContain('American Psychological Association');
    // APA writes the year in parentheses right after the authors.
    expect(hover).toMatch(/Gebru, T\.[^()]*\(2021\)\. Datasheets for datasets/i);
    await s.press('Escape');
  });

  test('a document without csl: gets the setting\u2019s style', async () => {
    const s = ui();
    await s.openFile('plain.md');
    let hover = '';
    await expect.poll(async () => (hover = await s.hoverAt(4, 15).catch(() => '')), poll).toContain('Datasheets');
    expect(hover).not.toContain('American Psychological Association');
    expect(hover).toContain('Nature');
    await s.press('Escape');
  });
});
