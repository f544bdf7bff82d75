// readZoteroLibrary(): the rows of a Zotero database turned into libraries of bibliography
// entries, collections and tags. Type, field and creator-type names are looked up through the
// database's own ID tables (they differ between databases made by different Zotero versions), and
// mapped to CSL through the csl section of Zotero's global schema (cslMap.json). Pure.
import type { BibEntry, BibFile } from '../../model/entry';
import { entryFromCsl, type CslItem } from '../bib/cslItem';
import cslMap from './cslMap.json';
import type { ItemReading, ZoteroCollection, ZoteroData, ZoteroLibrary, ZoteroRows } from '../../model/zotero';

/** Item types that are not works: they never become entries. */
const notWorks = new Set(['note', 'attachment', 'annotation']);

// Zotero type -> CSL type, Zotero (base) field -> CSL variable, from the schema's csl section,
// which maps the other way round. A field that feeds several variables (shortTitle) keeps the first.
const cslTypeOf = new Map<string, string>();
for (const [csl, zoteroTypes] of Object.entries(cslMap.types)) for (const z of zoteroTypes) if (!cslTypeOf.has(z)) cslTypeOf.set(z, csl);
const cslTextOf = new Map<string, string>();
for (const [csl, zoteroFields] of Object.entries(cslMap.text)) for (const z of zoteroFields) if (!cslTextOf.has(z)) cslTextOf.set(z, csl);
const cslDateOf = new Map<string, string>(Object.entries(cslMap.date).map(([csl, z]) => [z, csl]));
const cslNameOf = new Map<string, string>(Object.entries(cslMap.names));

/** Each reading's entry, kept while the reading lives: an unchanged item keeps its entry object. */
const entryOf = new WeakMap<ItemReading, BibEntry>();

/**
 * Reads every user and group library of a database; feeds and unknown library kinds are left out.
 * With `previous` (the last reading) and rows that cover only the items changed since (`rows.only`),
 * the other items keep the readings of `previous`, and with them their entries while their key and
 * library stay the same. Read in full with `previous`, every item whose reading did not change
 * keeps its previous reading and entry.
 */
export function readZoteroLibrary(rows: ZoteroRows, uri: string, previous?: ZoteroData): ZoteroData {
  const trashed = new Set(rows.deletedItems);
  const { bbt, bbtById } = betterBibtexMaps(rows.betterBibtex);
  const read = itemReadings(rows);
  const itemIds = sortedIds(rows.only?.allItems ?? rows.items.map((it) => it.itemID));
  // A full reading keeps the previous objects of the items that did not change, as a partial one does.
  const ordered = previous?.ordered ? merged(previous.ordered, read, rows.items, itemIds) : read;

  const libraries: ZoteroLibrary[] = [];
  for (const lib of rows.libraries) {
    if (lib.type !== 'user' && lib.type !== 'group') continue;
    const file = `${uri}#library=${lib.libraryID}`;
    const works = ordered.filter((r) => r.libraryID === lib.libraryID && !trashed.has(r.itemID));
    // The key each work has, and where it comes from; generated keys must not take one of these.
    const keys: string[] = new Array<string>(works.length);
    const sources: KeySource[] = new Array<KeySource>(works.length);
    const missing: number[] = [];
    for (let i = 0; i < works.length; i++) {
      const r = works[i]!;
      const fromBbt = bbt.size ? (bbt.get(`${r.libraryID}:${r.key}`) ?? bbtById.get(r.itemID)) : undefined;
      const key = r.fromField || fromBbt || r.fromExtra;
      sources[i] = r.fromField ? 'zotero' : fromBbt ? 'better-bibtex' : 'extra';
      if (key) keys[i] = key;
      else missing.push(i);
    }
    if (missing.length) {
      const taken = new Set<string>();
      for (const k of keys) if (k) taken.add(k);
      for (const i of missing) {
        const k = uniqueKey(madeKey(works[i]!.item), taken);
        taken.add(k);
        keys[i] = k;
        sources[i] = 'generated';
      }
    }
    const entries: BibEntry[] = [];
    // The first work with a key has it (the index's key map, made here once instead of again there).
    const byKey = new Map<string, BibEntry>();
    for (let i = 0; i < works.length; i++) {
      const reading = works[i]!;
      const k = keys[i]!;
      if (byKey.has(k)) continue;
      const old = entryOf.get(reading);
      let entry = old;
      if (!old || old.key !== k || old.file !== file) {
        // Tags are the writer's keywords: search and the automatic themes read them there.
        const tags = reading.tags.join(', ');
        entry = entryFromCsl({ ...reading.item, id: k, ...(tags ? { keyword: tags } : {}) }, k, file, 'csl-json', { start: 0, end: 0 }, { start: 0, end: 0 });
        entryOf.set(reading, entry);
      }
      entries.push(entry!);
      byKey.set(k, entry!);
    }
    const bib: BibFile = { file, format: 'csl-json', entries, strings: new Map(), errors: [], chunks: [''], byKey };
    libraries.push(library(lib, bib, { collections: rows.collections, deletedCollections: rows.deletedCollections }, works, keys, sources));
  }
  const incremental = rows.only ? (previous?.incremental ?? 0) + 1 : 0;
  return { uri, libraries, ordered, itemIds, incremental, itemsRead: rows.items.length, ...(rows.modified ? { modified: rows.modified } : {}), ...(rows.schema !== undefined ? { schema: rows.schema } : {}) };
}

