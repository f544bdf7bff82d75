// The server's state, through the real process over stdio: requests during the first load wait
// for it, refusals touch nothing, malformed requests get errors, per-folder settings apply, the
// sidebar hears of citation changes, and closed files are edited as they are on disk.
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

const bib = `@article{lundberg2017unified, author = {Lundberg, Scott M. and Lee, Su-In}, title = {A Unified Approach to Interpreting Model Predictions}, year = 2017}
@article{lipton2018mythos, author = {Lipton, Zachary C.}, title = {The Mythos of Model Interpretability}, year = 2018}
@article{gebru2021datasheets, author = {Gebru, Timnit and others}, title = {Datasheets for Datasets}, year = 2021}
`;
const markdown = `---
bibliography: refs.bib
---
See [@gebru2021datasheets] and [see @lundberg2017unified, p. 3].
`;

let session: Session | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await session?.close();
  session = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

type Completion = { items: { label: string }[] } | null;
const completionAt = (s: Session, uri: string, line: number, character: number) => s.request<Completion>('textDocument/completion', { textDocument: { uri }, position: { line, character } });

async function errorOf(p: Promise<unknown>): Promise<{ code: number; message: string; data?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string; data?: unknown };
  }
  throw new Error('the request succeeded');
}

describe('server state over stdio', () => {
  it('answers a completion sent right after initialized, before the first load has finished', async () => {
    // A large bibliography makes the first load take a while; the editor does not wait for it.
    const many = Array.from({ length: 20_000 }, (_, i) => `@article{filler${i}, author = {Filler, A.}, title = {Filler ${i}}, year = 2000}`).join('\n');
    const folder = writeFiles({ 'refs.bib': `${many}\n${bib}`, 'paper.md': markdown });
    session = await start(folder, { waitReady: false });
    session.open('paper.md', markdown, 'markdown');
    const list = await completionAt(session, session.uri('paper.md'), 3, 10); // after "[@ge"
    expect(list?.items[0]?.label).toBe('gebru2021datasheets');
  });

  it('refuses a rename to a taken, invalid or empty key, or off a key, with an error and no edit', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'paper.md': markdown });
    session = await start(folder);
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    const at = { textDocument: { uri: md }, position: { line: 3, character: 12 } };
    for (const newName of ['lipton2018mythos', 'Lipton2018Mythos', 'bad key', '', 'a,b']) {
      const error = await errorOf(s.request('textDocument/rename', { ...at, newName }));
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.data).toEqual({ citelens: 'refused' });
    }
    // Inside the citation, on its prefix: a refusal that claims the citation, so no other rename acts.
    const off = await errorOf(s.request('textDocument/prepareRename', { textDocument: { uri: md }, position: { line: 3, character: 33 } }));
    expect((off.data as { claim?: unknown }).claim).toEqual({ start: { line: 3, character: 31 }, end: { line: 3, character: 63 } });
    // Outside every citation: not ours, so no answer at all.
    expect(await s.request('textDocument/prepareRename', { textDocument: { uri: md }, position: { line: 3, character: 1 } })).toBeNull();
    expect(readFileSync(join(folder, 'paper.md'), 'utf8')).toBe(markdown);
    expect(readFileSync(join(folder, 'refs.bib'), 'utf8')).toBe(bib);
  });

  it('answers malformed requests with errors and keeps serving', async () => {
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': markdown }));
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    s.notify('textDocument/didOpen', { textDocument: { uri: s.uri('broken.md'), languageId: 'markdown', version: 1, text: null } });
    s.notify('textDocument/didChange', { textDocument: { uri: s.uri('never-opened.md'), version: 2 }, contentChanges: [{ text: 'x' }] });
    for (const position of [{ line: 7.5, character: 0 }, { line: '3', character: 1 }, undefined, { line: -1, character: 0 }]) {
      const error = await errorOf(s.request('textDocument/completion', { textDocument: { uri: md }, position }));
      expect(error.code).toBe(-32602);
    }
    expect((await errorOf(s.request('textDocument/hover', { position: { line: 0, character: 0 } }))).code).toBe(-32602);
    expect((await errorOf(s.request('citelens/formatReferences', { keys: 'x', format: 'text' }))).code).toBe(-32602);
    expect((await errorOf(s.request('textDocument/codeAction', { textDocument: { uri: md }, range: { start: { line: 'x' }, end: null }, context: { diagnostics: [] } }))).code).toBe(-32602);
    expect((await errorOf(s.request('textDocument/rename', { textDocument: { uri: md }, position: { line: 3, character: 12 }, newName: 42 }))).code).toBe(-32602);
    // A position past the end of a line is the line's end.
    expect((await completionAt(s, md, 3, 10))?.items[0]?.label).toBe('gebru2021datasheets');
    const past = await s.request<{ range: { start: { character: number } } } | null>('textDocument/hover', { textDocument: { uri: md }, position: { line: 3, character: 10_000 } });
    expect(past).toBeNull();
  });

  it('survives a client that answers the diagnostics refresh with an error', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'paper.md': markdown });
    session = await start(folder, {
      pull: true,
      onRequest: (method) => {
        if (method === 'workspace/diagnostic/refresh') throw new Error('refresh refused');
        return undefined;
      },
    });
    const s = session;
    s.open('paper.md', markdown, 'markdown');
    writeFileSync(join(folder, 'refs.bib'), `${bib}@misc{newone, title = {New}, year = 2024}\n`);
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('refs.bib'), type: 2 }] });
    await waitFor(() => s.requests.some((r) => r.method === 'workspace/diagnostic/refresh'), 'a refresh request');
    expect((await completionAt(s, s.uri('paper.md'), 3, 10))?.items[0]?.label).toBe('gebru2021datasheets');
    const exit = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r('alive'), 200))]);
    expect(exit).toBe('alive');
  });

  it('tells the client when a document cites other keys, not on every keystroke', async () => {
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': markdown }));
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    const sent = () => s.notifications.filter((n) => n.method === 'citelens/citationsChanged');
    await waitFor(() => s.published.get(md), 'diagnostics');
    s.notify('textDocument/didChange', { textDocument: { uri: md, version: 2 }, contentChanges: [{ text: `${markdown}More prose.\n` }] });
    s.notify('textDocument/didChange', { textDocument: { uri: md, version: 3 }, contentChanges: [{ text: `${markdown}More prose [@lipton2018mythos].\n` }] });
    await waitFor(() => sent().length > 0, 'citationsChanged');
    expect(sent()).toHaveLength(1);
    expect((sent()[0]?.params as { uri: string }).uri).toBe(md);
  });

  it('applies each workspace folder its own settings', async () => {
    const a = writeFiles({ 'refs.bib': bib, 'a.md': 'Cites [@nowhere2020].\n' });
    const b = mkdtempSync(join(tmpdir(), 'citelens-proto-b-'));
    cleanup.push(b);
    writeFileSync(join(b, 'b.md'), 'Cites [@nowhere2020].\n');
    writeFileSync(join(b, 'refs.bib'), bib);
    session = await start(a, {
      moreFolders: [b],
      folderSettings: { [b]: { diagnostics: { severity: { 'citation.unknown-key': 'hint' } } } },
    });
    const s = session;
    s.open('a.md', 'Cites [@nowhere2020].\n', 'markdown');
    s.notify('textDocument/didOpen', { textDocument: { uri: `file://${join(b, 'b.md')}`, languageId: 'markdown', version: 1, text: 'Cites [@nowhere2020].\n' } });
    type D = { code: string; severity: number }[];
    const inA = await waitFor(() => s.published.get(s.uri('a.md')) as D | undefined, 'diagnostics of a.md');
    const inB = await waitFor(() => s.published.get(`file://${join(b, 'b.md')}`) as D | undefined, 'diagnostics of b.md');
    expect(inA.map((d) => [d.code, d.severity])).toEqual([['citation.unknown-key', 1]]);
    expect(inB.map((d) => [d.code, d.severity])).toEqual([['citation.unknown-key', 4]]);
  });

  it('renames in a closed file as it is on disk, even when the editor sent no file event', async () => {
    const chapter = 'The closed chapter cites \\cite{gebru2021datasheets}.\n';
    const main = '\\documentclass{article}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\input{chapter}\n\\cite{gebru2021datasheets}\n\\end{document}\n';
    const folder = writeFiles({ 'refs.bib': bib, 'main.tex': main, 'chapter.tex': chapter });
    session = await start(folder);
    const s = session;
    s.open('main.tex', main, 'latex');
    // The chapter changes on disk behind the server's back (no didChangeWatchedFiles).
    const changed = `% a new first line\n${chapter}`;
    writeFileSync(join(folder, 'chapter.tex'), changed);
    type Edit = { documentChanges: { textDocument: { uri: string }; edits: { range: { start: { line: number; character: number } }; newText: string }[] }[] };
    const edit = await s.request<Edit>('textDocument/rename', { textDocument: { uri: s.uri('main.tex') }, position: { line: 4, character: 10 }, newName: 'jones2021' });
    const forChapter = edit.documentChanges.find((c) => c.textDocument.uri === s.uri('chapter.tex'));
    expect(forChapter?.edits.map((e) => [e.range.start.line, e.range.start.character])).toEqual([[1, 31]]);
  });

  it('uses the editor\u2019s file events when it offers them, and does not watch the same files itself', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'paper.md': markdown });
    session = await start(folder, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    await waitFor(() => s.requests.some((r) => r.method === 'client/registerCapability'), 'a watcher registration');
    writeFileSync(join(folder, 'refs.bib'), `${bib}@misc{zotero2024, title = {Exported}, year = 2024}\n`);
    // Without the editor's event the server does not read the file (its own watcher is off) ...
    await new Promise((r) => setTimeout(r, 600));
    expect((await completionAt(s, md, 3, 10))?.items.map((i) => i.label)).not.toContain('zotero2024');
    // ... and with it, it does.
    s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: s.uri('refs.bib'), type: 2 }] });
    await waitFor(async () => (await s.request<{ entries: number }>('citelens/indexStatus', {})).entries === 4, 'the new entry');
  });
});

