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
  const at = new Map<BibEntry['fields'], number>();
  before.bib.resolved.forEach((e, i) => at.set(e.fields, i));
  const earlierOf = new Int32Array(entries.length);
  const docs = entries.map((e, i) => {
    const o = at.get(e.fields) ?? -1;
    earlierOf[i] = o;
    return o >= 0 ? before.index.docs[o]! : searchDocFromEntry(e);
  });
  return updateSearchIndex(before.index, docs, earlierOf);
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
