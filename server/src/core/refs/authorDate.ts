// Parsers for author-date styles: APA 7 ("Family, I. (2020). Title. Journal, 1(2), 3–4."),
// Harvard ("Family, I. (2020) “Title,” Journal, 1(2), pp. 3–4.") and Chicago author-date
// ("Family, Given, and Given Family. 2020. “Title.” Journal 1 (2): 3–4."). Pure; never throws.
import { splitTitleContainer } from './nature';
import { stripEnd, takeIdentifiers, tidy, tidyPages } from './common';
import { type NameForm, readNames } from './people';
import type { ParsedReference } from './types';

const YEAR = String.raw`(?:1[5-9]|20)\d\d[a-z]?`;
const PAGES = String.raw`[A-Za-z]*\d+[A-Za-z\d]*(?:\s*[–—-]\s*[A-Za-z]*\d+[A-Za-z\d]*)?`;

/** Where the year sits in each style, and how its names are written. */
const LAYOUT = {
  apa: { year: new RegExp(String.raw`\s*\((${YEAR}|n\.d\.)(?:,[^)]*)?\)\.\s*`), forms: ['family-initials'] as NameForm[], first: undefined },
  harvard: { year: new RegExp(String.raw`\s*\((${YEAR}|no date)(?:,[^)]*)?\)\s*`), forms: ['family-initials'] as NameForm[], first: undefined },
  chicago: { year: new RegExp(String.raw`\.\s+(${YEAR}|n\.d\.)\.\s+`), forms: ['given-family', 'initials-family'] as NameForm[], first: ['family-given', 'family-initials'] as NameForm[] },
};

export function parseAuthorDate(ref: ParsedReference): void {
  const style = ref.style === 'harvard' || ref.style === 'chicago' ? ref.style : 'apa';
  const layout = LAYOUT[style];
  let text = tidy(ref.text);
  text = takeIdentifiers(text, ref).replace(/\s*(?:doi:|Available at:|Available from:)\s*\.?\s*$/i, '').trim();
  const year = layout.year.exec(text);
  if (!year) {
    ref.notes.push('year not found where the style puts it');
    ref.confidence.year = 0;
    ref.title = stripEnd(text);
    return;
  }
  if (/\d/.test(year[1] as string)) ref.year = (year[1] as string).slice(0, 4);
  ref.confidence.year = 1;
  const namesText = text.slice(0, year.index) + (style === 'chicago' ? '.' : '');
  const names = readNames(namesText, layout.forms, { firstForms: layout.first, literalEnd: /$/ });
  ref.authors = names.people;
  ref.others = names.others;
  ref.confidence.authors = names.end >= namesText.replace(/\.$/, '').trim().length - 1 ? 0.95 : 0.5;
  if (ref.confidence.authors < 0.6) ref.notes.push('author list not fully understood');
  const rest = text.slice(year.index + year[0].length).trim();
  const quoted = /^[“"‘](.+?)[,.]?[”"’][,.]?\s*(.*)$/.exec(rest);
  if (quoted) {
    ref.title = stripEnd(quoted[1] as string);
    ref.confidence.title = 0.95;
    readContainer(ref, quoted[2] as string, true);
  } else if (style === 'apa' && readApaTail(ref, rest)) {
    return;
  } else {
    readBook(ref, rest);
  }
}

/** "Journal, 21(1), pp. 46–57." or "Journal 50 (3): 586–606." after a quoted title. */
function readContainer(ref: ParsedReference, text: string, quotedTitle: boolean): void {
  const t = stripEnd(text);
  const m = new RegExp(String.raw`^(.*?)[,]?\s+(?:vol\.\s*)?(\d+[A-Za-z]?)(?:\s*\(([^)]+)\)|,\s*no\.\s*(\w+))?(?:(?:,|:)\s*(?:pp?\.\s*)?(${PAGES}))?$`).exec(t);
  if (m && m[1]) {
    ref.type = 'article';
    ref.container = stripEnd(m[1]);
    ref.volume = m[2] as string;
    if (m[3] ?? m[4]) ref.issue = (m[3] ?? m[4]) as string;
    if (m[5]) ref.pages = tidyPages(m[5]);
    ref.confidence.container = 0.9;
    return;
  }
  const inMatch = /^In:?\s+(.*)$/.exec(t);
  if (inMatch) {
    ref.type = 'incollection';
    ref.container = stripEnd((inMatch[1] as string).split(/[,.]\s/)[0] ?? '');
    ref.confidence.container = 0.5;
    return;
  }
  if (quotedTitle && t) {
    ref.type = 'article';
    ref.container = t.split(/,\s/)[0];
    ref.confidence.container = 0.5;
  }
}

/** APA: "Title. Journal, 1(3), 244–256" — returns false when the text has no journal tail. */
function readApaTail(ref: ParsedReference, text: string): boolean {
  const t = stripEnd(text);
  const m = new RegExp(String.raw`^(.*?\S),\s*(\d+[A-Za-z]?)(?:\s*\(([^)]+)\))?(?:,\s*(${PAGES}))?$`).exec(t);
  if (!m) return false;
  ref.type = 'article';
  ref.volume = m[2] as string;
  if (m[3]) ref.issue = m[3];
  if (m[4]) ref.pages = tidyPages(m[4]);
  splitTitleContainer(ref, m[1] as string);
  return true;
}

/** "Title (2nd ed.). Publisher." / "Title. 6th ed. Place: Publisher." */
function readBook(ref: ParsedReference, text: string): void {
  ref.type = 'book';
  const t = stripEnd(text).replace(/\s*\((?:[^()]*\b(?:Ed|Eds|Trans)\.[^()]*)\)/g, '');
  const parts = t.split(/(?<=[^\s.]{2}[.?!])\s+(?=\S)/);
  const publisherPart = parts.length > 1 ? (parts.pop() as string) : '';
  let title = parts.filter((p) => !/^\d+\w*\s+ed\.$/.test(p)).join(' ');
  title = title.replace(/\s*\(\d+\w*\s+ed\.\)/, '');
  ref.title = stripEnd(title);
  ref.confidence.title = 0.8;
  if (publisherPart) {
    const pub = publisherPart.replace(/^[^:]+:\s*/, '');
    ref.publisher = stripEnd(pub);
    ref.confidence.publisher = 0.8;
  }
}