describe('watching files itself', () => {
  it('follows a bibliography whose folder is deleted and made again', async () => {
    const folder = writeFiles({ 'lib/refs.bib': bib, 'paper.md': '---\nbibliography: lib/refs.bib\n---\nSee [@gebru2021datasheets].\n' });
    session = await start(folder);
    const s = session;
    s.open('paper.md', '---\nbibliography: lib/refs.bib\n---\nSee [@gebru2021datasheets].\n', 'markdown');
    const entries = async () => (await s.request<{ entries: number }>('citelens/indexStatus', {})).entries;
    expect(await entries()).toBe(3);
    rmSync(join(folder, 'lib'), { recursive: true });
    await waitFor(async () => (await entries()) === 0, 'the deleted bibliography dropped', 15_000);
    mkdirSync(join(folder, 'lib'));
    writeFileSync(join(folder, 'lib', 'refs.bib'), `${bib}@misc{again2024, title = {Back}, year = 2024}\n`);
    await waitFor(async () => (await entries()) === 4, 'the recreated bibliography read', 15_000);
  });
});

describe('re-exports of a large bibliography', () => {
  it('never answers without the entries while the old parse is let go and the new one read', async () => {
    // Over 2 million characters: the server lets the old parse go before parsing the new file.
    const filler = Array.from({ length: 30_000 }, (_, i) => `@article{filler${i}, author = {Filler, Ann}, title = {Filler title number ${i}}, year = 2000}`).join('\n');
    const exported = (n: number) => `${filler}\n${bib}@misc{marker${n}, title = {Export ${n}}, year = 2024}\n`;
    const folder = writeFiles({ 'refs.bib': exported(0), 'paper.md': markdown });
    session = await start(folder);
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    const hovers: string[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const h = await s.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: md }, position: { line: 3, character: 8 } });
        hovers.push(h?.contents.value ?? 'no hover');
        const report = await s.request<{ items: { code?: string }[] }>('textDocument/diagnostic', { textDocument: { uri: md } });
        if (report.items.some((d) => d.code === 'citation.unknown-key')) hovers.push('unknown key reported');
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const probeDoc = '---\nbibliography: refs.bib\n---\n[@marker\n';
    s.open('probe.md', probeDoc, 'markdown');
    const markers = async () => ((await completionAt(s, s.uri('probe.md'), 3, 8))?.items ?? []).map((i) => i.label).filter((l) => l.startsWith('marker'));
    for (let n = 1; n <= 4; n++) {
      writeFileSync(join(folder, 'refs.bib.tmp'), exported(n));
      renameSync(join(folder, 'refs.bib.tmp'), join(folder, 'refs.bib'));
      await waitFor(async () => (await markers()).includes(`marker${n}`), `export ${n} read`, 30_000);
    }
    running = false;
    await probe;
    expect(hovers.length).toBeGreaterThan(4);
    expect(hovers.filter((h) => !h.includes('Datasheets for Datasets'))).toEqual([]);
    expect(await markers()).toEqual(['marker4']);
    expect((await s.request<{ entries: number }>('citelens/indexStatus', {})).entries).toBe(30_004);
  }, 180_000);
});

