// The search index of a bibliography index, built once per BibIndex and shared by completion,
// the sidebar filter and the Insert Citation picker.
import type { BibIndex } from './bibIndex';
import type { BibEntry } from '../model/entry';
import { buildSearchIndex, search, searchDocFromEntry, type SearchIndex, type SearchOptions } from '../search/index';

export interface ScopedSearch {
  bib: BibIndex;
  index: SearchIndex;
}

const cache = new WeakMap<BibIndex, ScopedSearch>();

export function searchIndexFor(bib: BibIndex): ScopedSearch {
  let hit = cache.get(bib);
  if (!hit) {
    hit = { bib, index: buildSearchIndex(bib.resolved.map(searchDocFromEntry)) };
    cache.set(bib, hit);
  }
  return hit;
}

export interface EntryHit {
  key: string;
  entry: BibEntry;
  score: number;
}

/** Searches a scope; hits carry the entry itself, so duplicate keys across files stay apart. */
export function searchEntries(scoped: ScopedSearch, query: string, options: SearchOptions = {}): { results: EntryHit[]; isIncomplete: boolean } {
  const found = search(scoped.index, query, options);
  const results: EntryHit[] = [];
  for (const hit of found.results) {
    const entry = scoped.bib.resolved[hit.doc];
    if (entry) results.push({ key: entry.key, entry, score: hit.score });
  }
  return { results, isIncomplete: found.isIncomplete };
}
