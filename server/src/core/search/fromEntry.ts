// Adapter from the entry model to the plain SearchDoc the index reads, through bib/fields.ts so
// search sees the same decoded text (LaTeX to Unicode, parsed names) as hover and completion.
import type { BibEntry } from '../bib/entry';
import { entryYear, fieldText } from '../bib/fields';
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

/** The searchable text of an entry: people, title, year, keywords; venue as low-weight extra. */
export function searchDocFromEntry(entry: BibEntry): SearchDoc {
  return {
    key: entry.key,
    authors: peopleText(entry),
    title: fieldText(entry, 'title'),
    year: entryYear(entry),
    keywords: fieldText(entry, 'keywords'),
    extra: VENUE_FIELDS.map((name) => fieldText(entry, name)).filter(Boolean).join(' '),
  };
}