describe('edits that must refuse and touch nothing', () => {
  const list = 'Smith, J. & Doe, A. (2020). A study of things. Journal of Studies, 12(3), 45-67. https://doi.org/10.1000/xyz123\n';

  it('refuses to import into a manuscript, or into a bibliography with unsaved editor changes', async () => {
    const folder = writeFiles({ 'refs.bib': bib, 'paper.md': markdown });
    session = await start(folder);
    const s = session;
    const into = async (name: string) => errorOf(s.request('citelens/importReferences', { text: list, into: s.uri(name) }));
    expect((await into('paper.md')).message).toContain('not a BibTeX file');
    s.open('refs.bib', `${bib}@misc{unsaved, title = {Typed, not saved}}\n`, 'bibtex');
    await waitFor(async () => (await s.request<{ entries: number }>('citelens/indexStatus', {})).entries === 4, 'the buffer indexed');
    expect((await into('refs.bib')).message).toContain('changes that are not saved');
    expect(readFileSync(join(folder, 'refs.bib'), 'utf8')).toBe(bib);
    expect(readFileSync(join(folder, 'paper.md'), 'utf8')).toBe(markdown);
  });

  it('reads a single bibliography path given where a list belongs, and says so', async () => {
    const folder = writeFiles({ 'lib/main.bib': bib, 'paper.md': 'See [@lipton2018mythos].\n' });
    session = await start(folder, { settings: { bibliographies: 'lib/main.bib' } });
    const s = session;
    s.open('paper.md', 'See [@lipton2018mythos].\n', 'markdown');
    expect((await completionAt(s, s.uri('paper.md'), 0, 10))?.items[0]?.label).toBe('lipton2018mythos');
    const shown = () => [...s.notifications, ...s.requests].filter((m) => m.method.startsWith('window/showMessage'));
    await waitFor(() => shown().find((m) => String((m.params as { message: string }).message).includes('citelens.bibliographies')), 'a warning');
  });
});

