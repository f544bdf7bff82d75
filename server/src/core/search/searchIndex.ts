// The per-snapshot search index: a sorted vocabulary with compact postings and the folded keys
// joined into one string. It knows nothing about BibTeX; callers give it plain SearchDocs.
import { fold, isWordCode, NON_ASCII_RE } from './fold';

/** What the index reads of an entry; every field is display text (Unicode, no LaTeX). */
export interface SearchDoc {
  key: string;
  authors: string;
  title: string;
  year: string;
  keywords: string;
  /** Further text worth finding (journal, editors ...), ranked lowest. */
  extra?: string;
}

export interface SearchIndex {
  readonly docs: readonly SearchDoc[];
  /** Distinct folded words of all docs, sorted by UTF-16 code units, so a prefix is one range. */
  readonly vocab: readonly string[];
  /** Postings of word `w` are `postings[start[w] .. start[w + 1])`, each `doc * 2 + strong`. */
  readonly start: Int32Array;
  /** `strong` (the low bit) marks a word seen in the key or the authors, which a writer types most. */
  readonly postings: Int32Array;
  /** Folded keys, each preceded and followed by KEY_SEP, for substring and exact-key search. */
  readonly keyText: string;
  /** Offset in `keyText` of the first character of each key; `keyStart[n]` is past the end. */
  readonly keyStart: Int32Array;
  /** Derived lazily: docs by year (descending) and key, folded key to docs, query scratch space. */
  readonly cache: { byYear?: Int32Array; byKey?: Map<string, number[]>; keyScans?: number; scratch?: Uint8Array; folded?: Map<number, unknown>; bySecond?: Map<number, Int32Array> };
}

/** Cannot occur in a query word, which holds only letters and digits. */
export const KEY_SEP = '\u0001';

/**
 * Collects (word, doc) pairs while scanning text once. Words are interned straight from the text
 * through an open-addressing table hashed during the scan, so indexing 100k entries creates one
 * string per distinct word rather than one per occurrence; this loop is the whole build cost.
 */
export class PairCollector {
  names: string[] = [];
  private hashes: Int32Array = new Int32Array(1 << 12);
  private table: Int32Array = new Int32Array(1 << 13);
  private lastDoc: Int32Array = new Int32Array(1 << 12).fill(-1);
  words: Int32Array;
  values: Int32Array;
  count = 0;

  constructor(expectedPairs: number) {
    this.words = new Int32Array(Math.max(1 << 12, expectedPairs));
    this.values = new Int32Array(this.words.length);
  }

  /**
   * Adds every word of `text` to `doc`; with `splitDigits`, letter/digit changes split words.
   * Non-ASCII text is folded first; ASCII text is read as it is, lower-cased code by code (the
   * field texts are flat strings by now, and a lower-cased copy of each cost 10% of the build).
   */
  scan(raw: string, doc: number, strong: number, splitDigits: boolean): void {
    const text = NON_ASCII_RE.test(raw) ? fold(raw) : raw;
    let start = -1;
    let digit = false;
    let h = 0;
    for (let i = 0; i <= text.length; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 128 && isWordCode(c))) {
        const d = c >= 48 && c <= 57;
        if (start >= 0 && splitDigits && d !== digit) {
          this.add(text, start, i, h, doc, strong);
          start = -1;
        }
        if (start < 0) {
          start = i;
          digit = d;
          h = 0x811c9dc5;
        }
        h = Math.imul(h ^ c, 0x01000193);
      } else if (start >= 0) {
        this.add(text, start, i, h, doc, strong);
        start = -1;
      }
    }
  }

  private add(text: string, start: number, end: number, h: number, doc: number, strong: number): void {
    const id = this.intern(text, start, end, h);
    // Strong fields are scanned first, so the first sighting in a doc carries the strong bit.
    if (this.lastDoc[id] === doc) return;
    this.lastDoc[id] = doc;
    if (this.count === this.words.length) {
      this.words = grow(this.words, this.count * 2, 0);
      this.values = grow(this.values, this.count * 2, 0);
    }
    this.words[this.count] = id;
    this.values[this.count] = doc * 2 + strong;
    this.count++;
  }

  /** The id of the lower-cased word `text[start, end)`, whose hash `h` the scan computed. */
  private intern(text: string, start: number, end: number, h: number): number {
    const mask = this.table.length - 1;
    let slot = h & mask;
    const len = end - start;
    for (;;) {
      const id = this.table[slot]! - 1;
      if (id < 0) break;
      if (this.hashes[id] === h && sameLowerCase(this.names[id]!, text, start, len)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.names.length;
    this.names.push(text.slice(start, end).toLowerCase());
    if (id === this.hashes.length) {
      this.hashes = grow(this.hashes, id * 2, 0);
      this.lastDoc = grow(this.lastDoc, id * 2, -1);
    }
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.names.length * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let k = 0; k < this.names.length; k++) {
      let s = this.hashes[k]! & mask;
      while (table[s] !== 0) s = (s + 1) & mask;
      table[s] = k + 1;
    }
    this.table = table;
  }
}

