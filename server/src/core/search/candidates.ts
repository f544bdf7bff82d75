// Candidate narrowing: which docs match every query word, by word prefix, key substring or (on
// request) one typo. Cheap enough for 100k docs; the few survivors are ranked elsewhere.
import { hasLetter } from './fold';
import { KEY_SEP, type SearchIndex } from './searchIndex';

/** Typo tolerance starts at this word length; shorter words have too many one-edit neighbours. */
export const TYPO_MIN_LENGTH = 4;

/** Docs matching all terms, with per-doc counts of how they matched. */
export interface Candidates {
  docs: number[];
  /** Per doc (indexed by doc id): terms matched only thanks to a typo. */
  typos: Uint8Array;
  /** Per doc: terms matched in the key or the authors. */
  strong: Uint8Array;
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
 * Docs that match every term. A term matches a doc when it starts one of the doc's words, occurs
 * in its key, or (with `typos`, for terms with a letter and at least TYPO_MIN_LENGTH characters)
 * starts a word after one substitution, insertion or deletion.
 */
export function narrow(index: SearchIndex, terms: readonly string[], typos: boolean): Candidates {
  const n = index.docs.length;
  const result: Candidates = { docs: [], typos: new Uint8Array(n), strong: new Uint8Array(n) };
  if (terms.length === 0) return result;
  // Processing the rarest term first does not change the result, but keeps later passes cheap.
  const plans = terms.map((t) => planTerm(index, t, typos)).sort((a, b) => a.cost - b.cost);
  const level = new Uint8Array(n);
  const strongAt = new Uint8Array(n);
  const { start, postings } = index;

  plans.forEach((plan, j) => {
    const last = j === plans.length - 1;
    const visit = (d: number, strong: number, typo: number): void => {
      if (level[d] === j) {
        level[d] = j + 1;
        if (typo) result.typos[d]!++;
        if (last) result.docs.push(d);
      } else if (level[d] !== j + 1) return;
      if (strong && strongAt[d] !== j + 1) {
        strongAt[d] = j + 1;
        result.strong[d]!++;
      }
    };
    for (let k = start[plan.lo]!, end = start[plan.hi]!; k < end; k++) {
      const v = postings[k]!;
      visit(v >> 1, v & 1, 0);
    }
    for (const d of plan.keyDocs) visit(d, 1, 0);
    for (const w of plan.fuzzy) {
      for (let k = start[w]!, end = start[w + 1]!; k < end; k++) {
        const v = postings[k]!;
        visit(v >> 1, v & 1, 1);
      }
    }
  });
  result.docs.sort((a, b) => a - b);
  return result;
}

function planTerm(index: SearchIndex, term: string, typos: boolean): TermPlan {
  const lo = lowerBound(index.vocab, term);
  let hi = lo;
  // A prefix range is short in practice; a linear walk avoids building an upper-bound key.
  while (hi < index.vocab.length && index.vocab[hi]!.startsWith(term)) hi++;
  const keyDocs = term.length >= 2 ? keysContaining(index, term) : [];
  const fuzzy = typos && term.length >= TYPO_MIN_LENGTH && hasLetter(term) ? fuzzyWords(index.vocab, term) : [];
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

/** Docs whose folded key is exactly `foldedKey` (duplicates across files are possible). */
export function keysEqual(index: SearchIndex, foldedKey: string): number[] {
  const { keyText, keyStart } = index;
  if (foldedKey.length === 0 || foldedKey.includes(KEY_SEP)) return [];
  const needle = KEY_SEP + foldedKey + KEY_SEP;
  const out: number[] = [];
  let d = 0;
  let pos = keyText.indexOf(needle);
  while (pos !== -1) {
    while (keyStart[d + 1]! <= pos + 1) d++;
    out.push(d);
    pos = keyText.indexOf(needle, pos + needle.length - 1);
  }
  return out;
}

/** Vocabulary ids of words that start with `term` after exactly one edit (not with none). */
function fuzzyWords(vocab: readonly string[], term: string): number[] {
  const out: number[] = [];
  const min = term.length - 1;
  for (let i = 0; i < vocab.length; i++) {
    const w = vocab[i]!;
    if (w.length >= min && prefixWithinOneEdit(term, w) && !w.startsWith(term)) out.push(i);
  }
  return out;
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
