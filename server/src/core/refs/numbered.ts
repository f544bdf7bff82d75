// Parsers for numbered styles: Vancouver ("Family II, Family I. Title. Journal. 2020;1(2):3–9.")
// and IEEE ("I. Family and I. Family, “Title,” Journal, vol. 1, no. 2, pp. 3–9, 2020."). Pure.
import { splitTitleContainer } from './nature';
import { stripEnd, takeIdentifiers, tidy, tidyPages } from './common';
import { readNames } from './people';
import type { ParsedReference } from './types';

const PAGES = String.raw`[A-Za-z]*\d+[A-Za-z\d]*(?:\s*[–—-]\s*[A-Za-z]*\d+[A-Za-z\d]*)?`;

export function parseNumbered(ref: ParsedReference): void {
  if (ref.style === 'ieee') parseIeee(ref);
  else parseVancouver(ref);
}

function parseVancouver(ref: ParsedReference): void {
  let text = takeIdentifiers(tidy(ref.text), ref).replace(/\s*(?:doi:|Available from:)\s*\.?\s*$/i, '').trim();
  text = text.replace(/\s*\([^()]*;[^()]*\)\.?$/, '').replace(/\s+\d+ p\.$/, '');
  const names = readNames(text, ['family-bare', 'family-initials']);
  ref.authors = names.people;
  ref.others = names.others;
  ref.confidence.authors = names.people.length > 0 ? 0.9 : 0.2;
  const rest = text.slice(names.end).replace(/^[.,]?\s*/, '');
  if (readVancouverIn(ref, rest)) return;
  const journal = new RegExp(String.raw`^(.*?)\.?\s+((?:1[5-9]|20)\d\d)[^;:.]*;\s*(\w+)?(?:\s*\(([^)]+)\))?(?::\s*(${PAGES}))?\.?$`).exec(rest);
  if (journal) {
    ref.type = 'article';
    ref.year = journal[2] as string;
    if (journal[3]) ref.volume = journal[3];
    if (journal[4]) ref.issue = journal[4];
    if (journal[5]) ref.pages = tidyPages(journal[5]);
    splitTitleContainer(ref, journal[1] as string);
    ref.confidence.year = 1;
    return;
  }
  const book = /^(.*)\.\s+(?:(\d+\w*\s+ed)\.\s+)?(?:([^.;:]+(?:\.[^.;:]+)*\.?):\s*)?([^;]+);\s*((?:1[5-9]|20)\d\d)\.?$/.exec(rest);
  if (book) {
    ref.type = 'book';
    const head = (book[1] as string).replace(/\.\s+\d+\w*\s+ed$/, '');
    const eds = /^(.*?)\.\s+([^.]+,\s*editors?)\.\s+(.*)$/.exec(head);
    if (eds) {
      ref.title = stripEnd(eds[1] as string);
      ref.editors = readNames((eds[2] as string).replace(/,\s*editors?$/, ''), ['family-bare']).people;
      ref.container = stripEnd(eds[3] as string);
    } else ref.title = stripEnd(head);
    ref.publisher = stripEnd(book[4] as string);
    ref.year = book[5] as string;
    ref.confidence.title = 0.8;
    return;
  }
  const year = /\b((?:1[5-9]|20)\d\d)\b/.exec(rest);
  if (year) ref.year = year[1] as string;
  ref.title = stripEnd(rest.split(/\.\s/)[0] ?? rest);
  ref.confidence.title = 0.5;
  ref.notes.push('no journal or book pattern found');
}

const PROCEEDINGS = /\b(?:Proc\b\.?|Proceedings|Conference|Workshop|Symposium|Meeting)\b/;

/** "Title. In: Editor A, editor. Book. Place: Publisher; 1990. p. 1–9." and "In: Proceedings of X. Place; 2005. p. 4–8." */
function readVancouverIn(ref: ParsedReference, text: string): boolean {
  const m = new RegExp(String.raw`^(.*?[.?!])\s+In:\s+(?:(.*?),\s*editors?\.\s+)?(.*?)\.\s+(?:([^;]*?)[;,]\s*)?((?:1[5-9]|20)\d\d)\.?(?:\s+p\.\s*(${PAGES})\.?)?$`).exec(text);
  if (!m) return false;
  ref.title = stripEnd(m[1] as string);
  if (m[2]) {
    const eds = readNames(m[2], ['family-bare']);
    ref.editors = eds.people;
    ref.editorsOthers = eds.others;
  }
  ref.container = stripEnd(m[3] as string);
  const place = m[4] ?? '';
  const pub = /:\s*(.+)$/.exec(place);
  if (pub) ref.publisher = stripEnd(pub[1] as string);
  // Without a colon the part is a publisher for books ("Elsevier; 2008") but a place for proceedings.
  else if (place && m[2]) ref.publisher = stripEnd(place);
  ref.year = m[5] as string;
  if (m[6]) ref.pages = tidyPages(m[6]);
  ref.type = PROCEEDINGS.test(ref.container) ? 'inproceedings' : 'incollection';
  ref.confidence.title = 0.9;
  ref.confidence.container = 0.8;
  ref.confidence.year = 1;
  return true;
}

