// Adapter from the entry model to the plain SearchDoc the index reads, through bib/fields.ts so
// search sees the same decoded text (LaTeX to Unicode) as hover and completion. The decoded
// field text is not cached per entry (the doc holds it); the doc is, by the entry's fields, so an
// index built again after a re-export reuses the docs of the entries that did not change.
import type { BibEntry } from '../model/entry';
import { entryYear, fieldTextOnce as fieldText } from '../syntax/bib/fields';
import type { SearchDoc } from './searchIndex';

const VENUE_FIELDS = ['journal', 'journaltitle', 'booktitle', 'shorttitle'];

/**
 * Authors (editors when there are none) as decoded field text with the `and` separators dropped:
 * the index only needs the words, and parsing every name of 100k entries would cost about 0.4 s
 * at start-up (measured); names are parsed later, only for the entries a user sees.
 */
function peopleText(entry: BibEntry): string {
  const text = fieldText(entry, 'author') || fieldText(entry, 'editor');
  return text.includes(' and ') ? text.replace(/\s+and\s+others\s*$/i, '').replace(/\s+and\s+/g, '; ') : text;
}

const docs = new WeakMap<BibEntry['fields'], SearchDoc>();

/** The searchable text of an entry: people, title, year, keywords; venue as low-weight extra. */
export function searchDocFromEntry(entry: BibEntry): SearchDoc {
  let doc = docs.get(entry.fields);
  if (!doc) docs.set(entry.fields, (doc = docFrom(entry)));
  return doc;
}

function docFrom(entry: BibEntry): SearchDoc {
  return {
    key: entry.key,
    authors: peopleText(entry),
    title: fieldText(entry, 'title'),
    year: sharedYear(entryYear(entry, fieldText)),
    keywords: fieldText(entry, 'keywords'),
    extra: venueText(entry),
  };
}

/**
 * A library has few distinct years: each is kept once rather than once per entry (2.4 MB at 100k
 * entries). The table holds only short strings and stops growing at a bound.
 */
const years = new Map<string, string>();

function sharedYear(year: string): string {
  if (year.length > 8) return year;
  const known = years.get(year);
  if (known !== undefined) return known;
  if (years.size < 10_000) years.set(year, year);
  return year;
}

function venueText(entry: BibEntry): string {
  let out = '';
  for (const name of VENUE_FIELDS) {
    const text = fieldText(entry, name);
    if (text) out = out ? `${out} ${text}` : text;
  }
  return out;
}