describe('quick fixes', () => {
  it('offers to create a missing bibliography without ever overwriting one, and to change an unknown key to a close one', async () => {
    const text = '---\nbibliography: [refs.bib, gone.bib]\n---\nSee [@gebru2021datashets].\n';
    const folder = writeFiles({ 'refs.bib': bib, 'paper.md': text });
    session = await start(folder);
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', text, 'markdown');
    type Action = { title: string; edit?: { documentChanges: ({ kind: string; uri: string; options?: { ignoreIfExists?: boolean; overwrite?: boolean } } | { textDocument: { uri: string; version: number | null }; edits: { newText: string }[] })[] } };
    const actions = await s.request<Action[]>('textDocument/codeAction', { textDocument: { uri: md }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, context: { diagnostics: [] } });
    const create = actions.find((a) => a.title.startsWith('Create'))?.edit?.documentChanges[0];
    expect(create).toEqual({ kind: 'create', uri: s.uri('gone.bib'), options: { ignoreIfExists: true } });
    const change = actions.find((a) => a.title === "Change to 'gebru2021datasheets'")?.edit?.documentChanges[0];
    // Versioned: the editor applies it only to the text it was computed for.
    expect(change).toMatchObject({ textDocument: { uri: md, version: 1 }, edits: [{ newText: 'gebru2021datasheets' }] });
    expect(readFileSync(join(folder, 'paper.md'), 'utf8')).toBe(text);
  });
});