function parseIeee(ref: ParsedReference): void {
  const text = stripEnd(takeIdentifiers(tidy(ref.text), ref).replace(/,?\s*doi:\s*\.?$/i, '').trim());
  const quote = /[“"]/.exec(text);
  // IEEE always abbreviates given names, so "Given Family" would only misread a book title as a name.
  const names = readNames(quote ? text.slice(0, quote.index).replace(/,\s*$/, '') : text, ['initials-family'], { literalEnd: /,\s|$/ });
  ref.authors = names.people;
  ref.others = names.others;
  ref.confidence.authors = names.people.length > 0 ? 0.9 : 0.2;
  if (!quote) {
    parseIeeeBook(ref, text.slice(names.end).replace(/^,\s*/, ''));
    return;
  }
  const close = /[”"](?=[\s,.]|$)/.exec(text.slice(quote.index + 1));
  const end = close ? quote.index + 1 + close.index : text.length;
  ref.title = stripEnd(text.slice(quote.index + 1, end));
  ref.confidence.title = 0.95;
  const rest = text.slice(end + 1).replace(/^[,.]?\s*/, '');
  if (/^in\s/i.test(rest)) {
    readIeeeIn(ref, rest.replace(/^in\s+/i, ''));
    return;
  }
  const parts = rest.split(/,\s+/);
  ref.type = 'article';
  ref.container = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    const vol = /^vol\.\s*(\w+)/.exec(part);
    const no = /^no\.\s*(\w+)/.exec(part);
    const pp = new RegExp(String.raw`^(?:pp?\.|Art\. no\.)\s*(${PAGES})`).exec(part);
    const year = /\b((?:1[5-9]|20)\d\d)$/.exec(part);
    if (vol) ref.volume = vol[1] as string;
    else if (no) ref.issue = no[1] as string;
    else if (pp) ref.pages = tidyPages(pp[1] as string);
    else if (year) ref.year = year[1] as string;
  }
  ref.confidence.container = 0.85;
  if (!ref.year) ref.notes.push('no year found');
}

/** "Book, vol. 2, A. Editor and B. Editor, Eds. Place: Publisher, 1968, pp. 89–105" or "Proceedings of X, 2005, pp. 1–4". */
function readIeeeIn(ref: ParsedReference, text: string): void {
  let rest = text;
  const pages = new RegExp(String.raw`,\s*pp?\.\s*(${PAGES})$`).exec(rest);
  if (pages) {
    ref.pages = tidyPages(pages[1] as string);
    rest = rest.slice(0, pages.index);
  }
  const year = /,?\s*(?:[A-Z][a-z]{2}\.?\s+)?((?:1[5-9]|20)\d\d)$/.exec(rest);
  if (year) {
    ref.year = year[1] as string;
    rest = rest.slice(0, year.index);
  }
  const eds = /,\s*(\p{Lu}\.[^,]*(?:,\s*(?:and\s+)?\p{Lu}\.[^,]*)*),\s*Eds?\.\s*(.*)$/u.exec(rest);
  let publisherPart = '';
  if (eds) {
    const list = readNames(eds[1] as string, ['initials-family']);
    ref.editors = list.people;
    ref.editorsOthers = list.others;
    publisherPart = eds[2] as string;
    rest = rest.slice(0, eds.index);
  } else {
    const pub = /\.\s+([^.]+:\s*[^,]+),?$/.exec(rest);
    if (pub) {
      publisherPart = pub[1] as string;
      rest = rest.slice(0, pub.index + 1);
    }
  }
  const pub = /:\s*(.+)$/.exec(publisherPart);
  if (pub) ref.publisher = stripEnd(pub[1] as string);
  const vol = /,\s*vol\.\s*(\w+)$/.exec(rest);
  if (vol) {
    ref.volume = vol[1] as string;
    rest = rest.slice(0, vol.index);
  }
  ref.container = rest.trim().replace(/,$/, '');
  ref.type = PROCEEDINGS.test(ref.container) ? 'inproceedings' : 'incollection';
  ref.confidence.container = 0.85;
}

/** "Title, vol. C. Place: Publisher, 1986" — IEEE books print the title in italics, which plain text loses. */
function parseIeeeBook(ref: ParsedReference, text: string): void {
  ref.type = 'book';
  const year = /,\s*((?:1[5-9]|20)\d\d)$/.exec(text);
  let rest = year ? text.slice(0, year.index) : text;
  if (year) ref.year = year[1] as string;
  const colon = rest.lastIndexOf(': ');
  if (colon > 0) {
    ref.publisher = stripEnd(rest.slice(colon + 2));
    rest = rest.slice(0, colon);
  }
  const vol = /,\s*vol\.\s*(\w+)\./.exec(rest);
  if (vol) {
    ref.volume = vol[1] as string;
    ref.title = stripEnd(rest.slice(0, vol.index));
  } else {
    ref.title = stripEnd(rest.split(/\.\s+(?=\p{Lu})/u)[0] ?? rest);
  }
  ref.confidence.title = 0.7;
}
