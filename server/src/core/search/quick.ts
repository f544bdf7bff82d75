// The quick scan: picks the entries of a large library that may match a query, from the raw
// fields as read, without the search index. It answers the first requests while the index is
// still being built; the caller ranks what it picks with the normal search over those alone.
import type { BibEntry } from '../model/entry';
import { fold, words } from './fold';

/** Most entries the scan hands on to ranking; ranking an index of them costs a few milliseconds. */
export const QUICK_LIMIT = 600;
/** The scan also stops at this many entries whose key starts with the first word (as many as ranking takes). */
const QUICK_FRONT = 300;

/** The raw fields the scan reads: what a writer types to find a work (the index reads more). */
const FIELDS = ['author', 'title', 'year', 'editor'];

/**
 * Indices into `entries` worth ranking for `query`: each query word occurs (ignoring case) in the
 * key or one of the raw fields. Entries whose key starts with the first word, and entries with a
 * boost (cited in the document), come first; the scan stops at QUICK_FRONT of those or
 * QUICK_LIMIT in all. An empty query picks the boosted entries and
 * then the newest. Raw text keeps LaTeX (`Sch{\"o}lkopf`), so a few entries the index would find
 * are missed here; callers say the answer is incomplete.
 */
export function quickCandidates(entries: readonly BibEntry[], query: string, boost?: (key: string) => number, limit = 100): number[] {
  const terms = [...new Set(words(fold(query).trim()))].sort((a, b) => b.length - a.length);
  if (terms.length === 0) return newest(entries, boost, limit);
  const patterns = terms.map((t) => new RegExp(t, 'i'));
  const first = new RegExp(`^${words(fold(query).trim())[0]}`, 'i');
  const front: number[] = [];
  const rest: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (!matchesAll(entry, patterns)) continue;
    if (first.test(entry.key) || (boost && boost(entry.key) > 0)) front.push(i);
    else rest.push(i);
    // Enough to rank: a query this common gets a better list at the next keystroke, and stopping
    // early keeps the scan to a fraction of the library.
    if (front.length >= QUICK_FRONT || front.length + rest.length >= QUICK_LIMIT) break;
  }
  return front.concat(rest);
}

function matchesAll(entry: BibEntry, patterns: readonly RegExp[]): boolean {
  for (const p of patterns) {
    if (p.test(entry.key)) continue;
    let found = false;
    for (const name of FIELDS) {
      const raw = entry.fields.get(name)?.raw;
      if (raw !== undefined && p.test(raw)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
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
