// Adapter from the entry model to the plain SearchDoc the index reads.
// Until bib/fields.ts lands this reads raw fields with a minimal LaTeX clean-up.
import type { BibEntry } from '../bib/entry';
import type { SearchDoc } from './searchIndex';

const ACCENT: Record<string, string> = { '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307', u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a' };
const LETTER: Record<string, string> = { ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', aa: 'å', AA: 'Å', i: 'ı', j: 'ȷ' };

/** Turns the common LaTeX of bibliography fields into plain Unicode text; good enough to search. */
export function plainText(raw: string): string {
  return raw
    .replace(/\\([a-zA-Z]{1,2})\b\s*(?:\{\})?/g, (m, name: string) => LETTER[name] ?? m)
    .replace(/\\(["'`^~=.])\s*\{?\s*\\?([a-zA-Z])\}?/g, (_, acc: string, ch: string) => ch + (ACCENT[acc] ?? ''))
    .replace(/\\([uvHckr])\s*\{\s*\\?([a-zA-Z])\s*\}/g, (_, acc: string, ch: string) => ch + (ACCENT[acc] ?? ''))
    .replace(/\\[a-zA-Z]+\*?/g, ' ')
    .replace(/[{}$\\~]/g, (c) => (c === '~' ? ' ' : ''))
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

function field(entry: BibEntry, ...names: string[]): string {
  for (const name of names) {
    const f = entry.fields.get(name);
    if (f && f.raw.trim()) return plainText(f.raw);
  }
  return '';
}

/** The searchable text of an entry: authors (or editors), title, year (or date), keywords, venue. */
export function searchDocFromEntry(entry: BibEntry): SearchDoc {
  const csl = entry.csl;
  const year = field(entry, 'year') || field(entry, 'date').slice(0, 4);
  return {
    key: entry.key,
    authors: field(entry, 'author') || field(entry, 'editor'),
    title: field(entry, 'title') || (typeof csl?.['title'] === 'string' ? csl['title'] : ''),
    year,
    keywords: field(entry, 'keywords'),
    extra: [field(entry, 'journal', 'journaltitle', 'booktitle'), field(entry, 'shorttitle')].filter(Boolean).join(' '),
  };
}
