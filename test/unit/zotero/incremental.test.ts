// The re-read of what changed equals a full read, after any sequence of Zotero's own writes: random
// transactions (add, add by a sync, retitle, trash, restore, erase, collections, tags, creators, keys in the
// citationKey field, in Extra and in Better BibTeX's database), each written as Zotero writes it,
// and after each one the library read from the previous reading compared with one read afresh.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLibrary } from '../../../server/src/zotero/source';
import type { ZoteroData } from '../../../server/src/core/model/zotero';
import { ZoteroBuilder, type BbtKey } from '../../zotero/builder';

const titles = ['Deep learning for skin cancer', 'On bias', 'The elements of statistical learning', 'Deep learning', 'A unified approach'];
const families = ['Smith', 'Esteva', 'Hastie', 'Müller'];
const keys = ['smith2020deep', 'esteva2017', 'k1', 'k2', 'hastie2009elements'];
const tagNames = ['cnn', 'bias', 'to read'];

type Op =
  | { op: 'add'; library: number; via: 'extra' | 'field' | 'bbt' | 'none'; title: number; family: number; key: number; tag: number; collection: number; synced: boolean }
  | { op: 'retitle' | 'trash' | 'restore' | 'erase' | 'clearField'; pick: number; title: number }
  | { op: 'toCollection' | 'fromCollection'; pick: number; collection: number }
  | { op: 'tag' | 'untag'; pick: number; tag: number }
  | { op: 'creators'; pick: number; family: number; family2: number }
  | { op: 'keyField' | 'keyExtra' | 'keyBbt'; pick: number; key: number }
  | { op: 'renameCollection' | 'trashCollection' | 'addCollection'; collection: number; title: number }
  | { op: 'time passes' };

const n = fc.nat(20);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), library: fc.nat(1), via: fc.constantFrom('extra' as const, 'field' as const, 'bbt' as const, 'none' as const), title: n, family: n, key: n, tag: n, collection: n, synced: fc.boolean() }),
  fc.record({ op: fc.constantFrom('retitle' as const, 'trash' as const, 'restore' as const, 'erase' as const, 'clearField' as const), pick: n, title: n }),
  fc.record({ op: fc.constantFrom('toCollection' as const, 'fromCollection' as const), pick: n, collection: n }),
  fc.record({ op: fc.constantFrom('tag' as const, 'untag' as const), pick: n, tag: n }),
  fc.record({ op: fc.constant('creators' as const), pick: n, family: n, family2: n }),
  fc.record({ op: fc.constantFrom('keyField' as const, 'keyExtra' as const, 'keyBbt' as const), pick: n, key: n }),
  fc.record({ op: fc.constantFrom('renameCollection' as const, 'trashCollection' as const, 'addCollection' as const), collection: n, title: n }),
  fc.constant({ op: 'time passes' as const }),
);

const at = <T,>(list: readonly T[], i: number): T => list[i % list.length]!;

/** Everything a feature can see of a reading. */
const seen = (d: ZoteroData) =>
  d.libraries.map((l) => ({ id: l.libraryID, kind: l.kind, name: l.name, entries: l.file.entries.map((e) => [e.key, e.file, e.type, e.csl]), collections: l.collections, tags: l.tags, keySources: [...l.keySources] }));

async function read(dir: string, previous?: ZoteroData): Promise<ZoteroData> {
  const r = await readLibrary(dir, 1, 0, previous);
  if (!('data' in r)) throw new Error(r.problem);
  return r.data;
}

/** A small library made a day ago: two libraries, collections, tags, keys from every place, and an item without a key. */
async function library() {
  const z = await ZoteroBuilder.create();
  const group = z.addGroup('Lab group');
  const collections = [z.addCollection('Methods'), z.addCollection('Reading list')];
  collections.push(z.addCollection('Deep', collections[0]!));
  const bbt: BbtKey[] = [];
  const items: number[] = [];
  for (let i = 0; i < 12; i++) {
    const library = i % 4 === 3 ? group : 1;
    const fields: Record<string, string> = { title: at(titles, i), date: `${2000 + (i % 5)}-00-00 ${2000 + (i % 5)}` };
    if (i % 3 === 0) fields.extra = `Citation Key: start${i}`;
    if (i % 3 === 1) fields.citationKey = `field${i}`;
    const id = z.addItem({ type: i % 2 ? 'journalArticle' : 'book', fields, creators: [{ lastName: at(families, i), firstName: 'Ann' }], tags: [at(tagNames, i)], collections: library === 1 ? [at(collections, i)] : [], libraryID: library });
    if (i % 6 === 2) bbt.push({ itemID: id, itemKey: z.itemKey(id), libraryID: library, citationKey: `bbt${i}` });
    items.push(id);
  }
  z.run("UPDATE items SET clientDateModified = datetime('now', '-1 day'), dateModified = datetime('now', '-1 day')");
  return { z, group, collections, bbt, items };
}

