// The search entry point behind citation completion: narrow with the index, rank with fuse.js,
// order deterministically. Pure: no IO, no LSP types.
import { narrow, keysEqual } from './candidates';
import { fold, words } from './fold';
import { rankCandidates, type FoldedDoc, type SearchField } from './rank';
import { compareKeys, docsByYear, type SearchIndex } from './searchIndex';

export interface SearchOptions {
  /** Most hits returned; default 100. */
  limit?: number;
  /**
   * Extra weight for a key, 0 for none (e.g. 1 for a recently cited entry). Boosted entries come
   * first for an empty query and rank higher among similar matches otherwise.
   */
  boost?: (key: string) => number;
  /** Report which fields matched each hit (costs a little more). */
  includeMatches?: boolean;
}

export interface SearchHit {
  key: string;
  /** Index of the doc in the array the index was built from (keys may repeat across files). */
  doc: number;
  /** 0..1, higher is better. Hits are already in order; the score is informative. */
  score: number;
  /** The query matched this entry only by allowing one typo in some word. */
  typo: boolean;
  /** Fields where a query word was found, when `includeMatches` was set. */
  matches?: SearchField[];
}

export interface SearchResult {
  results: SearchHit[];
  /** More entries match than were returned or ranked: a longer query will give a different list. */
  isIncomplete: boolean;
}

/** At most this many candidates reach fuse.js; ranking cost grows linearly with it. */
export const RANK_LIMIT = 200;
const MAX_TERMS = 8;

/**
 * Finds entries for a completion query. Words are AND-ed across fields; each word matches a
 * word prefix in any field (key parts included). When that finds fewer than RANK_LIMIT entries,
 * a word may also match anywhere in the key, or (from four characters on, with a letter) a word
 * with one typo; typo matches come after exact ones. Case and accents are ignored. An entry
 * whose key is exactly the query comes first. The empty query lists boosted entries, then by
 * year descending and key.
 */
export function search(index: SearchIndex, query: string, options: SearchOptions = {}): SearchResult {
  const limit = options.limit ?? 100;
  const boost = options.boost;
  const folded = fold(query).trim();
  const terms = [...new Set(words(folded))].slice(0, MAX_TERMS);
  if (terms.length === 0) return browse(index, limit, boost);

  // Mid-key fragments and typos only widen a narrow result: a user who typed the start of a word
  // wants those hits, and skipping the wider pass keeps common queries cheap.
  let found = narrow(index, terms, false);
  if (found.docs.length < RANK_LIMIT) found = narrow(index, terms, true);
  const exactKey = keysEqual(index, folded);
  const chosen = choose(index, found, terms, exactKey, boost);
  const ranked = rankCandidates(index.docs, chosen, terms, options.includeMatches ?? false, (index.cache.folded ??= new Map()) as Map<number, FoldedDoc>);

  const exact = new Set(exactKey);
  const rows = ranked.map((r) => {
    const key = index.docs[r.doc]!.key;
    const b = boost ? Math.max(0, boost(key)) : 0;
    // A power keeps the boost meaningful across fuse.js scores that span orders of magnitude.
    const adjusted = Math.pow(r.fuseScore, 1 + b);
    return { ...r, key, adjusted, exact: exact.has(r.doc), typos: found.typos[r.doc]!, fragments: found.fragments[r.doc]! };
  });
  rows.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      a.typos - b.typos ||
      // How well the query matches comes before the boost: a word the query starts beats a key
      // fragment, however recently the fragment's entry was cited.
      a.fragments - b.fragments ||
      a.adjusted - b.adjusted ||
      compareKeys(a.key, b.key) ||
      a.doc - b.doc,
  );
  const hits = rows.slice(0, limit).map((r) => {
    const hit: SearchHit = { key: r.key, doc: r.doc, score: 1 - r.adjusted, typo: r.typos > 0 };
    if (r.fields) hit.matches = r.fields;
    return hit;
  });
  return { results: hits, isIncomplete: found.docs.length > chosen.length || rows.length > limit };
}

/**
 * Picks at most RANK_LIMIT candidates when too many match, preferring in turn: exact key, no
 * typo, boosted, key starting with a query word, all words found in key or authors; then source
 * order. Only a short query (one or two letters) gets here on a large library.
 */
function choose(
  index: SearchIndex,
  found: ReturnType<typeof narrow>,
  terms: readonly string[],
  exactKey: readonly number[],
  boost: SearchOptions['boost'],
): number[] {
  const docs = found.docs;
  if (docs.length + exactKey.length <= RANK_LIMIT) return [...new Set([...exactKey, ...docs])];
  const buckets: number[][] = Array.from({ length: 16 }, () => []);
  for (const d of docs) {
    let tier = found.typos[d] === 0 && found.fragments[d] === 0 ? 8 : 0;
    if (boost && boost(index.docs[d]!.key) > 0) tier += 4;
    if (terms.some((t) => index.keyText.startsWith(t, index.keyStart[d]!))) tier += 2;
    if (found.strong[d] === terms.length) tier += 1;
    buckets[tier]!.push(d);
  }
  const out = new Set<number>(exactKey);
  for (let tier = 15; tier >= 0 && out.size < RANK_LIMIT; tier--) {
    for (const d of buckets[tier]!) {
      if (out.size >= RANK_LIMIT) break;
      out.add(d);
    }
  }
  return [...out];
}

/** The empty query: boosted entries (most boosted first), then newest first, then by key. */
function browse(index: SearchIndex, limit: number, boost: SearchOptions['boost']): SearchResult {
  const order = docsByYear(index);
  const hits: SearchHit[] = [];
  const taken = new Set<number>();
  if (boost) {
    const boosted: { doc: number; b: number }[] = [];
    for (const d of order) {
      const b = boost(index.docs[d]!.key);
      if (b > 0) boosted.push({ doc: d, b });
    }
    // Stable sort keeps year order among equally boosted entries.
    boosted.sort((x, y) => y.b - x.b);
    for (const { doc } of boosted.slice(0, limit)) {
      hits.push({ key: index.docs[doc]!.key, doc, score: 1, typo: false });
      taken.add(doc);
    }
  }
  for (let i = 0; i < order.length && hits.length < limit; i++) {
    const d = order[i]!;
    if (!taken.has(d)) hits.push({ key: index.docs[d]!.key, doc: d, score: 0, typo: false });
  }
  return { results: hits, isIncomplete: index.docs.length > limit };
}
