// How every feature reads an entry: decoded field text, people, year, labels and search text.
// Each derived value is computed once per entry and cached in a WeakMap, keyed by the entry's
// fields: an entry read again at another place in its file keeps them (bibtex.ts). Pure, core-only.
import type { BibEntry } from '../../model/entry';
import { fold } from '../../model/fold';
import { latexToUnicode } from './latex';
import { formatAuthorsShort, parseNames, type Names } from './names';

interface Derived {
  text: Map<string, string>;
  people: Map<string, Names>;
  search?: string;
  label?: string;
}

const cache = new WeakMap<BibEntry['fields'], Derived>();

function derived(entry: BibEntry): Derived {
  let d = cache.get(entry.fields);
  if (!d) {
    d = { text: new Map(), people: new Map() };
    cache.set(entry.fields, d);
  }
  return d;
}

/** A field as Unicode text, '' when absent. Values not read from BibTeX are plain text already. */
export function fieldText(entry: BibEntry, name: string): string {
  const field = entry.fields.get(name);
  if (!field) return '';
  if (entry.format !== 'bibtex') return field.raw;
  const d = derived(entry);
  let text = d.text.get(name);
  if (text === undefined) {
    text = latexToUnicode(field.raw);
    d.text.set(name, text);
  }
  return text;
}

/**
 * A field as Unicode text without caching it: for passes over every entry (the search index)
 * whose result is kept elsewhere; a cache entry per entry would be garbage to collect at start-up.
 */
export function fieldTextOnce(entry: BibEntry, name: string): string {
  const field = entry.fields.get(name);
  if (!field) return '';
  if (entry.format !== 'bibtex') return field.raw;
  return cache.get(entry.fields)?.text.get(name) ?? latexToUnicode(field.raw);
}

/** Non-BibTeX entries store people as `Family, Given and {Corporate Name}`: only braces to strip. */
function plainPart(part: string): string {
  return part.replace(/[{}]/g, '').trim();
}

/** The entry's authors (or editors); `author` falls back to `editor` when the entry has no author. */
export function entryPeople(entry: BibEntry, role: 'author' | 'editor' = 'author'): Names {
  const d = derived(entry);
  let names = d.people.get(role);
  if (!names) {
    const field = entry.fields.get(role) ?? (role === 'author' ? entry.fields.get('editor') : undefined);
    names = field ? parseNames(field.raw, entry.format === 'bibtex' ? latexToUnicode : plainPart) : { people: [], others: false };
    d.people.set(role, names);
  }
  return names;
}

/** The year: the `year` field, else the year that starts the BibLaTeX `date` (`2017-05`, `1998/2000`). */
export function entryYear(entry: BibEntry, read: (entry: BibEntry, name: string) => string = fieldText): string {
  const year = read(entry, 'year');
  if (year) return year;
  const date = read(entry, 'date');
  const m = /^\s*(-?\d{1,4})/.exec(date);
  return m?.[1] ?? '';
}

export function entryTitle(entry: BibEntry): string {
  return fieldText(entry, 'title');
}

/** "Lundberg", "Lundberg and Lee", "Lundberg et al."; '' when the entry names nobody. */
export function authorLabel(entry: BibEntry): string {
  const d = derived(entry);
  if (d.label === undefined) {
    const { people, others } = entryPeople(entry);
    d.label = formatAuthorsShort(people, others);
  }
  return d.label;
}

const searchFields = ['title', 'keywords', 'journal', 'journaltitle', 'booktitle'];

/**
 * Lower-case, accent-folded text to match queries against: key, authors' names, title, year,
 * keywords and journal/booktitle, separated by single spaces.
 */
export function entrySearchText(entry: BibEntry): string {
  const d = derived(entry);
  if (d.search === undefined) {
    const parts: string[] = [entry.key];
    for (const p of entryPeople(entry).people) {
      if (p.literal) parts.push(p.literal);
      else {
        if (p.given) parts.push(p.given);
        if (p.prefix) parts.push(p.prefix);
        parts.push(p.family);
      }
    }
    parts.push(fieldText(entry, 'title'), entryYear(entry));
    for (const name of searchFields.slice(1)) {
      const text = fieldText(entry, name);
      if (text) parts.push(text);
    }
    d.search = foldForSearch(parts.join(' '));
  }
  return d.search;
}

/** Folded form of each non-ASCII character met so far: normalizing once per character, not per string. */
const folds = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = folds.get(ch);
  if (folded === undefined) {
    folded = /\s/.test(ch) ? ' ' : fold(ch);
    folds.set(ch, folded);
  }
  return folded;
}

/** Lower case, accents stripped (NFD minus marks), blanks (incl. no-break spaces) collapsed to one space. */
export function foldForSearch(text: string): string {
  const s = text.toLowerCase();
  const parts: string[] = [];
  let run = 0;
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const blank = c === 32 || c === 9 || c === 10 || c === 13;
      if (!blank) space = false;
      else if (space) {
        if (run < i) parts.push(s.slice(run, i));
        run = i + 1;
      } else {
        space = true;
        if (c !== 32) {
          if (run < i) parts.push(s.slice(run, i));
          parts.push(' ');
          run = i + 1;
        }
      }
      continue;
    }
    if (run < i) parts.push(s.slice(run, i));
    const width = c >= 0xd800 && c < 0xdc00 ? 2 : 1;
    const folded = foldChar(s.slice(i, i + width));
    if (folded === ' ') {
      if (!space) parts.push(' ');
      space = true;
    } else if (folded !== '') {
      parts.push(folded);
      space = false;
    }
    i += width - 1;
    run = i + 1;
  }
  if (run < s.length) parts.push(s.slice(run));
  const out = parts.length === 1 ? (parts[0] as string) : parts.join('');
  return space ? out.trimEnd() : out;
}
