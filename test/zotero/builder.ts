// Builds Zotero data directories for tests the way Zotero itself does: the tables from Zotero's own
// schema SQL (test/fixtures/zotero/*.sql), the type, field and creator-type IDs from the global
// schema (schema.json) assigned as Zotero's schema.js _updateGlobalSchema() assigns them (the next
// free ID, keeping IDs a database already has), then items through itemData/itemDataValues,
// creators, collections, tags, the trash, notes, attachments, annotations, groups and feeds.
// Better BibTeX keys go in its own better-bibtex.sqlite (before version 8), in Zotero's citationKey
// field (version 8), or as a `Citation Key:` line in Extra.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js/dist/sql-wasm.js';

const fixtures = resolve(__dirname, '..', 'fixtures', 'zotero');
const schemaSql = (name: string) => readFileSync(join(fixtures, `${name}.sql`), 'utf8');

interface GlobalSchema {
  itemTypes: { itemType: string; fields: { field: string; baseField?: string }[]; creatorTypes: { creatorType: string; primary?: boolean }[] }[];
}

let sqlJs: Promise<SqlJsStatic> | undefined;
export function engine(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ wasmBinary: readFileSync(resolve(__dirname, '..', '..', 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm')) });
  return sqlJs;
}

export interface Creator {
  /** A two-field name. */
  lastName?: string;
  firstName?: string;
  /** A single-field name (fieldMode 1), such as an institution. */
  name?: string;
  /** Creator type, `author` by default. */
  type?: string;
}

export interface NewItem {
  type: string;
  /** Zotero field names (base names are mapped to the type's own field, as item.setField does). */
  fields?: Record<string, string>;
  creators?: Creator[];
  tags?: string[];
  collections?: number[];
  libraryID?: number;
}

export interface Options {
  /**
   * Item types and fields a database had before the current global schema was applied, in ID order,
   * starting at the given IDs: a database made by an old Zotero keeps its old IDs.
   */
  legacy?: { itemTypes: string[]; fields: string[]; creatorTypes: string[]; firstId: number };
}

const keyChars = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ';

export class ZoteroBuilder {
  private keySeed = 1;
  private constructor(
    readonly sql: SqlJsStatic,
    readonly db: Database,
  ) {}

  static async create(options: Options = {}): Promise<ZoteroBuilder> {
    const sql = await engine();
    const db = new sql.Database();
    const b = new ZoteroBuilder(sql, db);
    // As _initializeSchema(): system, userdata and triggers SQL, then the global schema, then the user library.
    db.exec('PRAGMA page_size = 4096');
    db.exec(schemaSql('system'));
    db.exec(schemaSql('userdata'));
    db.exec(schemaSql('triggers'));
    if (options.legacy) b.seedLegacy(options.legacy);
    b.updateGlobalSchema(JSON.parse(readFileSync(join(fixtures, 'schema.json'), 'utf8')) as GlobalSchema);
    db.exec("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (1, 'user', 1, 1)");
    return b;
  }

  /** Opens an existing database (as Zotero opens its zotero.sqlite) to change it further. */
  static async open(bytes: Uint8Array): Promise<ZoteroBuilder> {
    const sql = await engine();
    const b = new ZoteroBuilder(sql, new sql.Database(bytes));
    b.keySeed = 1 + Number(b.one('SELECT COUNT(*) FROM items') ?? 0) + Number(b.one('SELECT COUNT(*) FROM collections') ?? 0);
    return b;
  }

  private seedLegacy(legacy: NonNullable<Options['legacy']>): void {
    legacy.itemTypes.forEach((t, i) => this.run('INSERT INTO itemTypes VALUES (?, ?, NULL, 1)', [legacy.firstId + i, t]));
    legacy.fields.forEach((f, i) => this.run('INSERT INTO fields VALUES (?, ?, NULL)', [legacy.firstId + 7 * i + 3, f]));
    legacy.creatorTypes.forEach((c, i) => this.run('INSERT INTO creatorTypes VALUES (?, ?)', [legacy.firstId + 2 * i + 1, c]));
  }

  /** schema.js _updateGlobalSchema(): keep known IDs, give new names the next free ID. */
  private updateGlobalSchema(schema: GlobalSchema): void {
    const ids = (table: string, id: string, name: string) => new Map(this.rows(`SELECT ${name}, ${id} FROM ${table}`).map((r) => [String(r[0]), Number(r[1])]));
    const next = (table: string, id: string) => Number(this.rows(`SELECT COALESCE(MAX(${id}), 0) + 1 FROM ${table}`)[0]?.[0]);
    const fieldIds = ids('fields', 'fieldID', 'fieldName');
    const creatorIds = ids('creatorTypes', 'creatorTypeID', 'creatorType');
    const typeIds = ids('itemTypes', 'itemTypeID', 'typeName');
    for (const t of schema.itemTypes) {
      for (const f of t.fields) {
        for (const name of [f.field, f.baseField]) {
          if (name && !fieldIds.has(name)) {
            const id = next('fields', 'fieldID');
            this.run('INSERT INTO fields VALUES (?, ?, NULL)', [id, name]);
            fieldIds.set(name, id);
          }
        }
      }
      for (const c of t.creatorTypes) {
        if (!creatorIds.has(c.creatorType)) {
          const id = next('creatorTypes', 'creatorTypeID');
          this.run('INSERT INTO creatorTypes VALUES (?, ?)', [id, c.creatorType]);
          creatorIds.set(c.creatorType, id);
        }
      }
    }
    this.db.exec('DELETE FROM itemTypeFields; DELETE FROM baseFieldMappings; DELETE FROM itemTypeCreatorTypes');
    for (const t of schema.itemTypes) {
      let typeId = typeIds.get(t.itemType);
      if (typeId === undefined) {
        typeId = next('itemTypes', 'itemTypeID');
        this.run('INSERT INTO itemTypes VALUES (?, ?, NULL, 1)', [typeId, t.itemType]);
        typeIds.set(t.itemType, typeId);
      }
      t.fields.forEach((f, i) => {
        this.run('INSERT INTO itemTypeFields VALUES (?, ?, 0, ?)', [typeId, fieldIds.get(f.field)!, i]);
        if (f.baseField) this.run('INSERT INTO baseFieldMappings VALUES (?, ?, ?)', [typeId, fieldIds.get(f.baseField)!, fieldIds.get(f.field)!]);
      });
      for (const c of t.creatorTypes) this.run('INSERT INTO itemTypeCreatorTypes VALUES (?, ?, ?)', [typeId, creatorIds.get(c.creatorType)!, c.primary ? 1 : 0]);
    }
    // _updateCustomTables(): the Combined tables Zotero fills at every start.
    this.db.exec(`DELETE FROM itemTypesCombined; DELETE FROM fieldsCombined; DELETE FROM itemTypeFieldsCombined; DELETE FROM baseFieldMappingsCombined;
      INSERT INTO itemTypesCombined SELECT itemTypeID, typeName, display, 0 FROM itemTypes;
      INSERT INTO fieldsCombined SELECT fieldID, fieldName, NULL, fieldFormatID, 0 FROM fields;
      INSERT INTO itemTypeFieldsCombined SELECT itemTypeID, fieldID, hide, orderIndex FROM itemTypeFields;
      INSERT INTO baseFieldMappingsCombined SELECT itemTypeID, baseFieldID, fieldID FROM baseFieldMappings;`);
  }

  run(sql: string, params: (string | number | null)[] = []): void {
    const stmt = this.db.prepare(sql) as unknown as { bind(p: unknown[]): void; step(): boolean; free(): void };
    stmt.bind(params);
    stmt.step();
    stmt.free();
  }

  rows(sql: string, params: (string | number | null)[] = []): unknown[][] {
    const stmt = this.db.prepare(sql) as unknown as { bind(p: unknown[]): void; step(): boolean; get(): unknown[]; free(): void };
    stmt.bind(params);
    const out: unknown[][] = [];
    while (stmt.step()) out.push(stmt.get());
    stmt.free();
    return out;
  }

  private one(sql: string, params: (string | number | null)[] = []): unknown {
    return this.rows(sql, params)[0]?.[0];
  }

  /** A Zotero object key: eight characters of Zotero's alphabet. */
  newKey(): string {
    let n = this.keySeed++ * 2654435761;
    let key = '';
    for (let i = 0; i < 8; i++) {
      key += keyChars[n % keyChars.length];
      n = Math.floor(n / keyChars.length) + 7 * (i + 1);
    }
    return key;
  }

  typeId(name: string): number {
    const id = this.one('SELECT itemTypeID FROM itemTypes WHERE typeName = ?', [name]);
    if (id === undefined) throw new Error(`no item type ${name}`);
    return Number(id);
  }

  fieldId(name: string): number {
    return Number(this.one('SELECT fieldID FROM fields WHERE fieldName = ?', [name]));
  }

  /** The field an item type stores a (base) field name in, as Zotero.ItemFields.getFieldIDFromTypeAndBase does. */
  private fieldFor(typeId: number, name: string): number {
    const own = this.one('SELECT f.fieldID FROM itemTypeFields t JOIN fields f ON f.fieldID = t.fieldID WHERE t.itemTypeID = ? AND f.fieldName = ?', [typeId, name]);
    if (own !== undefined) return Number(own);
    const mapped = this.one('SELECT m.fieldID FROM baseFieldMappings m JOIN fields f ON f.fieldID = m.baseFieldID WHERE m.itemTypeID = ? AND f.fieldName = ?', [typeId, name]);
    if (mapped === undefined) throw new Error(`field ${name} is not valid for item type ${typeId}`);
    return Number(mapped);
  }

  private nextId(table: string, column: string): number {
    return Number(this.one(`SELECT COALESCE(MAX(${column}), 0) + 1 FROM ${table}`));
  }

  setField(itemID: number, name: string, value: string): void {
    const typeId = Number(this.one('SELECT itemTypeID FROM items WHERE itemID = ?', [itemID]));
    const fieldID = this.fieldFor(typeId, name);
    let valueID = this.one('SELECT valueID FROM itemDataValues WHERE value = ?', [value]);
    if (valueID === undefined) {
      valueID = this.nextId('itemDataValues', 'valueID');
      this.run('INSERT INTO itemDataValues (valueID, value) VALUES (?, ?)', [Number(valueID), value]);
    }
    this.run('REPLACE INTO itemData VALUES (?, ?, ?)', [itemID, fieldID, Number(valueID)]);
    this.run("UPDATE items SET dateModified = CURRENT_TIMESTAMP, clientDateModified = CURRENT_TIMESTAMP WHERE itemID = ?", [itemID]);
  }

  addItem(item: NewItem): number {
    const itemID = this.nextId('items', 'itemID');
    this.run('INSERT INTO items (itemID, itemTypeID, libraryID, key) VALUES (?, ?, ?, ?)', [itemID, this.typeId(item.type), item.libraryID ?? 1, this.newKey()]);
    for (const [name, value] of Object.entries(item.fields ?? {})) this.setField(itemID, name, value);
    this.addCreators(itemID, item.creators ?? []);
    for (const tag of item.tags ?? []) this.tag(itemID, tag);
    for (const c of item.collections ?? []) this.addToCollection(c, itemID);
    return itemID;
  }

  /** item.setCreators() and a save: the item's creator rows are replaced; creators are shared rows, found by value. */
  setCreators(itemID: number, creators: Creator[]): void {
    this.run('DELETE FROM itemCreators WHERE itemID = ?', [itemID]);
    this.addCreators(itemID, creators);
    this.touch(itemID);
  }

  /** Empties a field (item.setField(name, '') and a save): its itemData row goes. */
  clearField(itemID: number, name: string): void {
    const typeId = Number(this.one('SELECT itemTypeID FROM items WHERE itemID = ?', [itemID]));
    this.run('DELETE FROM itemData WHERE itemID = ? AND fieldID = ?', [itemID, this.fieldFor(typeId, name)]);
    this.run('UPDATE items SET dateModified = CURRENT_TIMESTAMP, clientDateModified = CURRENT_TIMESTAMP WHERE itemID = ?', [itemID]);
  }

  untag(itemID: number, name: string): void {
    this.run('DELETE FROM itemTags WHERE itemID = ? AND tagID IN (SELECT tagID FROM tags WHERE name = ?)', [itemID, name]);
    this.touch(itemID);
  }

  removeFromCollection(collectionID: number, itemID: number): void {
    this.run('DELETE FROM collectionItems WHERE collectionID = ? AND itemID = ?', [collectionID, itemID]);
    this.touch(itemID);
  }

  /** Takes an item out of the trash (item.deleted = false and a save). */
  restore(itemID: number): void {
    this.run('DELETE FROM deletedItems WHERE itemID = ?', [itemID]);
    this.touch(itemID);
  }

  renameCollection(collectionID: number, name: string): void {
    this.run('UPDATE collections SET collectionName = ?, clientDateModified = CURRENT_TIMESTAMP WHERE collectionID = ?', [name, collectionID]);
  }

  private addCreators(itemID: number, creators: Creator[]): void {
    creators.forEach((c, i) => {
      const [first, last, mode] = c.name !== undefined ? ['', c.name, 1] : [c.firstName ?? '', c.lastName ?? '', 0];
      let creatorID = this.one('SELECT creatorID FROM creators WHERE lastName = ? AND firstName = ? AND fieldMode = ?', [last, first, mode]);
      if (creatorID === undefined) {
        creatorID = this.nextId('creators', 'creatorID');
        this.run('INSERT INTO creators (creatorID, firstName, lastName, fieldMode) VALUES (?, ?, ?, ?)', [Number(creatorID), first, last, mode]);
      }
      const typeID = Number(this.one('SELECT creatorTypeID FROM creatorTypes WHERE creatorType = ?', [c.type ?? 'author']));
      this.run('INSERT INTO itemCreators VALUES (?, ?, ?, ?)', [itemID, Number(creatorID), typeID, i]);
    });
  }

  tag(itemID: number, name: string): void {
    let tagID = this.one('SELECT tagID FROM tags WHERE name = ?', [name]);
    if (tagID === undefined) {
      tagID = this.nextId('tags', 'tagID');
      this.run('INSERT INTO tags (tagID, name) VALUES (?, ?)', [Number(tagID), name]);
    }
    this.run('INSERT OR IGNORE INTO itemTags VALUES (?, ?, 0)', [itemID, Number(tagID)]);
    this.touch(itemID);
  }

  /** What Zotero's item.save() does to the item row on every save (tags, collections, trash included). */
  touch(itemID: number): void {
    this.run('UPDATE items SET clientDateModified = CURRENT_TIMESTAMP WHERE itemID = ?', [itemID]);
  }

  /** Empties an item out of the trash for good: its rows go (the cascade Zotero's foreign keys make). */
  erase(itemID: number): void {
    for (const table of ['itemData', 'itemCreators', 'itemTags', 'collectionItems', 'deletedItems', 'itemNotes', 'itemAttachments']) this.run(`DELETE FROM ${table} WHERE itemID = ?`, [itemID]);
    this.run('DELETE FROM items WHERE itemID = ?', [itemID]);
  }

  addCollection(name: string, parent: number | null = null, libraryID = 1): number {
    const id = this.nextId('collections', 'collectionID');
    this.run('INSERT INTO collections (collectionID, collectionName, parentCollectionID, libraryID, key) VALUES (?, ?, ?, ?, ?)', [id, name, parent, libraryID, this.newKey()]);
    return id;
  }

  addToCollection(collectionID: number, itemID: number): void {
    this.run('INSERT OR IGNORE INTO collectionItems VALUES (?, ?, 0)', [collectionID, itemID]);
    this.touch(itemID);
  }

  /** Moves an item to the trash (Zotero keeps it, with a row in deletedItems). */
  trash(itemID: number): void {
    this.run('INSERT INTO deletedItems (itemID) VALUES (?)', [itemID]);
    this.touch(itemID);
  }

  trashCollection(collectionID: number): void {
    this.run('INSERT INTO deletedCollections (collectionID) VALUES (?)', [collectionID]);
  }

  addNote(parentItemID: number, html: string): number {
    const id = this.addItem({ type: 'note' });
    this.run('INSERT INTO itemNotes (itemID, parentItemID, note, title) VALUES (?, ?, ?, ?)', [id, parentItemID, html, html.replace(/<[^>]*>/g, '').slice(0, 80)]);
    return id;
  }

  addAttachment(parentItemID: number, title: string): number {
    const id = this.addItem({ type: 'attachment', fields: { title } });
    this.run("INSERT INTO itemAttachments (itemID, parentItemID, linkMode, contentType, path) VALUES (?, ?, 0, 'application/pdf', 'storage:paper.pdf')", [id, parentItemID]);
    return id;
  }

  addAnnotation(attachmentID: number, text: string): number {
    const id = this.addItem({ type: 'annotation' });
    this.run("INSERT INTO itemAnnotations (itemID, parentItemID, type, text, sortIndex, position, isExternal) VALUES (?, ?, 1, ?, '00000|000000|00000', '{}', 0)", [id, attachmentID, text]);
    return id;
  }

  addGroup(name: string): number {
    const libraryID = this.nextId('libraries', 'libraryID');
    this.run("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (?, 'group', 1, 1)", [libraryID]);
    this.run("INSERT INTO groups (groupID, libraryID, name, description, version) VALUES (?, ?, ?, '', 0)", [1000 + libraryID, libraryID, name]);
    return libraryID;
  }

  addFeed(name: string): number {
    const libraryID = this.nextId('libraries', 'libraryID');
    this.run("INSERT INTO libraries (libraryID, type, editable, filesEditable) VALUES (?, 'feed', 0, 0)", [libraryID]);
    this.run('INSERT INTO feeds (libraryID, name, url) VALUES (?, ?, ?)', [libraryID, name, `https://example.org/${libraryID}.rss`]);
    return libraryID;
  }

  itemKey(itemID: number): string {
    return String(this.one('SELECT key FROM items WHERE itemID = ?', [itemID]));
  }

  /** Runs `change` in one transaction, as Zotero.DB.executeTransaction does. */
  transaction(change: () => void): void {
    this.db.exec('BEGIN');
    try {
      change();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  bytes(): Uint8Array {
    return this.db.export();
  }

  /** Writes zotero.sqlite (and better-bibtex.sqlite when keys are given) into a data directory. */
  writeTo(dir: string, bbt?: BbtKey[]): void {
    mkdirSync(dir, { recursive: true });
    // Zotero writes the database file in place; tests that need an atomic swap write to a temporary file.
    writeFileSync(join(dir, 'zotero.sqlite'), this.bytes());
    if (bbt) writeFileSync(join(dir, 'better-bibtex.sqlite'), betterBibtexDb(this.sql, bbt));
  }

  /** Writes zotero.sqlite in place in two halves `pauseMs` apart, as a slow disk or a long transaction would. */
  async writeSlowly(dir: string, pauseMs: number): Promise<void> {
    const bytes = this.bytes();
    const half = Math.floor(bytes.length / 2);
    const fd = openSync(join(dir, 'zotero.sqlite'), 'w');
    try {
      writeSync(fd, bytes, 0, half, 0);
      await new Promise((r) => setTimeout(r, pauseMs));
      writeSync(fd, bytes, half, bytes.length - half, half);
    } finally {
      closeSync(fd);
    }
  }

  /** Replaces the file by rename, so a reader never sees it half written. */
  writeAtomically(dir: string): void {
    const tmp = join(dir, `.zotero.sqlite.${process.pid}.tmp`);
    writeFileSync(tmp, this.bytes());
    renameSync(tmp, join(dir, 'zotero.sqlite'));
  }
}

export interface BbtKey {
  itemID: number;
  itemKey: string;
  libraryID: number;
  citationKey: string;
  pinned?: boolean;
}

/** better-bibtex.sqlite with its citationkey table, from Better BibTeX's own SQL (content/db/citation-key.sql). */
export function betterBibtexDb(sql: SqlJsStatic, keys: BbtKey[]): Uint8Array {
  const db = new sql.Database();
  // Better BibTeX attaches its database as `betterbibtex`; in its own file the tables have no prefix.
  db.exec(readFileSync(join(fixtures, 'bbt-citation-key.sql'), 'utf8').replace(/betterbibtex\./g, ''));
  for (const k of keys) {
    const stmt = db.prepare('INSERT INTO citationkey VALUES (?, ?, ?, ?, ?)') as unknown as { bind(p: unknown[]): void; step(): boolean; free(): void };
    stmt.bind([k.itemID, k.itemKey, k.libraryID, k.citationKey, k.pinned ? 1 : 0]);
    stmt.step();
    stmt.free();
  }
  const bytes = db.export();
  db.close();
  return bytes;
}
