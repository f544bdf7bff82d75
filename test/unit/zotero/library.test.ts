// The Zotero reader on databases built from Zotero's own schema (test/zotero/builder.ts): types,
// fields through base mappings, creators, dates, keys from all three places, collections, tags,
// the trash, notes and attachments, group and feed libraries, old IDs, and a real profile database.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLibrary } from '../../../server/src/zotero/source';
import { extraKey, zoteroDate } from '../../../server/src/core/syntax/zotero/library';
import type { ZoteroData, ZoteroLibrary } from '../../../server/src/core/model/zotero';
import { ZoteroBuilder } from '../../zotero/builder';
import { asWalMode, makeWal } from '../../zotero/wal';

async function read(dir: string): Promise<ZoteroData> {
  const r = await readLibrary(dir, 1, 0);
  if (!('data' in r)) throw new Error(r.problem);
  return r.data;
}

function entry(lib: ZoteroLibrary | undefined, key: string) {
  return lib?.file.entries.find((e) => e.key === key);
}

async function sample(options: Parameters<typeof ZoteroBuilder.create>[0] = {}) {
  const z = await ZoteroBuilder.create(options);
  const methods = z.addCollection('Methods');
  const deep = z.addCollection('Deep learning', methods);
  const gone = z.addCollection('Old stuff');
  z.trashCollection(gone);
  const article = z.addItem({
    type: 'journalArticle',
    fields: { title: 'Dermatologist-level classification of skin cancer', publicationTitle: 'Nature', volume: '542', pages: '115-118', date: '2017-02-00 February 2017', DOI: '10.1038/nature21056', extra: 'Citation Key: esteva2017\nPMID: 28117445' },
    creators: [{ lastName: 'Esteva', firstName: 'Andre' }, { lastName: 'Kuprel', firstName: 'Brett' }, { name: 'Stanford AI Lab' }],
    tags: ['dermatology', 'cnn'],
    collections: [deep],
  });
  const chapter = z.addItem({
    type: 'bookSection',
    // publicationTitle is the base field of bookTitle in a book section.
    fields: { title: 'Interpretability', publicationTitle: 'Handbook of Medical AI', publisher: 'Springer', date: '2020-00-00 2020' },
    creators: [{ lastName: 'Doe', firstName: 'Jane' }, { lastName: 'Roe', firstName: 'Rick', type: 'editor' }],
    collections: [methods, gone],
  });
  const thesis = z.addItem({ type: 'thesis', fields: { title: 'On bias', university: 'MIT', date: '2019-05-14 14 May 2019', citationKey: 'smith2019bias' }, creators: [{ lastName: 'Smith', firstName: 'Ann' }] });
  const trashed = z.addItem({ type: 'journalArticle', fields: { title: 'Retracted thing', extra: 'Citation Key: retracted2020' } });
  z.trash(trashed);
  const nokey = z.addItem({ type: 'book', fields: { title: 'The Elements of Statistical Learning', date: '2009-00-00 2009' }, creators: [{ lastName: 'Hastie', firstName: 'Trevor' }] });
  const pdf = z.addAttachment(article, 'Full text PDF');
  z.addAnnotation(pdf, 'highlighted');
  z.addNote(article, '<p>Read again</p>');
  const group = z.addGroup('Lab group');
  z.addItem({ type: 'report', fields: { title: 'Group report', institution: 'WHO', date: '2021-00-00 2021', extra: 'Citation Key: who2021' }, libraryID: group });
  const feed = z.addFeed('arXiv cs.LG');
  z.addItem({ type: 'preprint', fields: { title: 'Feed item', extra: 'Citation Key: feeditem' }, libraryID: feed });
  return { z, ids: { article, chapter, thesis, trashed, nokey } };
}

