// Typst in VS Code: hover on `@key`, completion after `@`, and an unknown key reported in the
// compiler's words, on a small paper with a BibTeX bibliography named by #bibliography.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { uiTimeout, useWorkbench } from './harness';

const poll = { timeout: uiTimeout, interval: 500 };
const fixture = join(__dirname, 'fixtures', 'typst');

describe('Typst in VS Code (code-server)', () => {
  const ui = useWorkbench('typst', { workspace: fixture }, (s) => s.openFile('paper.typ'));

  test('hovering @key shows the entry', async () => {
    const s = ui();
    await expect.poll(async () => (await s.hoverAt(3, 14).catch(() => '')).toLowerCase(), poll).toContain('datasheets for datasets');
    await s.press('Escape');
  });

  test('typing @ and a query lists matching keys', async () => {
    const s = ui();
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText('See @lipt');
    await expect.poll(() => s.suggestions(), poll).toContain('lipton2018mythos');
    await s.press('Escape');
  });

  test('an unknown key is reported as the compiler says it', async () => {
    const s = ui();
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText('Unknown #cite(<nosuchkey2099>).');
    await s.press('Escape');
    await expect
      .poll(async () => (await s.problems()).filter((p) => p.message.includes('nosuchkey2099')), poll)
      .toEqual(expect.arrayContaining([expect.objectContaining({ code: 'citation.unknown-key', message: expect.stringContaining('does not exist in the bibliography') })]));
  });
});
