// The rows a Zotero data directory yields, as plain objects: what the host's SQL reader selects
// from zotero.sqlite (and Better BibTeX's better-bibtex.sqlite), and the library read from them.
// Pure data: no SQL here, so the mapping can be tested without a database.
import type { BibFile } from './entry';

export interface ZoteroRows {
  itemTypes: { itemTypeID: number; typeName: string }[];
  fields: { fieldID: number; fieldName: string }[];
  baseFieldMappings: { itemTypeID: number; baseFieldID: number; fieldID: number }[];
  creatorTypes: { creatorTypeID: number; creatorType: string }[];
  /** Every library, with its group's name for group libraries (`type` is user, group, feed or publications). */
  libraries: { libraryID: number; type: string; name?: string | null }[];
  items: { itemID: number; itemTypeID: number; libraryID: number; key: string }[];
  itemData: { itemID: number; fieldID: number; value: unknown }[];
  itemCreators: { itemID: number; creatorTypeID: number; orderIndex: number; firstName: string | null; lastName: string | null; fieldMode: number | null }[];
  /** Items in the trash. */
  deletedItems: number[];
  collections: { collectionID: number; collectionName: string; parentCollectionID: number | null; libraryID: number }[];
  /** Collections in the trash. */
  deletedCollections: number[];
  /** Collection memberships and tags, of the items in `items` (all of them, or the changed ones). */
  collectionItems: { collectionID: number; itemID: number }[];
  itemTags: { itemID: number; name: string }[];
  /** Better BibTeX's own key table (before version 8 moved keys into Zotero's citationKey field). */
  betterBibtex: { itemID: number; itemKey: string; libraryID: number; citationKey: string }[];
  /**
   * Set when `items`, `itemData` and `itemCreators` cover only the items changed since the previous
   * reading: `allItems` lists every item of the database, so removed ones are known.
   */
  only?: { allItems: number[] };
  /** The newest clientDateModified of the items read (what the next reading asks for changes since). */
  modified?: string;
  /** The database's schema versions (its version table), so that an upgrade is read in full. */
  schema?: string;
}

/** One item as read (before keys, tags and libraries are settled), kept to spare the next reading. */
export interface ItemReading {
  itemID: number;
  libraryID: number;
  /** Zotero's own item key (not the citation key). */
  key: string;
  item: Record<string, unknown> & { id: string; type: string };
  fromField?: string;
  fromExtra?: string;
  tags: string[];
  /** The IDs of the collections the item is in. */
  collections: number[];
}

export interface ZoteroCollection {
  name: string;
  /** Citation keys of the items directly in this collection. */
  keys: string[];
  children: ZoteroCollection[];
}

/** One library of the data directory: the user's own, or a group's. */
export interface ZoteroLibrary {
  libraryID: number;
  kind: 'user' | 'group';
  /** `My Library`, or the group's name. */
  name: string;
  /** The library's items as bibliography entries (CSL items), read-only. */
  file: BibFile;
  readonly collections: ZoteroCollection[];
  readonly tags: { name: string; keys: string[] }[];
  /** Where each citation key came from: the citationKey field, Better BibTeX, Extra, or made up here. */
  readonly keySources: Map<string, 'zotero' | 'better-bibtex' | 'extra' | 'generated'>;
}

export interface ZoteroData {
  /** The URI of the zotero.sqlite the data was read from. */
  uri: string;
  libraries: ZoteroLibrary[];
  /** Every work item's reading, in item ID order, for the next (incremental) reading. */
  ordered?: readonly ItemReading[];
  /** The newest clientDateModified seen. */
  modified?: string;
  /** The schema versions seen. */
  schema?: string;
  /** Every item ID of the database (works, notes, attachments) in ascending order, to tell new items from known ones. */
  itemIds?: Int32Array;
  /** Readings in a row that read only changed items; a full reading comes every so often regardless. */
  incremental?: number;
  /** How many items this reading read (all of them, unless it read only the changed ones). */
  itemsRead?: number;
  /** When the copy this reading was made from was taken (milliseconds since the epoch). */
  copiedAt?: number;
  /** Better BibTeX's key rows as read, and the signature of its files then (the next reading keeps them while it holds). */
  betterBibtex?: { signature: string; rows: ZoteroRows['betterBibtex'] };
}

/** What the snapshot knows of the writer's Zotero library. */
export interface ZoteroState {
  /** Where the library was looked for (a data directory), or why it was not (`off`). */
  lookedFor: string;
  /** The library as last read; kept while a newer copy cannot be read. */
  data?: ZoteroData;
  /** Why the last read failed, when it did. */
  problem?: string;
}