/** library() written to a data directory of its own, and its first reading. */
async function written() {
  const lib = await library();
  const dir = mkdtempSync(join(tmpdir(), 'zotero-inc-'));
  lib.z.writeTo(dir, lib.bbt);
  return { lib, dir, first: await read(dir) };
}

/** One Zotero transaction (or the clock moving on, which makes what was saved so far old). */
function apply(lib: Awaited<ReturnType<typeof library>>, o: Op): void {
  const { z, collections, items } = lib;
  const live = () => items.filter((id) => z.rows('SELECT 1 FROM items WHERE itemID = ?', [id]).length > 0);
  if (o.op === 'time passes') {
    z.run("UPDATE items SET clientDateModified = datetime('now', '-1 day')");
    return;
  }
  z.transaction(() => {
    const alive = live();
    const item = 'pick' in o && alive.length ? at(alive, o.pick) : undefined;
    switch (o.op) {
      case 'add': {
        const fields: Record<string, string> = { title: at(titles, o.title), date: '2020-00-00 2020' };
        if (o.via === 'extra') fields.extra = `Citation Key: ${at(keys, o.key)}`;
        if (o.via === 'field') fields.citationKey = at(keys, o.key);
        const libraryID = o.library ? lib.group : 1;
        const id = z.addItem({ type: 'journalArticle', fields, creators: [{ lastName: at(families, o.family), firstName: 'Bo' }], tags: [at(tagNames, o.tag)], collections: libraryID === 1 ? [at(collections, o.collection)] : [], libraryID });
        // An item a sync brings keeps the time it was changed elsewhere, older than the last read.
        if (o.synced) z.run("UPDATE items SET clientDateModified = datetime('now', '-3 day') WHERE itemID = ?", [id]);
        if (o.via === 'bbt') lib.bbt.push({ itemID: id, itemKey: z.itemKey(id), libraryID, citationKey: at(keys, o.key) });
        items.push(id);
        break;
      }
      case 'retitle':
        if (item !== undefined) z.setField(item, 'title', `${at(titles, o.title)} (revised)`);
        break;
      case 'clearField':
        if (item !== undefined) z.clearField(item, 'title');
        break;
      case 'trash':
        if (item !== undefined && !z.rows('SELECT 1 FROM deletedItems WHERE itemID = ?', [item]).length) z.trash(item);
        break;
      case 'restore':
        if (item !== undefined) z.restore(item);
        break;
      case 'erase':
        if (item !== undefined) {
          z.erase(item);
          // Better BibTeX drops the key of an item that is gone.
          lib.bbt = lib.bbt.filter((k) => k.itemID !== item);
        }
        break;
      case 'toCollection':
        // Zotero's triggers refuse a collection of another library.
        if (item !== undefined && z.rows('SELECT libraryID FROM items WHERE itemID = ?', [item])[0]?.[0] === 1) z.addToCollection(at(collections, o.collection), item);
        break;
      case 'fromCollection':
        if (item !== undefined) z.removeFromCollection(at(collections, o.collection), item);
        break;
      case 'tag':
        if (item !== undefined) z.tag(item, at(tagNames, o.tag));
        break;
      case 'untag':
        if (item !== undefined) z.untag(item, at(tagNames, o.tag));
        break;
      case 'creators':
        if (item !== undefined) z.setCreators(item, [{ lastName: at(families, o.family), firstName: 'Cy' }, { lastName: at(families, o.family2), firstName: 'Di' }]);
        break;
      case 'keyField':
        if (item !== undefined) z.setField(item, 'citationKey', at(keys, o.key));
        break;
      case 'keyExtra':
        if (item !== undefined) z.setField(item, 'extra', `Citation Key: ${at(keys, o.key)}\nPMID: 1`);
        break;
      case 'keyBbt':
        // Better BibTeX writes its own database; Zotero's item is not saved.
        if (item !== undefined) {
          const libraryID = Number(z.rows('SELECT libraryID FROM items WHERE itemID = ?', [item])[0]?.[0]);
          lib.bbt = [...lib.bbt.filter((k) => k.itemID !== item), { itemID: item, itemKey: z.itemKey(item), libraryID, citationKey: at(keys, o.key) }];
        }
        break;
      case 'renameCollection':
        z.renameCollection(at(collections, o.collection), at(titles, o.title));
        break;
      case 'trashCollection':
        if (!z.rows('SELECT 1 FROM deletedCollections WHERE collectionID = ?', [at(collections, o.collection)]).length) z.trashCollection(at(collections, o.collection));
        break;
      case 'addCollection':
        collections.push(z.addCollection(at(titles, o.title), o.collection % 2 ? at(collections, o.collection) : null));
        break;
    }
  });
}

