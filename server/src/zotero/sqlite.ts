// Reads the rows the Zotero mapping needs from the bytes of zotero.sqlite (and better-bibtex.sqlite)
// with sql.js, SQLite compiled to WebAssembly: no native module, works offline, and later in a
// browser. The database is opened from a copy of its bytes in memory, so the file is never
// locked, written or kept open. Tables that older Zotero versions lack read as empty.
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js/dist/sql-wasm.js';
import type { ZoteroRows } from '../core/model/zotero';

let engine: Promise<SqlJsStatic> | undefined;

/** Loads the WebAssembly engine once per process, from the wasm bytes the host read. */
export function sqlEngine(wasm: () => Promise<Uint8Array>): Promise<SqlJsStatic> {
  engine ??= wasm().then((bytes) => initSqlJs({ wasmBinary: bytes }));
  // A failed load may be retried on the next read.
  engine.catch(() => (engine = undefined));
  return engine;
}

/** True when the bytes start like an SQLite database file. */
export function looksLikeSqlite(bytes: Uint8Array): boolean {
  const magic = 'SQLite format 3\0';
  if (bytes.length < 100) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic.charCodeAt(i)) return false;
  return true;
}

/**
 * The page count the header records, when the header says it is current (it is, for every file
 * written by SQLite 3.7 or later): a copy shorter than that was caught half-written.
 */
function headerPages(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const changeCounter = view.getUint32(24);
  const validFor = view.getUint32(92);
  const pages = view.getUint32(28);
  return changeCounter === validFor && pages > 0 ? pages : undefined;
}

/**
 * Opens a copy, checks it is whole (a copy taken while Zotero was writing can be torn: too short
 * for its header's page count, or pages SQLite finds malformed while reading) and runs `read` on
 * it; throws with the reason when the copy is not a sound database. A full integrity check would
 * cost 2 s on a 100k-item library, so a torn page is caught by the queries themselves.
 */
export function withDatabase<T>(sql: SqlJsStatic, bytes: Uint8Array, read: (db: Database) => T): T {
  if (!looksLikeSqlite(bytes)) throw new Error('it is not an SQLite database (or was caught half-written)');
  const pageSize = ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0);
  const pages = headerPages(bytes);
  if (pages !== undefined && pages * (pageSize === 1 ? 65536 : pageSize) > bytes.length) throw new Error('the copy is shorter than its header says (caught half-written)');
  const db = new sql.Database(bytes);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function tables(db: Database): Set<string> {
  return new Set((db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) => String(r[0])));
}

/** Every row of a query, as arrays (much cheaper than objects at a million rows). */
function all(db: Database, sql: string): unknown[][] {
  const stmt = db.prepare(sql);
  const out: unknown[][] = [];
  try {
    while (stmt.step()) out.push(stmt.get());
  } finally {
    stmt.free();
  }
  return out;
}

const num = (v: unknown): number => Number(v);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** What the previous reading saw, so that only items changed since are read again. */
export interface Since {
  /** The newest clientDateModified of the previous reading. */
  modified: string;
  /** The item IDs the previous reading has, in ascending order. */
  known: Int32Array;
  /** The schema versions the previous reading saw; after an upgrade everything is read again. */
  schema: string;
  /**
   * The previous reading was copied long after its newest save, so no save of that second can
   * still have been on its way to the file: only later saves are read. Otherwise the items of
   * that second are read again too (clientDateModified counts whole seconds), which after a bulk
   * import is every item imported.
   */
  settled?: boolean;
}

/** The IDs a group_concat() lists (one string crosses from SQLite, not a row per ID). */
function idList(text: unknown): number[] {
  return typeof text === 'string' && text ? text.split(',').map(Number) : typeof text === 'number' ? [text] : [];
}

/** The IDs in ascending order (a table scan gives them so; sorted only when it did not). */
function ascending(ids: number[]): number[] {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return ids.sort((a, b) => a - b);
  return ids;
}

