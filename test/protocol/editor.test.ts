// The editor's requests over stdio: the Insert Citation text, the Choose a bibliography… edit,
// the command rows of completion and the unknown-key quick fixes, as the VS Code client sees them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

const bib = `@article{lundberg2017unified, author = {Lundberg, Scott M. and Lee, Su-In}, title = {A Unified Approach to Interpreting Model Predictions}, year = 2017}
@article{esteva2017dermatologist, author = {Esteva, Andre and others}, title = {Dermatologist-level classification of skin cancer with deep neural networks}, year = 2017}
`;
const thesis = '\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\nText \n\\bibliography{refs}\n\\end{document}\n';
const notes = '# Notes\n\nAs [@lundberg2017unified] and [@nosuch] say.\n';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('editor requests over stdio', () => {
  it('returns the natbib citation text with the document version, and refuses bad input in a sentence', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'thesis.tex': thesis });
    session = await start(folder);
    const s = session;
    s.open('thesis.tex', thesis, 'latex');
    const uri = s.uri('thesis.tex');
    const reply = await s.request<{ ok: boolean; text: string; commands: string[]; version: number; range: unknown }>('citelens/insertCitation', {
      uri, position: { line: 3, character: 5 }, keys: ['lundberg2017unified', 'esteva2017dermatologist'], locator: 'p. 3', command: 'citet',
    });
    expect(reply).toMatchObject({ ok: true, text: '\\citet[p. 3]{lundberg2017unified,esteva2017dermatologist}', commands: ['citep', 'citet', 'cite'], version: 1 });
    expect(reply.range).toEqual({ start: { line: 3, character: 5 }, end: { line: 3, character: 5 } });
    const bad = await s.request<{ ok: boolean; message: string }>('citelens/insertCitation', { uri, position: { line: 3, character: 5 }, keys: ['a b'] });
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/^LaTeX cannot cite the key 'a b'/) });
    await expect(s.request('citelens/insertCitation', { uri, position: { line: 3, character: 5 }, keys: 'lundberg' })).rejects.toThrow(/keys must be a list of strings/);
  });

  it('proposes the front-matter edit for Choose a bibliography… and writes nothing itself', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'notes.md': notes });
    session = await start(folder);
    const s = session;
    s.open('notes.md', notes, 'markdown');
    const reply = await s.request<{ ok: boolean; edit: { documentChanges: { textDocument: { uri: string; version: number }; edits: { newText: string }[] }[] } }>('citelens/addBibliography', {
      uri: s.uri('notes.md'), bibliography: s.uri('refs.bib'),
    });
    expect(reply.ok).toBe(true);
    expect(reply.edit.documentChanges).toEqual([{ textDocument: { uri: s.uri('notes.md'), version: 1 }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '---\nbibliography: refs.bib\n---\n\n' }] }]);
    expect(readFileSync(join(folder, 'notes.md'), 'utf8')).toBe(notes);
    const refused = await s.request<{ ok: boolean; message: string }>('citelens/addBibliography', { uri: s.uri('notes.md'), bibliography: s.uri('notes.txt') });
    expect(refused).toEqual({ ok: false, message: 'Pandoc cannot read .txt as a bibliography.' });
  });

  it('ends the key list with a search row and offers search on an unknown key', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'notes.md': `---\nbibliography: refs.bib\n---\n${notes}` });
    session = await start(folder);
    const s = session;
    const text = `---\nbibliography: refs.bib\n---\n${notes}`;
    s.open('notes.md', text, 'markdown');
    const list = await s.request<{ items: { label: string; command?: { command: string; arguments: unknown[] } }[] }>('textDocument/completion', {
      textDocument: { uri: s.uri('notes.md') }, position: { line: 5, character: 9 },
    });
    expect(list.items.at(-1)).toMatchObject({ label: 'Search the bibliography for “lund”…', command: { command: 'citelens.insertCitation', arguments: ['lund'] } });
    const range = { start: { line: 5, character: 33 }, end: { line: 5, character: 33 } };
    const actions = await waitFor(async () => {
      const a = await s.request<{ title: string; command?: { command: string; arguments: unknown[] } }[]>('textDocument/codeAction', { textDocument: { uri: s.uri('notes.md') }, range, context: { diagnostics: [] } });
      return a.length ? a : undefined;
    }, 'code actions on the unknown key');
    const search = actions.find((a) => a.title === "Search the bibliography for 'nosuch'…");
    expect(search?.command).toEqual({ command: 'citelens.insertCitation', title: 'Search the bibliography…', arguments: ['nosuch', { uri: s.uri('notes.md'), range: { start: { line: 5, character: 32 }, end: { line: 5, character: 38 } } }] });
    expect(actions.map((a) => a.title)).toContain('Import references…');
  });
});