type KeySource = 'zotero' | 'better-bibtex' | 'extra' | 'generated';

type BbtMaps = { bbt: Map<string, string>; bbtById: Map<number, string> };
const bbtMaps = new WeakMap<ZoteroRows['betterBibtex'], BbtMaps>();

/** Better BibTeX's keys by library and item key, and by item ID; made once per rows read (a reading that keeps the rows keeps them). */
function betterBibtexMaps(rows: ZoteroRows['betterBibtex']): BbtMaps {
  let maps = bbtMaps.get(rows);
  if (!maps) {
    maps = { bbt: new Map(rows.map((k) => [`${k.libraryID}:${k.itemKey}`, k.citationKey])), bbtById: new Map(rows.map((k) => [k.itemID, k.citationKey])) };
    bbtMaps.set(rows, maps);
  }
  return maps;
}

/** What the collection tree is made from (only this is kept for it, not every row read). */
type CollectionRows = Pick<ZoteroRows, 'collections' | 'deletedCollections'>;

/**
 * One library; its collections, tags and key sources are worked out when first asked for (the
 * sidebar asks, completion does not), once per reading.
 */
function library(lib: ZoteroRows['libraries'][number], file: BibFile, rows: CollectionRows, works: readonly ItemReading[], keys: readonly string[], sources: readonly KeySource[]): ZoteroLibrary {
  let collections: ZoteroCollection[] | undefined;
  let tags: { name: string; keys: string[] }[] | undefined;
  let keySources: Map<string, KeySource> | undefined;
  return {
    libraryID: lib.libraryID,
    kind: lib.type as 'user' | 'group',
    name: lib.type === 'user' ? 'My Library' : lib.name || `Group ${lib.libraryID}`,
    file,
    get collections() {
      return (collections ??= collectionTree(rows, lib.libraryID, works, keys));
    },
    get tags() {
      return (tags ??= tagList(works, keys));
    },
    get keySources() {
      if (!keySources) {
        keySources = new Map();
        for (let i = 0; i < works.length; i++) if (!keySources.has(keys[i]!)) keySources.set(keys[i]!, sources[i]!);
      }
      return keySources;
    },
  };
}

