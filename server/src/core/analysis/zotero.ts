// The Zotero library as features see it: one index over its libraries (memoised on the reading,
// so a new reading takes the old index with it), and the lookups that tell a key the document's
// bibliography has from one only the library has.
import { buildIndex, type BibIndex } from './bibIndex';
import { docIndex } from './scope';
import type { BibEntry } from '../model/entry';
import { memo } from '../model/memo';
import type { ZoteroData, ZoteroLibrary } from '../model/zotero';
import type { Workspace } from '../model/workspace';

const indexOfData = memo((data: ZoteroData) => buildIndex(data.libraries.map((l) => l.file)));

/** The index over every library of the last reading (the user's first, then groups); undefined without Zotero. */
export function libraryIndex(ws: Workspace): BibIndex | undefined {
  const data = ws.zotero?.data;
  return data ? indexOfData(data) : undefined;
}

/** The library an entry of the library comes from, by the entry's file. */
export function libraryOf(ws: Workspace, file: string): ZoteroLibrary | undefined {
  return ws.zotero?.data?.libraries.find((l) => l.file.file === file);
}

/** The library's entry for a key the document's bibliography does not have; undefined otherwise. */
export function onlyInLibrary(ws: Workspace, uri: string, key: string): { entry: BibEntry; library: ZoteroLibrary } | undefined {
  const index = libraryIndex(ws);
  const entry = index?.lookup(key);
  if (!entry || docIndex(ws, uri).lookup(key)) return undefined;
  const library = libraryOf(ws, entry.file);
  return library ? { entry, library } : undefined;
}
