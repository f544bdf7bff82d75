// The quick scan: picks the entries of a large library that may match a query, from the raw
// fields as read, without the search index. It answers the first requests while the index is
// still being built; the caller ranks what it picks with the normal search over those alone.
import type { BibEntry } from '../model/entry';
import { rawField } from '../model/fieldList';
import { fold, words } from './fold';

/** Most entries the scan hands on to ranking; ranking an index of them costs a few milliseconds. */
export const QUICK_LIMIT = 400;
/** The scan also stops at this many entries whose key starts with the first word (as many as ranking takes). */
const QUICK_FRONT = 200;

/** The raw fields the scan reads: what a writer types to find a work (the index reads more). */
const FIELDS = ['author', 'title', 'year', 'editor'];

/**
 * The raw fields the scan reads, lower-cased, one segment per entry (key first), in chunks of
 * QUICK_CHUNK entries made as the scan first needs them. Searching
 * this with indexOf costs a few milliseconds at 100k entries, where testing each entry's fields in
 * turn cost 60 to 150 ms (measured); making all of it costs about 250 ms, hence the chunks.
 */
export interface QuickText {
  readonly entries: readonly BibEntry[];
  readonly chunks: (QuickChunk | undefined)[];
}

interface QuickChunk {
  text: string;
  /** Where the chunk's entry i starts in `text`; `starts[count]` is its end. */
  starts: Int32Array;
}

export const QUICK_CHUNK = 2048;

export function quickText(entries: readonly BibEntry[]): QuickText {
  return { entries, chunks: [] };
}

/** An entry's segment of the scan's text, before lower-casing: its key, then each field after SEP, then END. */
function segmentOf(entry: BibEntry): string {
  let segment = entry.key;
  for (const name of FIELDS) segment += SEP + (rawField(entry.fields, name) ?? '');
  return segment + END;
}

function chunkAt(q: QuickText, c: number): QuickChunk {
  const made = q.chunks[c];
  if (made) return made;
  let parts = q.entries.slice(c * QUICK_CHUNK, (c + 1) * QUICK_CHUNK).map(segmentOf);
  let text = parts.join('').toLowerCase();
  // A few characters change length when lower-cased (`İ`); then each segment is lower-cased alone.
  if (text.length !== parts.reduce((n, s) => n + s.length, 0)) {
    parts = parts.map((s) => s.toLowerCase());
    text = parts.join('');
  }
  const starts = new Int32Array(parts.length + 1);
  parts.forEach((s, i) => (starts[i + 1] = starts[i]! + s.length));
  const chunk = { text, starts };
  q.chunks[c] = chunk;
  return chunk;
}

// Separators no query word contains (words are letters and digits), so no match spans two fields.
const SEP = '\u0001';
const END = '\u0000';

/**
 * Indices into `entries` worth ranking for `query`: each query word occurs (ignoring case) in the
 * key or one of the raw fields. Entries whose key starts with the first word, and entries with a
 * boost (cited in the document), come first; the scan stops at QUICK_FRONT of those or
 * QUICK_LIMIT in all. An empty query picks the boosted entries and
 * then the newest. Raw text keeps LaTeX (`Sch{\"o}lkopf`), so a few entries the index would find
 * are missed here; callers say the answer is incomplete. `haystack` is `quickText(entries)`, which
 * callers keep while they need the scan.
 */
export function quickCandidates(
  entries: readonly BibEntry[],
  query: string,
  boost?: (key: string) => number,
  limit = 100,
  haystack: QuickText = quickText(entries),
): number[] {
  const terms = [...new Set(words(fold(query).trim()))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return newest(entries, boost, limit);
  const firstWord = words(fold(query).trim())[0]!;
  // The longest word is likely the rarest: its occurrences are the entries to try.
  const [lead, ...others] = terms as [string, ...string[]];
  const front: number[] = [];
  const rest: number[] = [];
  const count = Math.ceil(entries.length / QUICK_CHUNK);
  for (let c = 0; c < count; c++) {
    const { text, starts } = chunkAt(haystack, c);
    let i = 0;
    for (let pos = text.indexOf(lead); pos !== -1; ) {
      while (starts[i + 1]! <= pos) i++;
      const from = starts[i]!;
      const to = starts[i + 1]!;
      const segment = others.length ? text.slice(from, to) : '';
      if (others.every((t) => segment.includes(t))) {
        const index = c * QUICK_CHUNK + i;
        if (text.startsWith(firstWord, from) || (boost && boost(entries[index]!.key) > 0)) front.push(index);
        else rest.push(index);
        // Enough to rank: a query this common gets a better list at the next keystroke, and
        // stopping early keeps the scan to a fraction of the library.
        if (front.length >= QUICK_FRONT || front.length + rest.length >= QUICK_LIMIT) return front.concat(rest);
      }
      pos = text.indexOf(lead, to);
    }
  }
  return front.concat(rest);
}

/** Boosted entries, then the newest by the first four-digit run of the raw year or date. */
function newest(entries: readonly BibEntry[], boost: ((key: string) => number) | undefined, limit: number): number[] {
  const boosted: number[] = [];
  const years = new Int32Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (boost && boost(entry.key) > 0) boosted.push(i);
    const raw = entry.fields.get('year')?.raw ?? entry.fields.get('date')?.raw;
    const m = raw ? /\d{4}/.exec(raw) : null;
    years[i] = m ? Number(m[0]) : 0;
  }
  const order = Array.from({ length: entries.length }, (_, i) => i).sort((a, b) => years[b]! - years[a]! || a - b);
  return [...new Set([...boosted, ...order.slice(0, limit)])];
}