/** The readings of the work items among the rows' items, in item ID order. */
function itemReadings(rows: ZoteroRows): ItemReading[] {
  const typeName = new Map(rows.itemTypes.map((t) => [t.itemTypeID, t.typeName]));
  const fieldName = new Map(rows.fields.map((f) => [f.fieldID, f.fieldName]));
  const creatorType = new Map(rows.creatorTypes.map((c) => [c.creatorTypeID, c.creatorType]));
  // A type-specific field (bookTitle in a book section) stands for its base field (publicationTitle).
  const baseOf = new Map(rows.baseFieldMappings.map((m) => [`${m.itemTypeID}:${m.fieldID}`, m.baseFieldID]));
  const data = groupBy(rows.itemData, (d) => d.itemID);
  const creators = groupBy(rows.itemCreators, (c) => c.itemID);
  const tagsOf = groupBy(rows.itemTags, (t) => t.itemID);
  const collectionsOf = groupBy(rows.collectionItems, (c) => c.itemID);
  const out: ItemReading[] = [];
  for (const it of rows.items) {
    const type = typeName.get(it.itemTypeID) ?? 'document';
    if (notWorks.has(type)) continue;
    const values = new Map<string, string>();
    for (const d of data.get(it.itemID) ?? []) {
      const own = fieldName.get(d.fieldID);
      const base = baseOf.get(`${it.itemTypeID}:${d.fieldID}`);
      const name = (base !== undefined ? fieldName.get(base) : undefined) ?? own;
      if (name && d.value !== null && d.value !== undefined && String(d.value) !== '') values.set(name, String(d.value));
    }
    const fromField = values.get('citationKey')?.trim();
    const fromExtra = extraKey(values.get('extra'));
    out.push({
      itemID: it.itemID,
      libraryID: it.libraryID,
      key: it.key,
      item: cslItem(type, values, creators.get(it.itemID) ?? [], creatorType),
      ...(fromField ? { fromField } : {}),
      ...(fromExtra ? { fromExtra } : {}),
      // Tags and collections change only with a save of the item, so they are read with it.
      tags: (tagsOf.get(it.itemID) ?? []).map((t) => t.name),
      collections: (collectionsOf.get(it.itemID) ?? []).map((c) => c.collectionID),
    });
  }
  return out.sort((x, y) => x.itemID - y.itemID);
}

/**
 * The previous readings (in item ID order) less the items gone from the database (`present`,
 * every item ID in ascending order) and those read again (`again`), with the new readings merged in. A reading read again
 * that equals the previous one is the previous object, so its entry is kept.
 */
function merged(previous: readonly ItemReading[], read: readonly ItemReading[], again: readonly { itemID: number }[], present: Int32Array): ItemReading[] {
  const reread = new Set(again.map((it) => it.itemID));
  const before = new Map<number, ItemReading>();
  const out: ItemReading[] = [];
  let p = 0;
  let r = 0;
  for (const old of previous) {
    if (reread.has(old.itemID)) {
      before.set(old.itemID, old);
      continue;
    }
    while (p < present.length && present[p]! < old.itemID) p++;
    if (present[p] !== old.itemID) continue;
    while (r < read.length && read[r]!.itemID < old.itemID) out.push(read[r++]!);
    out.push(old);
  }
  while (r < read.length) out.push(read[r++]!);
  if (before.size) {
    for (let i = 0; i < out.length; i++) {
      const old = before.get(out[i]!.itemID);
      if (old && sameData(old, out[i]!)) out[i] = old;
    }
  }
  return out;
}

/** Equal plain data (objects, arrays, strings, numbers), keys in the same order: what JSON.stringify would tell, without the strings. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Item IDs in ascending order, as an array of 32-bit integers. */
function sortedIds(ids: readonly number[]): Int32Array {
  const out = Int32Array.from(ids);
  for (let i = 1; i < out.length; i++) if (out[i - 1]! > out[i]!) return out.sort();
  return out;
}

function cslItem(
  type: string,
  values: Map<string, string>,
  creators: ZoteroRows['itemCreators'],
  creatorType: Map<number, string>,
): CslItem {
  const item: CslItem = { id: '', type: cslTypeOf.get(type) ?? 'document' };
  for (const [name, value] of values) {
    const date = cslDateOf.get(name);
    if (date) {
      const parts = zoteroDate(value);
      if (parts) item[date] = parts;
      continue;
    }
    const csl = cslTextOf.get(name);
    if (!csl || item[csl] !== undefined) continue;
    item[csl] = csl === 'note' ? withoutKeyLines(value) : value;
    if (item[csl] === '') delete item[csl];
  }
  for (const c of [...creators].sort((a, b) => a.orderIndex - b.orderIndex)) {
    const role = cslNameOf.get(creatorType.get(c.creatorTypeID) ?? '') ?? 'author';
    // fieldMode 1 is a name in one field (an institution): it is stored in lastName.
    const name = c.fieldMode === 1 ? { literal: (c.lastName ?? '').trim() } : { family: (c.lastName ?? '').trim(), ...(c.firstName?.trim() ? { given: c.firstName.trim() } : {}) };
    if (!('literal' in name ? name.literal : name.family)) continue;
    const list = (item[role] as unknown[] | undefined) ?? [];
    list.push(name);
    item[role] = list;
  }
  return item;
}

