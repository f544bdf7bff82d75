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
  const quoted = /^[“"‘](.+?)[,.]?[”"’](?=[\s,.]|$)[,.]?\s*(.*)$/.exec(rest);
  if (quoted) {
    ref.title = stripEnd(quoted[1] as string);
    ref.confidence.title = 0.95;
    readContainer(ref, quoted[2] as string, true);
  } else if (style === 'apa' && (readApaChapter(ref, rest) || readApaTail(ref, rest))) {
    return;
  } else {
    readBook(ref, rest);
  }
}

/** "Journal, 21(1), pp. 46–57." or "Journal 50 (3): 586–606." after a quoted title. */
function readContainer(ref: ParsedReference, text: string, quotedTitle: boolean): void {
  const t = stripEnd(text);
  if (readInPart(ref, t)) return;
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
  const proc = new RegExp(String.raw`^([^.]*?)(?:\.\s+[^,]+(?:,[^,]+)*?)?,\s*pp?\.\s*(${PAGES})$`).exec(t);
  if (proc && PROCEEDINGS.test(proc[1] as string)) {
    ref.type = 'inproceedings';
    ref.container = stripEnd(proc[1] as string);
    ref.pages = tidyPages(proc[2] as string);
    ref.confidence.container = 0.8;
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

const PROCEEDINGS = /\b(?:Proc\b\.?|Proceedings|Conference|Workshop|Symposium|Meeting)\b/;

/** "In Book, edited by A and B, 147–275. Place: Publisher" (Chicago) or "in A.T. Welford and J.E. Birren (eds.) Book. Place: Publisher, pp. 114–149" (Harvard). */
function readInPart(ref: ParsedReference, text: string): boolean {
  const m = /^[Ii]n:?\s+(.*)$/.exec(text);
  if (!m) return false;
  let rest = m[1] as string;
  const harvardEds = /^(.*?)\s*\((?:eds?|Eds?)\.?\)\s*(.*)$/.exec(rest);
  if (harvardEds) {
    const eds = readNames(harvardEds[1] as string, ['initials-family', 'given-family']);
    ref.editors = eds.people;
    ref.editorsOthers = eds.others;
    rest = harvardEds[2] as string;
    const pages = new RegExp(String.raw`,\s*pp?\.\s*(${PAGES})$`).exec(rest);
    if (pages) {
      ref.pages = tidyPages(pages[1] as string);
      rest = rest.slice(0, pages.index);
    }
    const parts = rest.split(/(?<=[^\s.]{2}\.)\s+(?=\S)/);
    ref.container = stripEnd(parts[0] ?? rest);
    const pub = parts.slice(1).join(' ');
    if (pub) ref.publisher = stripEnd(pub.replace(/^[^:]+:\s*/, ''));
  } else {
    const chicago = new RegExp(String.raw`^(.*?)(?:,\s*edited by\s+(.*?))?(?:,\s*(${PAGES}))?(?:\.(?:\s+(.*))?)?$`).exec(rest);
    if (!chicago) return false;
    ref.container = stripEnd(chicago[1] as string);
    if (chicago[2]) {
      const eds = readNames(chicago[2], ['given-family', 'initials-family']);
      ref.editors = eds.people;
      ref.editorsOthers = eds.others;
    }
    if (chicago[3]) ref.pages = tidyPages(chicago[3]);
    const after = chicago[4] ?? '';
    const pub = /^(?:[^:.]+(?:\.[^:.]+)*):\s*(.+)$/.exec(after);
    if (pub) ref.publisher = stripEnd(pub[1] as string);
  }
  ref.type = PROCEEDINGS.test(ref.container ?? '') ? 'inproceedings' : 'incollection';
  ref.confidence.container = 0.8;
  return true;
}

/** APA: "Title. In E. Editor & F. Editor (Eds.), Book (Vol. 2, pp. 1–9). Publisher." and "Title. Proceedings of X, 3–6." */
function readApaChapter(ref: ParsedReference, text: string): boolean {
  const t = stripEnd(text);
  const chapter = new RegExp(String.raw`^(.*?[.?!])\s+In\s+(?:(.*?)\s*\((?:Eds?|eds?)\.\),\s*)?(.*?)(?:\s*\(([^()]*)\))?\.\s+([^.]+)$`).exec(t);
  if (chapter) {
    ref.title = stripEnd(chapter[1] as string);
    if (chapter[2]) {
      const eds = readNames(chapter[2], ['initials-family']);
      ref.editors = eds.people;
      ref.editorsOthers = eds.others;
    }
    ref.container = stripEnd(chapter[3] as string);
    const inner = chapter[4] ?? '';
    const vol = /Vol\.\s*(\w+)/.exec(inner);
    if (vol) ref.volume = vol[1] as string;
    const pages = new RegExp(String.raw`pp?\.\s*(${PAGES})`).exec(inner);
    if (pages) ref.pages = tidyPages(pages[1] as string);
    ref.publisher = stripEnd(chapter[5] as string);
    ref.type = PROCEEDINGS.test(ref.container) ? 'inproceedings' : 'incollection';
    ref.confidence.title = 0.9;
    ref.confidence.container = 0.85;
    return true;
  }
  const proc = new RegExp(String.raw`^(.*?[.?!])\s+((?:[^.]|\.\S)*?(?:Proc\b\.?|Proceedings|Conference|Workshop|Symposium)[^,]*(?:,[^,0-9][^,]*)*),\s*(${PAGES})$`).exec(t);
  if (proc) {
    ref.title = stripEnd(proc[1] as string);
    ref.container = stripEnd(proc[2] as string);
    ref.pages = tidyPages(proc[3] as string);
    ref.type = 'inproceedings';
    ref.confidence.title = 0.9;
    ref.confidence.container = 0.8;
    return true;
  }
  return false;
}
