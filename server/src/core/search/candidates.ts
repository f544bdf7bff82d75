// Candidate narrowing: which docs match every query word, by word prefix, key substring or (on
// request) one typo. Cheap enough for 100k docs; the few survivors are ranked elsewhere.
import { hasLetter } from './fold';
import { KEY_SEP, type SearchIndex } from './searchIndex';

/** Typo tolerance starts at this word length; shorter words have too many one-edit neighbours. */
export const TYPO_MIN_LENGTH = 4;

/** Docs matching all terms, with per-doc counts of how they matched. */
export interface Candidates {
  /** Matching docs: in source order when few, else in a deterministic visiting order. */
  docs: number[];
  /** Per doc (indexed by doc id): terms matched only thanks to a typo. */
  typos: Uint8Array;
  /** Per doc: terms matched in the key or the authors. */
  strong: Uint8Array;
  /**
   * Per doc: terms matched only inside a key, not at the start of any word (`gha` in
   * `singhal2023`); such a hit is a weaker match than a word the query starts.
   */
  fragments: Uint8Array;
}

interface TermPlan {
  /** Vocabulary range of words starting with the term. */
  lo: number;
  hi: number;
  /** Docs whose key contains the term. */
  keyDocs: number[];
  /** Words within one edit of the term (as a prefix), excluding exact prefix matches. */
  fuzzy: number[];
  cost: number;
}

/**
 * Docs that match every term. A term matches a doc when it starts one of the doc's words (key
 * parts included). With `widen`, it also matches when it occurs anywhere in the key, or (for
 * terms with a letter and at least TYPO_MIN_LENGTH characters) when it starts a word after one
 * edit. The result's arrays are only valid until the next call on the same index.
 */
export function narrow(index: SearchIndex, terms: readonly string[], widen: boolean): Candidates {
  const n = index.docs.length;
  // Per-doc counters are reused across queries (searches never overlap), which spares the
  // garbage collector four arrays of library size per keystroke.
  let scratch = index.cache.scratch;
  if (!scratch || scratch.length !== 5 * n) {
    scratch = new Uint8Array(5 * n);
    index.cache.scratch = scratch;
  } else scratch.fill(0);
  const result: Candidates = { docs: [], typos: scratch.subarray(0, n), strong: scratch.subarray(n, 2 * n), fragments: scratch.subarray(4 * n, 5 * n) };
  if (terms.length === 0) return result;
  // Processing the rarest term first does not change the result, but keeps later passes cheap.
  const plans = terms.map((t) => planTerm(index, t, widen)).sort((a, b) => a.cost - b.cost);
  const level = scratch.subarray(2 * n, 3 * n);
  const strongAt = scratch.subarray(3 * n, 4 * n);
  const { start, postings } = index;

  plans.forEach((plan, j) => {
    const last = j === plans.length - 1;
    const visit = (d: number, strong: number, typo: number, word: boolean): void => {
      if (level[d] === j) {
        level[d] = j + 1;
        if (typo) result.typos[d]!++;
        if (!word) result.fragments[d]!++;
        if (last) result.docs.push(d);
      } else if (level[d] !== j + 1) return;
      if (strong && strongAt[d] !== j + 1) {
        strongAt[d] = j + 1;
        result.strong[d]!++;
      }
    };
    // Word-start matches are visited before key fragments, so a term found both ways is no fragment.
    for (let k = start[plan.lo]!, end = start[plan.hi]!; k < end; k++) {
      const v = postings[k]!;
      visit(v >> 1, v & 1, 0, true);
    }
    for (const d of plan.keyDocs) visit(d, 1, 0, false);
    for (const w of plan.fuzzy) {
      for (let k = start[w]!, end = start[w + 1]!; k < end; k++) {
        const v = postings[k]!;
        visit(v >> 1, v & 1, 1, true);
      }
    }
  });
  // Small sets are put in source order for readability; a large set keeps its (deterministic)
  // visiting order, since sorting 100k ids per keystroke would cost more than the rest.
  if (result.docs.length <= 4096) result.docs.sort((a, b) => a - b);
  return result;
}