describe('Zotero library reader', () => {
  it('maps items, creators, dates, keys, collections and tags, and leaves out the trash, notes, attachments and feeds', async () => {
    const { z, ids } = await sample();
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    z.writeTo(dir, [{ itemID: ids.chapter, itemKey: z.itemKey(ids.chapter), libraryID: 1, citationKey: 'doe2020interp' }]);
    const data = await read(dir);
    expect(data.libraries.map((l) => [l.kind, l.name])).toEqual([
      ['user', 'My Library'],
      ['group', 'Lab group'],
    ]);
    const [mine, group] = data.libraries;
    expect(mine?.file.entries.map((e) => e.key).sort()).toEqual(['doe2020interp', 'esteva2017', 'hastie2009elements', 'smith2019bias']);
    const a = entry(mine, 'esteva2017');
    expect(a?.type).toBe('article');
    expect(a?.csl).toMatchObject({
      type: 'article-journal',
      title: 'Dermatologist-level classification of skin cancer',
      'container-title': 'Nature',
      volume: '542',
      page: '115-118',
      DOI: '10.1038/nature21056',
      issued: { 'date-parts': [[2017, 2]] },
      author: [{ family: 'Esteva', given: 'Andre' }, { family: 'Kuprel', given: 'Brett' }, { literal: 'Stanford AI Lab' }],
      note: 'PMID: 28117445',
      keyword: 'dermatology, cnn',
    });
    const c = entry(mine, 'doe2020interp');
    expect(c?.csl).toMatchObject({ type: 'chapter', 'container-title': 'Handbook of Medical AI', publisher: 'Springer', issued: { 'date-parts': [[2020]] }, editor: [{ family: 'Roe', given: 'Rick' }] });
    expect(entry(mine, 'smith2019bias')?.csl).toMatchObject({ type: 'thesis', publisher: 'MIT', issued: { 'date-parts': [[2019, 5, 14]] } });
    expect(mine?.keySources.get('smith2019bias')).toBe('zotero');
    expect(mine?.keySources.get('doe2020interp')).toBe('better-bibtex');
    expect(mine?.keySources.get('esteva2017')).toBe('extra');
    expect(mine?.keySources.get('hastie2009elements')).toBe('generated');
    expect(mine?.collections).toEqual([{ name: 'Methods', keys: ['doe2020interp'], children: [{ name: 'Deep learning', keys: ['esteva2017'], children: [] }] }]);
    expect(mine?.tags).toEqual([
      { name: 'cnn', keys: ['esteva2017'] },
      { name: 'dermatology', keys: ['esteva2017'] },
    ]);
    expect(group?.file.entries.map((e) => e.key)).toEqual(['who2021']);
    expect(entry(group, 'who2021')?.csl).toMatchObject({ type: 'report', publisher: 'WHO' });
  });

  it('reads a database whose type and field IDs differ (an old Zotero) the same way', async () => {
    const fresh = await sample();
    const old = await sample({ legacy: { itemTypes: ['note', 'thesis', 'bookSection', 'book', 'journalArticle'], fields: ['date', 'title', 'university', 'publicationTitle', 'extra', 'publisher'], creatorTypes: ['editor', 'author'], firstId: 40 } });
    expect(old.z.typeId('journalArticle')).not.toBe(fresh.z.typeId('journalArticle'));
    expect(old.z.fieldId('title')).not.toBe(fresh.z.fieldId('title'));
    const [d1, d2] = [mkdtempSync(join(tmpdir(), 'zotero-')), mkdtempSync(join(tmpdir(), 'zotero-'))];
    fresh.z.writeTo(d1);
    old.z.writeTo(d2);
    const strip = (d: ZoteroData) => d.libraries.map((l) => l.file.entries.map((e) => e.csl));
    expect(strip(await read(d2))).toEqual(strip(await read(d1)));
  });

  it('reads writes still in the write-ahead log, up to its last whole commit', async () => {
    const { z } = await sample();
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    const base = z.bytes();
    z.addItem({ type: 'book', fields: { title: 'Logged book', extra: 'Citation Key: logged2024' } });
    const first = z.bytes();
    z.addItem({ type: 'book', fields: { title: 'Torn book', extra: 'Citation Key: torn2024' } });
    const wal = makeWal(base, [first, z.bytes()]);
    // The second transaction's last frame is torn: its checksum fails, so that transaction never happened.
    wal[wal.length - 10] = (wal[wal.length - 10]! + 1) % 256;
    writeFileSync(join(dir, 'zotero.sqlite'), asWalMode(base));
    writeFileSync(join(dir, 'zotero.sqlite-wal'), wal);
    const keys = (await read(dir)).libraries[0]?.file.entries.map((e) => e.key);
    expect(keys).toContain('logged2024');
    expect(keys).not.toContain('torn2024');
    expect(keys).toContain('esteva2017');
  });

  it('refuses a torn or foreign copy', async () => {
    const { z } = await sample();
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    writeFileSync(join(dir, 'zotero.sqlite'), z.bytes().subarray(0, 3000));
    const torn = await readLibrary(dir, 2, 0);
    expect('problem' in torn && torn.problem).toMatch(/half-written/);
    // Same length, garbage in the middle (pages rewritten while the copy was taken): SQLite says malformed.
    const garbled = z.bytes();
    for (let i = 4096; i < garbled.length - 4096; i += 1) garbled[i] = (i * 7919) % 251;
    writeFileSync(join(dir, 'zotero.sqlite'), garbled);
    const bad = await readLibrary(dir, 1, 0);
    expect('problem' in bad && bad.problem).toMatch(/malformed|not a database|corrupt/);
    writeFileSync(join(dir, 'zotero.sqlite'), Buffer.from('SQLite format 2\0'.padEnd(200, 'x')));
    expect('problem' in (await readLibrary(dir, 1, 0))).toBe(true);
  });

  it('reads a real Zotero database from a Better BibTeX test profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    writeFileSync(join(dir, 'zotero.sqlite'), readFileSync(resolve(__dirname, '../../fixtures/zotero/bbt-test-profile.sqlite')));
    const data = await read(dir);
    const mine = data.libraries[0];
    expect(mine?.kind).toBe('user');
    expect(mine?.file.entries.length).toBe(49);
    expect(entry(mine, 'shelah1969')?.csl).toMatchObject({ type: 'article-journal', title: 'Stable theories', 'container-title': 'Israel Journal of Mathematics', author: [{ family: 'Shelah', given: 'Saharon' }] });
    // Whatever it holds, every work has a key, a CSL type and no note or attachment among them.
    for (const e of mine?.file.entries ?? []) {
      expect(e.key).toMatch(/\S/);
      expect(e.csl?.type).toMatch(/\S/);
    }
  });

  it('a reading of the items changed since the previous one equals a full reading, and keeps unchanged entries', async () => {
    const { z, ids } = await sample();
    // A library made yesterday; what the transaction below saves gets today's time, as in Zotero.
    z.run("UPDATE items SET clientDateModified = datetime('now', '-2 day')");
    z.run("UPDATE items SET clientDateModified = datetime('now', '-1 day') WHERE itemID = ?", [ids.article]);
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    z.writeTo(dir);
    const first = await read(dir);
    const unchanged = first.libraries[0]?.file.entries.find((e) => e.key === 'smith2019bias');
    z.transaction(() => {
      z.addItem({ type: 'book', fields: { title: 'Added later', extra: 'Citation Key: later2025' } });
      z.setField(ids.article, 'title', 'A new title');
      z.trash(ids.chapter);
      z.tag(ids.nokey, 'statistics');
      z.erase(ids.trashed);
    });
    z.writeTo(dir);
    const r = await readLibrary(dir, 1, 0, first);
    if (!('data' in r)) throw new Error(r.problem);
    expect(r.data.incremental).toBe(1);
    const full = await read(dir);
    const strip = (d: ZoteroData) => d.libraries.map((l) => [l.file.entries.map((e) => [e.key, e.csl]), l.collections, l.tags]);
    expect(strip(r.data)).toEqual(strip(full));
    expect(r.data.libraries[0]?.file.entries.map((e) => e.key)).toContain('later2025');
    expect(entry(r.data.libraries[0], 'esteva2017')?.csl?.title).toBe('A new title');
    expect(entry(r.data.libraries[0], 'hastie2009elements')?.csl?.keyword).toBe('statistics');
    expect(r.data.libraries[0]?.file.entries.find((e) => e.key === 'smith2019bias')).toBe(unchanged);
  });

  it('reads the Better BibTeX 8 layout: the key in Zotero’s citationKey field wins over a leftover better-bibtex.sqlite and Extra', async () => {
    const z = await ZoteroBuilder.create();
    const a = z.addItem({ type: 'journalArticle', fields: { title: 'Migrated', citationKey: 'migrated2024', extra: 'Citation Key: oldextra2024' } });
    const b = z.addItem({ type: 'journalArticle', fields: { title: 'Only in the old table' } });
    const dir = mkdtempSync(join(tmpdir(), 'zotero-'));
    z.writeTo(dir, [
      { itemID: a, itemKey: z.itemKey(a), libraryID: 1, citationKey: 'oldbbt2024', pinned: true },
      { itemID: b, itemKey: z.itemKey(b), libraryID: 1, citationKey: 'onlybbt2024' },
    ]);
    const lib = (await read(dir)).libraries[0];
    expect(lib?.file.entries.map((e) => e.key)).toEqual(['migrated2024', 'onlybbt2024']);
    expect([...(lib?.keySources ?? [])]).toEqual([
      ['migrated2024', 'zotero'],
      ['onlybbt2024', 'better-bibtex'],
    ]);
  });

  it('parses Zotero dates and Extra keys', () => {
    expect(zoteroDate('2020-00-00 2020')).toEqual({ 'date-parts': [[2020]] });
    expect(zoteroDate('2020-03-00 March 2020')).toEqual({ 'date-parts': [[2020, 3]] });
    expect(zoteroDate('0000-00-00 Spring term')).toEqual({ literal: 'Spring term' });
    expect(zoteroDate('2021-03-04 10:20:30')).toEqual({ 'date-parts': [[2021, 3, 4]] });
    expect(zoteroDate('circa 1900')).toEqual({ literal: 'circa 1900' });
    expect(extraKey('tex.x: y\ncitation key:  abc2020 \n')).toBe('abc2020');
    expect(extraKey('bibtex: old2001')).toBe('old2001');
    expect(extraKey('Citation Keys: no')).toBeUndefined();
  });
});