/**
 * A Zotero date: `YYYY-MM-DD as-typed`, with 00 for the parts not known (`2020-00-00 2020`);
 * access dates are SQL timestamps (`2021-03-04 10:20:30`). Anything else is kept as typed.
 */
export function zoteroDate(value: string): { 'date-parts'?: number[][]; literal?: string } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (.*))?$/s.exec(value.trim());
  if (!m) return value.trim() ? { literal: value.trim() } : undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y === 0) return m[4]?.trim() && !/^\d{2}:\d{2}/.test(m[4]) ? { literal: m[4].trim() } : undefined;
  const parts = [y];
  if (mo > 0) {
    parts.push(mo);
    if (d > 0) parts.push(d);
  }
  return { 'date-parts': [parts] };
}

/** The key of a `Citation Key: x` line in Extra (Better BibTeX's and Zotero's convention; `bibtex: x` is the old form). */
export function extraKey(extra: string | undefined): string | undefined {
  if (!extra) return undefined;
  const m = /^\s*(?:citation key|bibtex)\s*:\s*(\S+)\s*$/im.exec(extra);
  return m?.[1];
}

function withoutKeyLines(extra: string): string {
  return extra
    .split(/\r?\n/)
    .filter((l) => !/^\s*(?:citation key|bibtex)\s*:/i.test(l))
    .join('\n')
    .trim();
}

const stopWords = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'to', 'with', 'from', 'at', 'by', 'is', 'are', 'der', 'die', 'das', 'le', 'la', 'les', 'el', 'un', 'une']);

/** `family` + year + first significant title word, in plain ASCII lower case (`smith2020deep`). */
function madeKey(item: CslItem): string {
  const names = (item.author ?? item.editor ?? []) as { family?: string; literal?: string }[];
  const first = names[0];
  const who = ascii(first?.family ?? first?.literal?.split(/\s+/)[0] ?? '');
  const issued = item.issued as { 'date-parts'?: number[][] } | undefined;
  const year = issued?.['date-parts']?.[0]?.[0];
  const word = (typeof item.title === 'string' ? item.title : '').split(/\s+/).map(ascii).find((w) => w && !stopWords.has(w)) ?? '';
  return `${who || 'anon'}${year ?? ''}${word}`;
}

function ascii(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

function uniqueKey(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 0; ; i++) {
    const candidate = base + suffix(i);
    if (!taken.has(candidate)) return candidate;
  }
}

/** a, b, ..., z, aa, ab ... */
function suffix(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : suffix(Math.floor(i / 26) - 1) + String.fromCharCode(97 + (i % 26));
}

/** The library's collections as a tree (collections in the trash, and what is under them, left out). */
function collectionTree(rows: CollectionRows, libraryID: number, works: readonly ItemReading[], keys: readonly string[]): ZoteroCollection[] {
  const gone = new Set(rows.deletedCollections);
  const mine = rows.collections.filter((c) => c.libraryID === libraryID && !gone.has(c.collectionID));
  const members = new Map<number, string[]>();
  for (let i = 0; i < works.length; i++) {
    const key = keys[i]!;
    for (const c of works[i]!.collections) {
      let list = members.get(c);
      if (!list) members.set(c, (list = []));
      list.push(key);
    }
  }
  const children = groupBy(mine, (c) => c.parentCollectionID ?? 0);
  const build = (parent: number, depth: number): ZoteroCollection[] =>
    depth > 64
      ? []
      : (children.get(parent) ?? [])
          .slice()
          .sort((a, b) => a.collectionName.localeCompare(b.collectionName))
          .map((c) => ({ name: c.collectionName, keys: unique(members.get(c.collectionID) ?? []), children: build(c.collectionID, depth + 1) }));
  return build(0, 0);
}

function tagList(works: readonly ItemReading[], keys: readonly string[]): { name: string; keys: string[] }[] {
  const byTag = new Map<string, string[]>();
  for (let i = 0; i < works.length; i++) {
    const key = keys[i]!;
    for (const name of works[i]!.tags) {
      let list = byTag.get(name);
      if (!list) byTag.set(name, (list = []));
      list.push(key);
    }
  }
  return [...byTag].map(([name, keys]) => ({ name, keys: unique(keys) })).sort((a, b) => a.name.localeCompare(b.name));
}

function groupBy<T, K>(list: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const x of list) {
    const k = key(x);
    let l = out.get(k);
    if (!l) out.set(k, (l = []));
    l.push(x);
  }
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
