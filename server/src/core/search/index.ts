// The search index behind completion: build once per snapshot, query per keystroke.
// Re-exports only; see searchIndex.ts (build), candidates.ts (narrowing), rank.ts, search.ts.
export { buildSearchIndex, type SearchDoc, type SearchIndex } from './searchIndex';
export { search, RANK_LIMIT, type SearchHit, type SearchOptions, type SearchResult } from './search';
export { searchDocFromEntry } from './fromEntry';
export { fold } from './fold';
export { FIELD_WEIGHTS, type SearchField } from './rank';