/** Rows of `sql` for the item IDs, in chunks that stay under SQLite's limits. */
function forItems(db: Database, ids: readonly number[], sql: (list: string) => string): unknown[][] {
  const out: unknown[][] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...all(db, sql(ids.slice(i, i + 500).map((n) => String(Math.trunc(n))).join(','))));
  return out;
}

/**
 * The rows of a Zotero database (`zotero.sqlite`), through its own type and field tables. With
 * `since`, only items Zotero saved since (every save sets clientDateModified, trashing and moving
 * to a collection included) and items not seen before are read in full; a second of overlap
 * covers writes within the second the previous reading saw last.
 */
export function zoteroRows(db: Database, since?: Since): Omit<ZoteroRows, 'betterBibtex'> {
  const have = tables(db);
  const pick = (combined: string, plain: string) => (have.has(combined) && all(db, `SELECT 1 FROM ${combined} LIMIT 1`).length ? combined : plain);
  const types = pick('itemTypesCombined', 'itemTypes');
  const fields = pick('fieldsCombined', 'fields');
  const base = pick('baseFieldMappingsCombined', 'baseFieldMappings');
  const q = (table: string, sql: string) => (have.has(table) ? all(db, sql) : []);
  const modifiedColumn = have.has('items') && all(db, "SELECT 1 FROM pragma_table_info('items') WHERE name = 'clientDateModified'").length > 0;
  let itemRows: unknown[][];
  let data: unknown[][];
  let creators: unknown[][];
  let only: ZoteroRows['only'];
  let memberships: unknown[][];
  let tagRows: unknown[][];
  let latest: string | undefined;
  const memberSql = (where: string) => `SELECT collectionID, itemID FROM collectionItems${where}`;
  const tagSql = (where: string) => `SELECT it.itemID, t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID${where}`;
  const itemSql = `SELECT itemID, itemTypeID, libraryID, key, ${modifiedColumn ? 'clientDateModified' : "''"} FROM items`;
  const dataSql = (where: string) => `SELECT d.itemID, d.fieldID, v.value FROM itemData d JOIN itemDataValues v ON v.valueID = d.valueID${where}`;
  const creatorSql = (where: string) => `SELECT ic.itemID, ic.creatorTypeID, ic.orderIndex, c.firstName, c.lastName, c.fieldMode FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID${where}`;
  // The version table: Zotero's schema upgrades (which may renumber types and fields) change it.
  const schema = q('version', 'SELECT schema, version FROM version ORDER BY schema').map((r) => `${str(r[0])}=${str(r[1])}`).join(',');
  if (since && modifiedColumn && since.modified && since.schema === schema) {
    // One pass over the items table: every ID, the newest save, and the items saved since.
    const last = `'${since.modified.replace(/'/g, "''")}'`;
    const newer = since.settled ? `clientDateModified > ${last}` : `clientDateModified >= datetime(${last}, '-1 second')`;
    const [everyId, newest, savedSince] = all(db, `SELECT group_concat(itemID), MAX(clientDateModified), group_concat(CASE WHEN ${newer} THEN itemID END) FROM items`)[0] ?? [];
    const allItems = ascending(idList(everyId));
    const changed = new Set(idList(savedSince));
    latest = str(newest);
    // New IDs: both lists are in ascending order.
    for (let i = 0, k = 0; i < allItems.length; i++) {
      const id = allItems[i]!;
      while (k < since.known.length && since.known[k]! < id) k++;
      if (since.known[k] !== id) changed.add(id);
    }
    const ids = [...changed];
    // Many items saved at once (an import, a sync): one pass over the tables beats lookups by ID.
    const sweep = ids.length > allItems.length / 4;
    const where = (column: string) => (list: string) => ` WHERE ${column} IN (${list})`;
    // `at` is the position of the item ID in the query's rows.
    const changedRows = (table: string, sqlOf: (w: string) => string, column: string, at: number) =>
      !have.has(table) ? [] : sweep ? all(db, sqlOf('')).filter((r) => changed.has(num(r[at]))) : forItems(db, ids, (list) => sqlOf(where(column)(list)));
    itemRows = changedRows('items', (w) => `${itemSql}${w}`, 'itemID', 0);
    data = changedRows('itemData', dataSql, 'd.itemID', 0);
    creators = changedRows('itemCreators', creatorSql, 'ic.itemID', 0);
    memberships = changedRows('collectionItems', memberSql, 'itemID', 1);
    tagRows = changedRows('itemTags', tagSql, 'it.itemID', 0);
    only = { allItems };
  } else {
    itemRows = q('items', `${itemSql} ORDER BY itemID`);
    data = q('itemData', dataSql(''));
    creators = q('itemCreators', creatorSql(''));
    memberships = q('collectionItems', memberSql(''));
    tagRows = q('itemTags', tagSql(''));
  }
  if (latest === undefined) latest = modifiedColumn ? String(q('items', 'SELECT MAX(clientDateModified) FROM items')[0]?.[0] ?? '') : '';
  return {
    ...(only ? { only } : {}),
    ...(latest ? { modified: latest } : {}),
    schema,
    itemTypes: q(types, `SELECT itemTypeID, typeName FROM ${types}`).map((r) => ({ itemTypeID: num(r[0]), typeName: str(r[1]) })),
    fields: q(fields, `SELECT fieldID, fieldName FROM ${fields}`).map((r) => ({ fieldID: num(r[0]), fieldName: str(r[1]) })),
    baseFieldMappings: q(base, `SELECT itemTypeID, baseFieldID, fieldID FROM ${base}`).map((r) => ({ itemTypeID: num(r[0]), baseFieldID: num(r[1]), fieldID: num(r[2]) })),
    creatorTypes: q('creatorTypes', 'SELECT creatorTypeID, creatorType FROM creatorTypes').map((r) => ({ creatorTypeID: num(r[0]), creatorType: str(r[1]) })),
    libraries: have.has('groups')
      ? q('libraries', 'SELECT l.libraryID, l.type, g.name FROM libraries l LEFT JOIN groups g ON g.libraryID = l.libraryID').map((r) => ({ libraryID: num(r[0]), type: str(r[1]), name: strOrNull(r[2]) }))
      : q('libraries', 'SELECT libraryID, type FROM libraries').map((r) => ({ libraryID: num(r[0]), type: str(r[1]) })),
    items: itemRows.map((r) => ({ itemID: num(r[0]), itemTypeID: num(r[1]), libraryID: num(r[2]), key: str(r[3]) })),
    itemData: data.map((r) => ({ itemID: num(r[0]), fieldID: num(r[1]), value: r[2] })),
    itemCreators: creators.map((r) => ({
      itemID: num(r[0]),
      creatorTypeID: num(r[1]),
      orderIndex: num(r[2]),
      firstName: strOrNull(r[3]),
      lastName: strOrNull(r[4]),
      fieldMode: r[5] === null ? null : num(r[5]),
    })),
    deletedItems: q('deletedItems', 'SELECT itemID FROM deletedItems').map((r) => num(r[0])),
    collections: q('collections', 'SELECT collectionID, collectionName, parentCollectionID, libraryID FROM collections').map((r) => ({
      collectionID: num(r[0]),
      collectionName: str(r[1]),
      parentCollectionID: r[2] === null ? null : num(r[2]),
      libraryID: num(r[3]),
    })),
    deletedCollections: q('deletedCollections', 'SELECT collectionID FROM deletedCollections').map((r) => num(r[0])),
    collectionItems: memberships.map((r) => ({ collectionID: num(r[0]), itemID: num(r[1]) })),
    itemTags: tagRows.map((r) => ({ itemID: num(r[0]), name: str(r[1]) })),
  };
}

/** Better BibTeX's key table (`better-bibtex.sqlite`, table citationkey), empty when it has none. */
export function betterBibtexRows(db: Database): ZoteroRows['betterBibtex'] {
  if (!tables(db).has('citationkey')) return [];
  return all(db, 'SELECT itemID, itemKey, libraryID, citationKey FROM citationkey').map((r) => ({ itemID: num(r[0]), itemKey: str(r[1]), libraryID: num(r[2]), citationKey: str(r[3]) }));
}
