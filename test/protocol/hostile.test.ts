// The real server on workspaces that point it at a pipe or a device, and an import into a .bib the
// editor holds with unsaved changes: it must answer, say why, and leave files as they are.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

type Diag = { code: string; message: string };

describe('language server on hostile workspaces', () => {
  it.skipIf(!existsSync('/dev/zero'))('reports a pipe and a device a manuscript names as unreadable, and keeps answering', async () => {
    const folder = writeFiles({ 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': '---\nbibliography: [refs.bib, pipe.bib, zero.bib, /dev/zero]\n---\n[@a]\n' });
    try {
      execFileSync('mkfifo', [join(folder, 'pipe.bib')]);
    } catch {
      return void console.warn('skipped: mkfifo is not available here');
    }
    symlinkSync('/dev/zero', join(folder, 'zero.bib'));
    session = await start(folder, { pull: true });
    const s = session;
    s.open('paper.md', readFileSync(join(folder, 'paper.md'), 'utf8'), 'markdown');
    const report = await s.request<{ items: Diag[] }>('textDocument/diagnostic', { textDocument: { uri: s.uri('paper.md') } });
    expect(report.items.map((d) => `${d.code} ${d.message}`)).toEqual([
      'bib.unreadable Bibliography file not read: pipe.bib is a named pipe (FIFO)',
      'bib.unreadable Bibliography file not read: zero.bib is a device',
      'bib.unreadable Bibliography file not read: /dev/zero is a device',
    ]);
    const completion = await s.request<{ items: { label: string }[] }>('textDocument/completion', { textDocument: { uri: s.uri('paper.md') }, position: { line: 3, character: 2 } });
    expect(completion.items.map((i) => i.label)).toContain('a');
  });

  it('refuses to import into a .bib that is open with unsaved changes, and writes nothing', async () => {
    const disk = '@misc{a, title = {A}}\n';
    const folder = writeFiles({ 'refs.bib': disk, 'paper.md': '---\nbibliography: refs.bib\n---\n[@a]\n' });
    session = await start(folder);
    const s = session;
    s.open('refs.bib', `${disk}@misc{unsaved, title = {Typed but not saved}}\n`, 'bibtex');
    // The server reads an opened .bib after a pause; wait until it holds the editor's text.
    await waitFor(async () => (await s.request<{ entries: number }>('citelens/indexStatus', {})).entries === 2, 'the open .bib indexed');
    await expect(
      s.request('citelens/importReferences', { text: '1. Doe J. A title of a paper. Nature. 2020;1:1-2.', into: s.uri('refs.bib') }),
    ).rejects.toThrow(/Nothing was written: refs.bib is open with changes that are not saved/);
    expect(readFileSync(join(folder, 'refs.bib'), 'utf8')).toBe(disk);
  });
});
