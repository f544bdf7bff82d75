// updateSearchIndex(): the search index of a new list of docs made from the index of an earlier
// list, when most docs are the same objects as before (a Zotero write changes a few items of a
// library of 100k). Only the new docs are scanned; the earlier postings are renumbered and the new
// ones merged in, so the result is the index buildSearchIndex would make, in a fraction of its time.
import { buildSearchIndex, KEY_SEP, PairCollector, scanDoc, type SearchDoc, type SearchIndex } from './searchIndex';

/** Above this share of new docs a fresh build is about as cheap, and simpler. */
const MOST_NEW = 0.25;

/**
 * The index of `docs`, where `earlierOf[i]` is the position in `earlier.docs` of a doc equal to
 * `docs[i]` (the same text), or -1 for a doc not indexed before. Docs kept from the earlier list
 * must keep their relative order; when they do not, or when most docs are new, it builds afresh.
 */
export function updateSearchIndex(earlier: SearchIndex, docs: readonly SearchDoc[], earlierOf: Int32Array): SearchIndex {
  const n = docs.length;
  const renumber = new Int32Array(earlier.docs.length).fill(-1);
  const fresh: number[] = [];
  let last = -1;
  for (let i = 0; i < n; i++) {
    const o = earlierOf[i]!;
    if (o < 0) {
      fresh.push(i);
      continue;
    }
    if (o <= last || o >= earlier.docs.length) return buildSearchIndex(docs);
    last = o;
    renumber[o] = i;
  }
  if (fresh.length > n * MOST_NEW) return buildSearchIndex(docs);

  // The new docs' words, each with its postings in doc order (the docs are scanned in order).
  const pairs = new PairCollector(fresh.length * 28 + 16);
  const freshKeys = new Map<number, string>();
  for (const doc of fresh) freshKeys.set(doc, scanDoc(pairs, docs[doc]!, doc));
  const freshPostings: number[][] = pairs.names.map(() => []);
  for (let k = 0; k < pairs.count; k++) freshPostings[pairs.words[k]!]!.push(pairs.values[k]!);
  const freshOrder = pairs.names.map((_, id) => id).sort((a, b) => compare(pairs.names[a]!, pairs.names[b]!));

  // Merge the two sorted vocabularies; a word left without postings (its docs went) goes.
  const vocab: string[] = [];
  const starts: number[] = [0];
  const postings = new Int32Array(earlier.postings.length + pairs.count);
  let count = 0;
  let f = 0;
  const old = earlier.vocab;
  const emit = (word: string): void => {
    if (count === starts[starts.length - 1]) return;
    vocab.push(word);
    starts.push(count);
  };
  const takeOld = (w: number): void => {
    for (let k = earlier.start[w]!, end = earlier.start[w + 1]!; k < end; k++) {
      const v = earlier.postings[k]!;
      const d = renumber[v >> 1]!;
      if (d >= 0) postings[count++] = d * 2 + (v & 1);
    }
  };
  const takeBoth = (w: number, id: number): void => {
    // Both lists are in doc order and name different docs: a merge keeps the order.
    const added = freshPostings[id]!;
    let a = 0;
    for (let k = earlier.start[w]!, end = earlier.start[w + 1]!; k < end; k++) {
      const v = earlier.postings[k]!;
      const d = renumber[v >> 1]!;
      if (d < 0) continue;
      while (a < added.length && added[a]! >> 1 < d) postings[count++] = added[a++]!;
      postings[count++] = d * 2 + (v & 1);
    }
    while (a < added.length) postings[count++] = added[a++]!;
  };
  for (let w = 0; w <= old.length; w++) {
    const word = old[w];
    while (f < freshOrder.length && (word === undefined || compare(pairs.names[freshOrder[f]!]!, word) < 0)) {
      const id = freshOrder[f++]!;
      for (const v of freshPostings[id]!) postings[count++] = v;
      emit(pairs.names[id]!);
    }
    if (word === undefined) break;
    if (f < freshOrder.length && pairs.names[freshOrder[f]!] === word) takeBoth(w, freshOrder[f++]!);
    else takeOld(w);
    emit(word);
  }

  // Keys: the earlier folded keys for kept docs, the new ones folded by the scan.
  const keyParts: string[] = new Array<string>(n);
  const keyStart = new Int32Array(n + 1);
  let offset = 1;
  for (let i = 0; i < n; i++) {
    const o = earlierOf[i]!;
    const key = o >= 0 ? earlier.keyText.slice(earlier.keyStart[o]!, earlier.keyStart[o + 1]! - 1) : freshKeys.get(i)!;
    keyParts[i] = key;
    keyStart[i] = offset;
    offset += key.length + 1;
  }
  keyStart[n] = offset;
  return {
    docs,
    vocab,
    start: Int32Array.from(starts),
    postings: postings.slice(0, count),
    keyText: KEY_SEP + keyParts.join(KEY_SEP) + KEY_SEP,
    keyStart,
    cache: {},
  };
}

/** The order Array.prototype.sort gives strings: UTF-16 code units. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