function planTerm(index: SearchIndex, term: string, widen: boolean): TermPlan {
  const lo = lowerBound(index.vocab, term);
  // Every word starting with `term` sorts before `term` + U+FFFF.
  const hi = lowerBound(index.vocab, term + '\uffff');
  const keyDocs = widen && term.length >= 2 ? keysContaining(index, term) : [];
  const fuzzy = widen && term.length >= TYPO_MIN_LENGTH && hasLetter(term) ? fuzzyWords(index, term) : [];
  let cost = index.start[hi]! - index.start[lo]! + keyDocs.length;
  for (const w of fuzzy) cost += index.start[w + 1]! - index.start[w]!;
  return { lo, hi, keyDocs, fuzzy, cost };
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Docs whose folded key contains `term`, each once, in doc order. */
export function keysContaining(index: SearchIndex, term: string): number[] {
  const { keyText, keyStart } = index;
  const out: number[] = [];
  let d = 0;
  let pos = keyText.indexOf(term, 1);
  while (pos !== -1) {
    while (keyStart[d + 1]! <= pos) d++;
    out.push(d);
    const next = keyStart[d + 1];
    if (next === undefined) break;
    pos = keyText.indexOf(term, next);
  }
  return out;
}

/** Lookups an index answers by scanning its key text before it makes a map of its keys. */
const SCANS_BEFORE_MAP = 16;

/**
 * Docs whose folded key is exactly `foldedKey` (duplicates across files are possible). The first
 * lookups of an index scan its key text (about 1 ms at 100k keys); later ones use a map made then
 * (160 ms at 100k), so an index that a Zotero write or a re-export replaces soon never pays for it.
 */
export function keysEqual(index: SearchIndex, foldedKey: string): readonly number[] {
  let byKey = index.cache.byKey;
  if (!byKey && (index.cache.keyScans = (index.cache.keyScans ?? 0) + 1) <= SCANS_BEFORE_MAP) return keysScanned(index, foldedKey);
  if (!byKey) {
    byKey = new Map();
    const { keyText, keyStart } = index;
    for (let d = 0; d < index.docs.length; d++) {
      const key = keyText.slice(keyStart[d]!, keyStart[d + 1]! - 1);
      const seen = byKey.get(key);
      if (seen) seen.push(d);
      else byKey.set(key, [d]);
    }
    index.cache.byKey = byKey;
  }
  return byKey.get(foldedKey) ?? [];
}

function keysScanned(index: SearchIndex, foldedKey: string): number[] {
  const { keyText, keyStart } = index;
  const out: number[] = [];
  if (!index.docs.length || foldedKey.includes(KEY_SEP)) return out;
  const needle = KEY_SEP + foldedKey + KEY_SEP;
  for (let pos = keyText.indexOf(needle); pos !== -1; pos = keyText.indexOf(needle, pos + needle.length - 1)) {
    // The key starts after the separator; its doc is the one whose key starts there.
    let lo = 0;
    let hi = index.docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (keyStart[mid]! <= pos + 1) lo = mid;
      else hi = mid - 1;
    }
    out.push(lo);
  }
  return out;
}

/**
 * Vocabulary ids of words that start with `term` after exactly one edit (not with none), in
 * vocabulary order. Only words whose first letter is the term's first or second, or whose second
 * letter is, can qualify (an edit at the first position moves one of them there; any later edit
 * keeps the first letter), so only those are tried: about a tenth of a 100k library's vocabulary.
 */
export function fuzzyWords(index: SearchIndex, term: string): number[] {
  const { vocab } = index;
  const min = term.length - 1;
  const tried: number[] = [];
  const firsts = new Set([term.charCodeAt(0), term.charCodeAt(1)]);
  for (const c of firsts) {
    const ch = String.fromCharCode(c);
    for (let i = lowerBound(vocab, ch), end = lowerBound(vocab, ch + '\uffff'); i < end; i++) tried.push(i);
  }
  const bySecond = secondLetters(index);
  for (const c of firsts) for (const i of bySecond.get(c) ?? []) if (!firsts.has(vocab[i]!.charCodeAt(0))) tried.push(i);
  tried.sort((a, b) => a - b);
  const out: number[] = [];
  for (const i of tried) {
    const w = vocab[i]!;
    if (w.length >= min && prefixWithinOneEdit(term, w) && !w.startsWith(term)) out.push(i);
  }
  return out;
}

/** Vocabulary ids by their word's second letter, made once per index. */
function secondLetters(index: SearchIndex): Map<number, Int32Array> {
  if (index.cache.bySecond) return index.cache.bySecond;
  const lists = new Map<number, number[]>();
  index.vocab.forEach((w, i) => {
    if (w.length < 2) return;
    const c = w.charCodeAt(1);
    const list = lists.get(c);
    if (list) list.push(i);
    else lists.set(c, [i]);
  });
  const bySecond = new Map([...lists].map(([c, ids]) => [c, Int32Array.from(ids)] as const));
  index.cache.bySecond = bySecond;
  return bySecond;
}

/**
 * True when some prefix of `word` is at most one edit from `term`: a substitution, an insertion,
 * a deletion or a swap of neighbours (`ribiero` for `ribeiro`, the commonest slip when typing).
 */
export function prefixWithinOneEdit(term: string, word: string): boolean {
  const tl = term.length;
  const wl = word.length;
  let i = 0;
  while (i < tl && i < wl && term.charCodeAt(i) === word.charCodeAt(i)) i++;
  if (i === tl) return true;
  return (
    restIsPrefix(term, i + 1, word, i + 1) || // substitution
    restIsPrefix(term, i + 1, word, i) || // the term has an extra letter
    restIsPrefix(term, i, word, i + 1) || // the term misses a letter
    (term.charCodeAt(i) === word.charCodeAt(i + 1) &&
      term.charCodeAt(i + 1) === word.charCodeAt(i) &&
      restIsPrefix(term, i + 2, word, i + 2))
  );
}

function restIsPrefix(term: string, ti: number, word: string, wi: number): boolean {
  if (term.length - ti > word.length - wi) return false;
  for (; ti < term.length; ti++, wi++) if (term.charCodeAt(ti) !== word.charCodeAt(wi)) return false;
  return true;
}
