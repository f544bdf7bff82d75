// Ranks a few hundred candidate docs with fuse.js, the library users know, over folded fields.
// Only the narrowed candidates reach fuse.js: running it over a whole library is what made completion slow.
import Fuse, { type Expression } from 'fuse.js';
import { fold } from './fold';
import type { SearchDoc } from './searchIndex';

/** Field weights: a writer mostly types a key or an author; `extra` (journal ...) counts least. */
export const FIELD_WEIGHTS = { key: 3, authors: 3, title: 1, year: 1, keywords: 1, extra: 0.5 } as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;
const FIELDS = Object.keys(FIELD_WEIGHTS) as SearchField[];
const KEYS = FIELDS.map((name) => ({ name, weight: FIELD_WEIGHTS[name] }));

export type FoldedDoc = Record<SearchField, string> & { doc: number };

export interface Ranked {
  doc: number;
  /** fuse.js score: 0 is a perfect match, 1 no match at all. */
  fuseScore: number;
  /** Fields where fuse.js found a query word, when asked for. */
  fields?: SearchField[];
}

/** Folded records kept per index; about 300 bytes each. */
const FOLDED_LIMIT = 20_000;

function foldedDoc(doc: SearchDoc, d: number): FoldedDoc {
  return {
    doc: d,
    key: fold(doc.key),
    authors: fold(doc.authors),
    title: fold(doc.title),
    year: fold(doc.year),
    keywords: fold(doc.keywords),
    extra: fold(doc.extra ?? ''),
  };
}

/**
 * Scores each candidate against all terms (every term must match some field, as in narrowing).
 * Candidates fuse.js rejects (a key substring it scores past its threshold, say) keep the worst
 * score instead of disappearing, since narrowing already proved they match.
 */
export function rankCandidates(
  docs: readonly SearchDoc[],
  candidates: readonly number[],
  terms: readonly string[],
  withFields: boolean,
  folded: Map<number, FoldedDoc> = new Map(),
): Ranked[] {
  // A doc's folded record is made the first time it is ranked and kept in `folded` (the index's
  // cache): common prefixes rank the same few hundred docs keystroke after keystroke. The cache
  // is bounded, so a long session's many queries cannot fold the whole library into memory.
  if (folded.size > FOLDED_LIMIT) folded.clear();
  const records: FoldedDoc[] = candidates.map((d) => {
    let record = folded.get(d);
    if (!record) folded.set(d, (record = foldedDoc(docs[d]!, d)));
    return record;
  });
  const fuse = new Fuse(records, {
    keys: KEYS,
    ignoreLocation: true,
    includeScore: true,
    includeMatches: withFields,
    shouldSort: false,
    // Narrowing already decided what matches; a strict threshold keeps fuse.js from adding credit
    // for far-fetched fuzzy alignments in other fields, which would blur the ranking.
    threshold: 0.3,
  });
  const query: Expression = { $and: terms.map((t) => ({ $or: FIELDS.map((f) => ({ [f]: t })) })) };
  const scored = new Map<number, Ranked>();
  for (const r of fuse.search(query)) {
    const ranked: Ranked = { doc: r.item.doc, fuseScore: r.score ?? 1 };
    if (withFields) ranked.fields = [...new Set((r.matches ?? []).map((m) => m.key as SearchField))];
    scored.set(r.item.doc, ranked);
  }
  return candidates.map((d) => scored.get(d) ?? { doc: d, fuseScore: 1, ...(withFields ? { fields: [] } : {}) });
}
