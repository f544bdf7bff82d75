// The Zotero library through the real server: a data directory built from Zotero's schema, the
// server started with citelens.zotero.dataDirectory, and the database changed as Zotero changes it
// (one transaction: add an item, retitle one, trash one, move one to a collection) while the
// server runs; completion, hover and diagnostics follow. Adding an item goes through the editor's
// workspace/applyEdit, which this client applies to the file as an editor would, then saves.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';
import { ZoteroBuilder } from '../zotero/builder';

interface Item {
  label: string;
  labelDetails?: { detail?: string; description?: string };
  command?: { command: string; arguments: unknown[] };
}

type Edit = { textDocument: { uri: string }; edits: { range: { start: { line: number; character: number } }; newText: string }[] };

/** Applies a workspace edit to the files on disk (an editor applying it, then saving). */
function applyToDisk(edit: { documentChanges?: Edit[] }): void {
  for (const change of edit.documentChanges ?? []) {
    const path = fileURLToPath(change.textDocument.uri);
    let text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (const e of [...change.edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
      const at = offset(e.range.start);
      text = text.slice(0, at) + e.newText + text.slice(at);
    }
    writeFileSync(path, text);
  }
}

/** The key items of a completion list, without the row that opens Insert Citation…. */
const keyItems = (list: { items: Item[] }): Item[] => list.items.filter((i) => i.command?.command !== 'citelens.insertCitation');

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function library() {
  const z = await ZoteroBuilder.create();
  const reading = z.addCollection('Reading list');
  const esteva = z.addItem({
    type: 'journalArticle',
    fields: { title: 'Dermatologist-level classification of skin cancer', publicationTitle: 'Nature', date: '2017-02-00 February 2017', extra: 'Citation Key: esteva2017' },
    creators: [{ lastName: 'Esteva', firstName: 'Andre' }],
    tags: ['dermatology'],
  });
  const obermeyer = z.addItem({ type: 'journalArticle', fields: { title: 'Dissecting racial bias', publicationTitle: 'Science', date: '2019-10-25 25 October 2019', citationKey: 'obermeyer2019' }, creators: [{ lastName: 'Obermeyer', firstName: 'Ziad' }], collections: [reading] });
  const hastie = z.addItem({ type: 'book', fields: { title: 'The Elements of Statistical Learning', date: '2009-00-00 2009', extra: 'Citation Key: hastie2009' }, creators: [{ lastName: 'Hastie', firstName: 'Trevor' }] });
  return { z, ids: { esteva, obermeyer, hastie, reading } };
}

const paper = '---\nbibliography: refs.bib\n---\nSee [@esteva2017] and [@obermeyer2019].\n\n[@]\n\nAlso [@hastie2009].\n';

describe('Zotero library in the server', () => {
  it('offers, hovers and diagnoses library items, adds one through an edit, and follows Zotero’s writes', async () => {
    const { z, ids } = await library();
    const zdir = mkdtempSync(join(tmpdir(), 'citelens-zotero-'));
    z.writeTo(zdir);
    const folder = writeFiles({ 'paper.md': paper, 'refs.bib': '@article{known2020, title = {Known}, year = 2020}\n' });
    const edits: unknown[] = [];
    session = await start(folder, {
      settings: { zotero: { dataDirectory: zdir } },
      onRequest: (method, params) => {
        if (method !== 'workspace/applyEdit') return undefined;
        edits.push(params);
        applyToDisk((params as { edit: { documentChanges?: Edit[] } }).edit);
        return { applied: true };
      },
    });
    const s = session;
    const uri = s.uri('paper.md');
    s.open('paper.md', paper, 'markdown');
    const completion = (character = 2, line = 5) => s.request<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    const labels = async () => keyItems(await completion()).map((i) => i.label);

    // The library is read: its items are offered after the bibliography's own, marked.
    const first = await waitFor(async () => ((await labels()).includes('esteva2017') ? completion() : undefined), 'library items in completion');
    const firstKeys = keyItems(first);
    expect(firstKeys[0]?.label).toBe('known2020');
    expect(firstKeys.slice(1).map((i) => i.label).sort()).toEqual(['esteva2017', 'hastie2009', 'obermeyer2019']);
    const item = firstKeys.find((i) => i.label === 'esteva2017')!;
    expect(item.labelDetails?.description).toMatch(/from Zotero \(My Library\), not in refs\.bib/);
    expect(item.command?.command).toBe('citelens.server.addFromZotero');

    const hover = await s.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } });
    expect(hover.contents.value).toMatch(/Dermatologist-level classification of skin cancer/);
    expect(hover.contents.value).toMatch(/From Zotero \(My Library\)/);

    const diagnostics = () => (s.published.get(uri) ?? []) as { message: string; range: unknown; code: string; data?: unknown }[];
    await waitFor(() => diagnostics().some((d) => /esteva2017' \(it is in your Zotero library/.test(d.message)), 'a diagnostic naming the library');

    // The quick fix carries the edit; the completion's command asks the editor to apply the same kind of edit.
    const diag = diagnostics().find((d) => d.message.includes('obermeyer2019'))!;
    const actions = await s.request<{ title: string; edit?: { documentChanges: Edit[] } }[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    expect(actions[0]?.title).toBe("Add 'obermeyer2019' from Zotero to refs.bib");
    expect(actions[0]?.edit?.documentChanges[0]?.textDocument.uri).toBe(s.uri('refs.bib'));

    const before = readFileSync(join(folder, 'refs.bib'), 'utf8');
    const done = await s.request<{ applied: boolean }>('workspace/executeCommand', { command: item.command!.command, arguments: item.command!.arguments });
    expect(done.applied).toBe(true);
    const after = readFileSync(join(folder, 'refs.bib'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length).match(/@\w+\{/g)).toEqual(['@article{']);
    expect(after).toMatch(/@article\{esteva2017,[\s\S]*journal += \{Nature\}/);
    // The bibliography now has it: no more diagnostic, and completion no longer marks it as Zotero's.
    await waitFor(() => !diagnostics().some((d) => d.message.includes("'esteva2017'")), 'the esteva2017 diagnostic to go');
    await waitFor(async () => !(await completion()).items.find((i) => i.label === 'esteva2017')?.command, 'esteva2017 to be the bibliography’s');

    // Adding it again is refused, and refs.bib is not touched.
    await expect(s.request('workspace/executeCommand', { command: item.command!.command, arguments: item.command!.arguments })).rejects.toThrow(/not added/);
    expect(readFileSync(join(folder, 'refs.bib'), 'utf8')).toBe(after);
    expect(edits).toHaveLength(1);

    // Zotero's own transaction: a new item, a new title, one item to the trash, one into a collection.
    z.transaction(() => {
      z.addItem({ type: 'journalArticle', fields: { title: 'A brand new preprint', date: '2024-00-00 2024', extra: 'Citation Key: fresh2024' }, creators: [{ lastName: 'Novak', firstName: 'Eva' }] });
      z.setField(ids.obermeyer, 'title', 'Dissecting racial bias in an algorithm used to manage the health of populations');
      z.trash(ids.hastie);
      z.addToCollection(ids.reading, ids.esteva);
    });
    // Written in two halves, the second after the watcher has seen the first.
    await z.writeSlowly(zdir, 150);
    await waitFor(async () => (await labels()).includes('fresh2024'), 'the new item in completion');
    // The reading that brought the write is the last one: it waited for the files to be still and
    // keeps its copy's signature, so neither the watcher's later events nor the one-second check
    // read the library again.
    const reads = () => s.notifications.filter((n) => n.method === 'window/logMessage' && /Read the Zotero library/.test((n.params as { message: string }).message)).length;
    const readsNow = reads();
    await new Promise((r) => setTimeout(r, 2500));
    expect(reads()).toBe(readsNow);
    expect(await labels()).not.toContain('hastie2009');
    // The trashed item no longer resolves: its citation is a plain unknown key again.
    await waitFor(() => diagnostics().some((d) => d.message === "Unknown citation key 'hastie2009'"), 'the trashed item to stop resolving');
    // The sidebar's Zotero grouping: the bibliography's entries under their collections, with cited ticks.
    type Level = { groups: { id: string; label: string; count: number }[]; entries: { key: string; cited: boolean }[] };
    const level = (parent?: string) => s.request<Level>('citelens/themeTree', { uri, groupBy: 'zotero', ...(parent ? { parent } : {}) });
    const reading = await waitFor(async () => {
      const mine = (await level()).groups.find((g) => g.label === 'My Library');
      const list = mine ? (await level(mine.id)).groups.find((g) => g.label === 'Reading list') : undefined;
      return list && list.count === 1 ? list : undefined;
    }, 'esteva2017 in the Reading list collection');
    expect((await level(reading.id)).entries).toEqual([expect.objectContaining({ key: 'esteva2017', cited: true })]);
    expect((await level()).groups.map((g) => g.label)).toEqual(['My Library', 'Not in Zotero']);
    const retitled = await s.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 27 } });
    expect(retitled.contents.value).toMatch(/used to manage the health of populations/);
  });

  it('refuses to add when the bibliography to add to is ambiguous or missing, touching no file', async () => {
    const { z } = await library();
    const zdir = mkdtempSync(join(tmpdir(), 'citelens-zotero-'));
    z.writeTo(zdir);
    const files = { 'loose.md': 'No bibliography named: [@esteva2017]\n', 'a.bib': '@misc{a, title = {A}}\n', 'b.bib': '@misc{b, title = {B}}\n', 'gone.md': '---\nbibliography: gone.bib\n---\n[@esteva2017]\n' };
    const folder = writeFiles(files);
    const applied: unknown[] = [];
    session = await start(folder, { settings: { zotero: { dataDirectory: zdir } }, onRequest: (m) => (m === 'workspace/applyEdit' ? (applied.push(m), { applied: true }) : undefined) });
    const s = session;
    s.open('loose.md', files['loose.md'], 'markdown');
    s.open('gone.md', files['gone.md'], 'markdown');
    await waitFor(async () => ((await s.request<{ zotero?: string }>('citelens/indexStatus', {})).zotero ?? '').includes('3 items'), 'the library read');
    const add = (doc: string) => s.request('workspace/executeCommand', { command: 'citelens.server.addFromZotero', arguments: [{ uri: s.uri(doc), key: 'esteva2017' }] });
    await expect(add('loose.md')).rejects.toThrow(/names no bibliography and the workspace has 2/);
    await expect(add('gone.md')).rejects.toThrow(/gone\.bib does not exist/);
    await expect(s.request('workspace/executeCommand', { command: 'citelens.server.addFromZotero', arguments: [{ uri: s.uri('loose.md') }] })).rejects.toThrow(/one argument/);
    expect(applied).toEqual([]);
    for (const name of ['a.bib', 'b.bib', 'loose.md', 'gone.md']) expect(readFileSync(join(folder, name), 'utf8')).toBe(files[name as keyof typeof files]);
  });

  it('without Zotero nothing changes, and the status says where it looked', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'citelens-nozotero-'));
    const folder = writeFiles({ 'paper.md': paper, 'refs.bib': '@article{known2020, title = {Known}, year = 2020}\n' });
    session = await start(folder, { settings: { zotero: { dataDirectory: 'off' } }, env: { HOME: empty } });
    const uri = session.uri('paper.md');
    session.open('paper.md', paper, 'markdown');
    const items = await session.request<{ items: Item[] }>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 2 } });
    expect(keyItems(items).map((i) => i.label)).toEqual(['known2020']);
    const status = await session.request<{ zotero?: string }>('citelens/indexStatus', {});
    expect(status.zotero).toMatch(/off/);
  });
});