describe('Zotero re-read of what changed', () => {
  it('equals a full read after every transaction of a random sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const lib = await library();
        const dir = mkdtempSync(join(tmpdir(), 'zotero-inc-'));
        lib.z.writeTo(dir, lib.bbt);
        let previous = await read(dir);
        for (const o of ops) {
          apply(lib, o);
          lib.z.writeTo(dir, lib.bbt);
          const incremental = await read(dir, previous);
          expect(incremental.incremental).toBeGreaterThan(0);
          expect(seen(incremental)).toEqual(seen(await read(dir)));
          previous = incremental;
        }
      }),
      { numRuns: 20 },
    );
  }, 240_000);

  it('reads everything again after Zotero upgraded its schema', async () => {
    const lib = await library();
    const dir = mkdtempSync(join(tmpdir(), 'zotero-inc-'));
    lib.z.run("INSERT OR REPLACE INTO version VALUES ('userdata', 120)");
    lib.z.writeTo(dir, lib.bbt);
    const first = await read(dir);
    lib.z.run("INSERT OR REPLACE INTO version VALUES ('userdata', 121)");
    lib.z.writeTo(dir, lib.bbt);
    const next = await read(dir, first);
    expect(next.incremental).toBe(0);
    expect(seen(next)).toEqual(seen(first));
  });

  it('keeps the entry objects of the items a write did not touch', async () => {
    const { lib, dir, first } = await written();
    apply(lib, { op: 'retitle', pick: 0, title: 1 });
    lib.z.writeTo(dir, lib.bbt);
    const next = await read(dir, first);
    const [before, after] = [first.libraries[0]!.file.entries, next.libraries[0]!.file.entries];
    expect(after.length).toBe(before.length);
    expect(after.filter((e, i) => e !== before[i]).map((e) => e.key)).toEqual([before[0]!.key]);
  });

  it('reads no item again once the newest save is a minute older than the copy, however many share its second', async () => {
    // Every item of library() was saved in the same second a day ago, as after a bulk import.
    const { lib, dir, first } = await written();
    expect(first.itemsRead).toBe(12);
    const next = await read(dir, first);
    expect(next.incremental).toBe(1);
    expect(next.itemsRead).toBe(0);
    apply(lib, { op: 'retitle', pick: 3, title: 2 });
    lib.z.writeTo(dir, lib.bbt);
    const after = await read(dir, next);
    expect(after.itemsRead).toBe(1);
    expect(seen(after)).toEqual(seen(await read(dir)));
  });

  it('reads the items of the newest second again while that second is recent', async () => {
    const lib = await library();
    lib.z.run("UPDATE items SET clientDateModified = datetime('now')");
    const dir = mkdtempSync(join(tmpdir(), 'zotero-inc-'));
    lib.z.writeTo(dir, lib.bbt);
    const first = await read(dir);
    // A save in the same second, committed after the copy, would have this stamp too.
    const next = await read(dir, first);
    expect(next.itemsRead).toBe(12);
  });

  it('keeps the entry objects of unchanged items across the full reading that comes every so often', async () => {
    const { lib, dir, first } = await written();
    apply(lib, { op: 'retitle', pick: 0, title: 1 });
    lib.z.writeTo(dir, lib.bbt);
    const next = await read(dir, { ...first, incremental: 1000 });
    expect(next.incremental).toBe(0);
    expect(next.itemsRead).toBeGreaterThanOrEqual(12);
    const [before, after] = [first.libraries[0]!.file.entries, next.libraries[0]!.file.entries];
    expect(after.filter((e, i) => e !== before[i]).map((e) => e.key)).toEqual([before[0]!.key]);
    expect(seen(next)).toEqual(seen(await read(dir)));
  });

  it('keeps Better BibTeX’s rows while its database is untouched, and reads them again when it changes', async () => {
    const { lib, dir, first } = await written();
    expect(first.betterBibtex?.rows.length).toBeGreaterThan(0);
    // A Zotero write that leaves better-bibtex.sqlite alone.
    apply(lib, { op: 'retitle', pick: 1, title: 3 });
    lib.z.writeTo(dir);
    const next = await read(dir, first);
    expect(next.betterBibtex?.rows).toBe(first.betterBibtex?.rows);
    expect(seen(next)).toEqual(seen(await read(dir)));
    // A key changed in Better BibTeX's database is read.
    apply(lib, { op: 'keyBbt', pick: 0, key: 4 });
    lib.z.writeTo(dir, lib.bbt);
    const after = await read(dir, next);
    expect(after.betterBibtex?.rows).not.toBe(first.betterBibtex?.rows);
    expect(seen(after)).toEqual(seen(await read(dir)));
  });
});