/** True when `name` (lower case) equals `text[start, start + len)` with ASCII capitals lowered. */
function sameLowerCase(name: string, text: string, start: number, len: number): boolean {
  if (name.length !== len) return false;
  for (let k = 0; k < len; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== name.charCodeAt(k)) return false;
  }
  return true;
}

function grow(a: Int32Array, size: number, fill: number): Int32Array {
  const b = new Int32Array(size);
  if (fill !== 0) b.fill(fill, a.length);
  b.set(a);
  return b;
}

/** Builds the index in one scan of the text, one sort of the distinct words and a counting sort. */
export function buildSearchIndex(docs: readonly SearchDoc[]): SearchIndex {
  // About 26 distinct words per entry in real bibliographies; growing later is fine but costs a copy.
  const pairs = new PairCollector(docs.length * 28);
  const keyParts: string[] = [];
  const keyStart = new Int32Array(docs.length + 1);
  let offset = 1;
  for (let doc = 0; doc < docs.length; doc++) {
    const key = scanDoc(pairs, docs[doc]!, doc);
    keyParts.push(key);
    keyStart[doc] = offset;
    offset += key.length + 1;
  }
  keyStart[docs.length] = offset;
  return assemble(docs, pairs, keyParts, keyStart);
}

/** Adds the words of one doc, strong fields (key, authors) first; returns its folded key. */
export function scanDoc(pairs: PairCollector, d: SearchDoc, doc: number): string {
  const key = fold(d.key);
  pairs.scan(key, doc, 1, true);
  pairs.scan(d.authors, doc, 1, false);
  pairs.scan(d.title, doc, 0, false);
  pairs.scan(d.year, doc, 0, false);
  pairs.scan(d.keywords, doc, 0, false);
  if (d.extra) pairs.scan(d.extra, doc, 0, false);
  return key;
}

function assemble(docs: readonly SearchDoc[], pairs: PairCollector, keyParts: readonly string[], keyStart: Int32Array): SearchIndex {
  const names = pairs.names;
  const byName = new Map<string, number>();
  names.forEach((name, id) => byName.set(name, id));
  const vocab = names.slice().sort();
  const rank = new Int32Array(names.length);
  for (let r = 0; r < vocab.length; r++) rank[byName.get(vocab[r]!)!] = r;

  const { words, values, count } = pairs;
  const start = new Int32Array(vocab.length + 1);
  for (let i = 0; i < count; i++) start[rank[words[i]!]! + 1]!++;
  for (let r = 0; r < vocab.length; r++) start[r + 1]! += start[r]!;
  const cursor = start.slice(0, vocab.length);
  const postings = new Int32Array(count);
  for (let i = 0; i < count; i++) postings[cursor[rank[words[i]!]!]!++] = values[i]!;

  return {
    docs,
    vocab,
    start,
    postings,
    keyText: KEY_SEP + keyParts.join(KEY_SEP) + KEY_SEP,
    keyStart,
    cache: {},
  };
}

/** The first four-digit run of a year field, or 0, for sorting by year. */
export function yearNumber(year: string): number {
  const m = /\d{4}/.exec(year);
  return m ? Number(m[0]) : 0;
}

/** Docs by year descending, then key ascending; computed once per index. */
export function docsByYear(index: SearchIndex): Int32Array {
  if (index.cache.byYear) return index.cache.byYear;
  const n = index.docs.length;
  const years = new Int32Array(n);
  for (let d = 0; d < n; d++) years[d] = yearNumber(index.docs[d]!.year);
  const order = Array.from({ length: n }, (_, d) => d);
  order.sort((a, b) => years[b]! - years[a]! || compareKeys(index.docs[a]!.key, index.docs[b]!.key) || a - b);
  index.cache.byYear = Int32Array.from(order);
  return index.cache.byYear;
}

/** Code-unit order: deterministic and locale-independent. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
