// Rename in VS Code: a refused rename (a taken key, an invalid key, a position inside a citation
// but not on a key) changes nothing — neither the editor nor the file on disk — and no other
// rename provider (VS Code's Markdown link rename) acts on the citation instead. A valid rename
// then goes through, which shows the refusals above were real attempts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { uiTimeout, useWorkbench } from './harness';

const poll = { timeout: uiTimeout, interval: 250 };
const fixture = join(__dirname, 'fixtures', 'rename');
const original = readFileSync(join(fixture, 'paper.md'), 'utf8');
const line = 6; // "Datasheets [@gebru2021datasheets] ..." (1-based, as the harness counts)

describe('rename in VS Code (code-server)', () => {
  const ui = useWorkbench('rename', { workspace: fixture, settings: { 'files.autoSave': 'afterDelay', 'files.autoSaveDelay': 200 } }, async (s) => {
    await s.openFile('paper.md');
    // The language server has read the bibliography once a hover on the key shows the entry.
    const until = Date.now() + uiTimeout;
    while (!(await s.hoverAt(line, 14).catch(() => '')).includes('Datasheets')) {
      if (Date.now() > until) throw new Error('the language server never answered a hover on the key');
      await s.press('Escape');
    }
    await s.press('Escape');
  });

  const onDisk = () => readFileSync(join(ui().workspace, 'paper.md'), 'utf8');
  const toasts = () => ui().page.locator('.notifications-toasts .notification-toast').allTextContents();

  /** F2 at a position, then the new name and Enter when the rename box opens. */
  async function renameAt(column: number, newName: string | undefined): Promise<boolean> {
    const s = ui();
    await s.goTo(line, column);
    await s.press('F2');
    // Only a focused rename input may be typed into: anything else would type into the manuscript.
    const box = s.page.locator('.rename-box input:focus, .rename-box .rename-input:focus');
    const opened = await box.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    if (opened && newName !== undefined) {
      // The old key is selected in the box; typing replaces it.
      await box.fill(newName);
      await s.press('Enter');
    }
    return opened;
  }

  for (const [name, newName, says] of [
    ['a key that is already taken', 'lipton2018mythos', 'already exists'],
    ['a key with a space', 'bad key', 'not a valid citation key'],
  ] as const) {
    test(`refuses ${name} and leaves the manuscript as it was`, async () => {
      const s = ui();
      expect(await renameAt(14, newName)).toBe(true);
      // Give a wrong edit (ours or another provider's) and auto-save time to land, then look.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await s.editorText()).toContain('[@gebru2021datasheets]');
      expect(onDisk()).toBe(original);
      await expect.poll(async () => (await toasts()).join(' '), poll).toMatch(new RegExp(`Citelens did not rename.*${says}`));
    });
  }

  test('refuses a rename off the key inside a citation, so the Markdown link rename cannot act', async () => {
    const s = ui();
    // On "see" inside "[see @lipton2018mythos, p. 3]".
    await renameAt(52, 'renamed');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await s.editorText()).toContain('[see @lipton2018mythos, p. 3]');
    expect(onDisk()).toBe(original);
    await expect.poll(async () => (await toasts()).join(' '), poll).toContain('Put the cursor on a citation key');
    await s.press('Escape');
  });

  test('renames a key everywhere when the new key is free', async () => {
    const s = ui();
    expect(await renameAt(14, 'gebru2021sheets')).toBe(true);
    await expect.poll(() => s.editorText(), poll).toContain('[@gebru2021sheets]');
    await expect.poll(() => readFileSync(join(s.workspace, 'refs.bib'), 'utf8'), poll).toContain('@article{gebru2021sheets,');
  });
});
