// Adapter from the entry model to the plain SearchDoc the index reads, through bib/fields.ts so
// search sees the same decoded text (LaTeX to Unicode, parsed names) as hover and completion.
import type { BibEntry } from '../bib/entry';
import { entryPeople, entryYear, fieldText } from '../bib/fields';
import type { SearchDoc } from './searchIndex';

const VENUE_FIELDS = ['journal', 'journaltitle', 'booktitle', 'shorttitle'];

/** Authors (editors when there are none) as `Given von Family`, so every name part is a word. */
function peopleText(entry: BibEntry): string {
  return entryPeople(entry)
    .people.map((p) => p.literal ?? [p.given, p.prefix, p.family, p.suffix].filter(Boolean).join(' '))
    .join(' and ');
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
