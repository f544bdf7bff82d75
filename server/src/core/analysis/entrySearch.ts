// The search index of a bibliography index, built once per BibIndex and shared by completion,
// the sidebar filter and the Insert Citation picker. A large library's index is built when the
// server is idle (lsp/session.ts); until then, findEntries answers from a quick scan of the raw
// fields instead of holding the request.
import type { BibIndex } from './bibIndex';
import type { BibEntry } from '../model/entry';
import { buildSearchIndex, search, searchDocFromEntry, type SearchIndex, type SearchOptions } from '../search/index';
import { updateSearchIndex } from '../search/reindex';
import { quickCandidates, quickText, type QuickText } from '../search/quick';

export interface ScopedSearch {
  bib: BibIndex;
  index: SearchIndex;
}

const cache = new WeakMap<BibIndex, ScopedSearch>();
// The quick scan's text, kept only until the index is complete.
const haystacks = new WeakMap<BibIndex, QuickText>();

/**
 * Below this many entries the whole index is built on first use (a few hundred milliseconds at
 * most); above it, a request that finds no index answers from the quick scan.
 */
export const QUICK_SCAN_FROM = 20_000;

/**
 * The complete index of `bib`, finishing (or making) it now if needed. With `earlier` (the index
 * `bib` replaces: the library before a Zotero write, a document's bibliographies before a
 * re-export), entries that are the same as there keep their indexed text, and only the others are
 * indexed. An entry is the same when it has the same fields object: a BibTeX entry read again
 * unchanged keeps it even when it moved in its file (bibtex.ts), a Zotero item its whole entry.
 */
export function searchIndexFor(bib: BibIndex, earlier?: BibIndex): ScopedSearch {
  let hit = cache.get(bib);
  if (!hit) {
    const entries = bib.resolved;
    const before = earlier && earlier !== bib ? cache.get(earlier) : undefined;
    hit = { bib, index: before ? reindexed(before, entries) : buildSearchIndex(entries.map(searchDocFromEntry)) };
    cache.set(bib, hit);
    haystacks.delete(bib);
  }
  return hit;
}

function reindexed(before: ScopedSearch, entries: readonly BibEntry[]): SearchIndex {
  const earlierOf = earlierPositions(before.bib.resolved, entries);
  const docs = entries.map((e, i) => {
    const o = earlierOf[i]!;
    return o >= 0 ? before.index.docs[o]! : searchDocFromEntry(e);
  });
  return updateSearchIndex(before.index, docs, earlierOf);
}

/** How far ahead in the earlier list a walk looks for an entry before it asks a map. */
const LOOK_AHEAD = 8;

/**
 * For each entry, the position in `earlier` of the entry with the same fields object, or -1 (the
 * entry is indexed afresh). Positions found rise, as updateSearchIndex needs: an entry that moved
 * back is indexed afresh. A Zotero write adds, retitles or trashes a few items of a list otherwise in
 * the same order, so one walk over both lists, looking a few places ahead, finds nearly all of
 * them; a map of the earlier list (100 ms at 100k entries) is built only when the walk loses its
 * place: neither this entry nor the next is near.
 */
export function earlierPositions(earlier: readonly BibEntry[], entries: readonly BibEntry[]): Int32Array {
  const out = new Int32Array(entries.length).fill(-1);
  let map: Map<BibEntry['fields'], number> | undefined;
  const near = (fields: BibEntry['fields'], from: number): number => {
    for (let k = from, end = Math.min(earlier.length, from + LOOK_AHEAD); k < end; k++) if (earlier[k]!.fields === fields) return k;
    return -1;
  };
  let j = 0;
  for (let i = 0; i < entries.length; i++) {
    if (j >= earlier.length) break;
    const fields = entries[i]!.fields;
    let o = near(fields, j);
    if (o < 0) {
      const next = entries[i + 1];
      // The next entry is near: this one is new or changed in place (a retitle replaces the fields).
      if (next && near(next.fields, j) >= 0) continue;
      if (!map) {
        map = new Map();
        earlier.forEach((e, k) => map!.set(e.fields, k));
      }
      o = map.get(fields) ?? -1;
      if (o < j) continue;
    }
    out[i] = o;
    j = o + 1;
  }
  return out;
}

/** True when `bib`'s index is complete, so a search costs milliseconds. */
export function hasSearchIndex(bib: BibIndex): boolean {
  return cache.has(bib);
}

function haystackOf(bib: BibIndex): QuickText {
  let haystack = haystacks.get(bib);
  if (!haystack) haystacks.set(bib, (haystack = quickText(bib.entries)));
  return haystack;
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

/**
 * Searches `bib` without waiting for its index. With the index (or a library small enough to
 * index at once) this is searchEntries; otherwise the quick scan picks the entries whose raw
 * fields hold the query's words, and the same ranking runs over an index of those alone. That
 * answer can miss entries found only through decoded LaTeX, a typo or an inherited field, so it is
 * always incomplete.
 */
export function findEntries(bib: BibIndex, query: string, options: SearchOptions = {}, quickFrom = QUICK_SCAN_FROM): { results: EntryHit[]; isIncomplete: boolean; quick: boolean } {
  if (hasSearchIndex(bib) || bib.entries.length < quickFrom) return { ...searchEntries(searchIndexFor(bib), query, options), quick: false };
  const entries = bib.entries;
  const picked = quickCandidates(entries, query, options.boost, options.limit ?? 100, haystackOf(bib));
  // Entries as read, not resolved: resolving crossref parents means resolving the whole library.
  const docs = picked.map((i) => searchDocFromEntry(entries[i]!));
  const found = search(buildSearchIndex(docs), query, options);
  const results = found.results.map((hit) => {
    const entry = entries[picked[hit.doc]!]!;
    return { key: entry.key, entry, score: hit.score };
  });
  return { results, isIncomplete: true, quick: true };
}
