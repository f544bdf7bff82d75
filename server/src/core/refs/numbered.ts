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
  ref.year = m[5] as string;
  if (m[6]) ref.pages = tidyPages(m[6]);
  ref.type = PROCEEDINGS.test(ref.container) ? 'inproceedings' : 'incollection';
  ref.confidence.title = 0.9;
  ref.confidence.container = 0.8;
  ref.confidence.year = 1;
  return true;
}

function parseIeee(ref: ParsedReference): void {
  const text = takeIdentifiers(tidy(ref.text), ref).replace(/,?\s*doi:\s*\.?$/i, '').trim();
  const quote = /[“"]/.exec(text);
  const namesText = quote ? text.slice(0, quote.index).replace(/,\s*$/, '') : '';
  const names = readNames(namesText, ['initials-family', 'given-family']);
  ref.authors = names.people;
  ref.others = names.others;
  ref.confidence.authors = names.people.length > 0 ? 0.9 : 0.2;
  if (!quote) {
    ref.title = stripEnd(text);
    ref.confidence.title = 0.3;
    return;
  }
  const close = /[”"]/.exec(text.slice(quote.index + 1));
  const end = close ? quote.index + 1 + close.index : text.length;
  ref.title = stripEnd(text.slice(quote.index + 1, end));
  ref.confidence.title = 0.95;
  const rest = stripEnd(text.slice(end + 1).replace(/^[,.]?\s*/, ''));
  const parts = rest.split(/,\s+/);
  ref.type = 'article';
  const first = parts[0] ?? '';
  if (/^in\s/i.test(first)) {
    ref.type = 'inproceedings';
    ref.container = first.replace(/^in\s+/i, '');
  } else ref.container = first;
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
  void splitTitleContainer;
}
