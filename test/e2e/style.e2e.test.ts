// The manuscript's own style in VS Code: a document whose front matter names `csl:` a style file
// gets its references formatted in that style on hover, and says so; a document without one gets
// the setting's style. Copy Bibliography and Copy Formatted Citation put the document's style on
// the clipboard, read back through the browser's clipboard (permission granted to the page).
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { uiTimeout, useWorkbench, type Session } from './harness';

const poll = { timeout: uiTimeout, interval: 500 };
const fixture = join(__dirname, 'fixtures', 'style');

/** The text on the system clipboard, as the page may read it; '' while it cannot. */
async function clipboard(s: Session): Promise<string> {
  return s.page.evaluate<string>('navigator.clipboard.readText()').catch(() => '');
}

/** Puts a marker on the clipboard, so a test sees the command's copy and not an earlier one. */
async function clearClipboard(s: Session): Promise<void> {
  await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await s.page.evaluate("navigator.clipboard.writeText('(nothing copied yet)')");
  expect(await clipboard(s)).toBe('(nothing copied yet)');
}

/** Runs a palette command by its exact title without waiting for the palette to close (the command opens a picker of its own). */
async function startCommand(s: Session, title: string): Promise<void> {
  const palette = s.page.locator('.quick-input-widget');
  await s.page.keyboard.press('F1');
  await palette.locator('input').fill(`>${title}`);
  await palette.locator('.monaco-list-row').filter({ has: s.page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) }).first().click();
}

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

  test('Copy Bibliography offers the document\u2019s style first, by title, and copies the bibliography in it', async () => {
    const s = ui();
    await s.openFile('paper.md');
    await clearClipboard(s);
    await startCommand(s, 'Citelens: Copy Bibliography of Cited Works');
    const first = s.page.locator('.quick-input-widget .monaco-list-row').first();
    await expect.poll(async () => first.textContent().catch(() => ''), poll).toContain("this document's style");
    // The picker names styles by their titles, not their ids.
    expect(await first.textContent()).toContain('American Psychological Association 7th edition');
    await s.page.keyboard.press('Enter');
    let copied = '';
    await expect.poll(async () => (copied = await clipboard(s)), poll).toContain('Datasheets');
    // APA, and `and others` as APA's "et al.": the one cited work, alone.
    expect(copied.trim()).toBe('Gebru, T. et al. (2021). Datasheets for Datasets. Communications of the ACM.');
  });

  test('Copy Formatted Citation copies the citation at the cursor as the document\u2019s style writes it', async () => {
    const s = ui();
    await s.openFile('paper.md');
    await clearClipboard(s);
    await s.goTo(5, 15);
    await s.runCommand('Citelens: Copy Formatted Citation');
    await expect.poll(async () => clipboard(s), poll).toBe('(Gebru et al., 2021)');
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
