// Parser for the Nature reference style ("Family, I. & Family, I. Title. J. Abbr. 12, 1–9 (2020).")
// and its variants for proceedings, books, preprints and web pages. Pure; never throws.
import { looksLikeJournal, stripEnd, takeIdentifiers, tidy, tidyPages } from './common';
import { isSchool } from './kind';
import { readNames } from './people';
import type { ParsedReference } from './types';

const YEAR_PAREN = /\(([^()]*?)\b((?:1[5-9]|20)\d\d)([a-z]?)\)\.?/g;
const IN_MARKER = /(^|[.?!]’?\s+)[Ii]n\s+(?=\S)/;
const PAGES = String.raw`[A-Za-z]*\d+[A-Za-z\d]*(?:\s*[–—-]\s*[A-Za-z]*\d+[A-Za-z\d]*)?`;
const ARTICLE_TAIL = new RegExp(String.raw`^(.*?\S)\s*(\d+[A-Za-z]?)(?:\s*\(([\w–-]+)\))?,\s*(${PAGES})$`, 'u');

export function parseNature(ref: ParsedReference): void {
  let text = tidy(ref.text);
  // The year in parentheses closes the reference; what follows is an annotation.
  let yearMatch: RegExpExecArray | undefined;
  for (const m of text.matchAll(YEAR_PAREN)) yearMatch = m as RegExpExecArray;
  let inParen = '';
  if (yearMatch) {
    ref.year = yearMatch[2] as string;
    inParen = stripEnd(yearMatch[1] ?? '');
    const after = tidy(text.slice(yearMatch.index + yearMatch[0].length));
    if (after) ref.annote = after;
    text = text.slice(0, yearMatch.index).trim();
    ref.confidence.year = 1;
  } else {
    ref.notes.push('no year in parentheses');
    ref.confidence.year = 0;
  }
  if (inParen) ref.publisher = inParen;

  const names = readNames(text, ['family-initials', 'family-bare']);
  const lone = /^(\p{Lu}\p{L}+)\s+(\p{Lu}\p{L}+)\s+et al\.\s*/u.exec(text);
  if (lone && (names.people.length === 0 || names.people[0]?.literal)) {
    names.people = [];
    {
      names.people.push({ family: lone[2] as string, given: lone[1] as string, initials: (lone[1] as string).charAt(0) });
      names.others = true;
      names.end = lone[0].length;
      ref.notes.push('author written without comma: given and family names guessed');
      ref.confidence.authors = 0.5;
    }
  }
  ref.authors = names.people;
  ref.others = names.others;
  let rest = text.slice(names.end).trim().replace(/^[.,]\s*/, '');
  if (ref.authors.length === 1 && ref.authors[0]?.literal) {
    // A corporate author may carry a date range, "116th Congress (2019-2020)".
    const lit = ref.authors[0].literal.replace(/\s*\([^()]*\d{4}[^()]*\)$/, '');
    ref.authors = [{ family: lit, literal: lit }];
    rest = rest.replace(/^\.\s*/, '');
  }
  ref.confidence.authors ??= ref.authors.length > 0 ? (ref.authors.some((p) => p.literal) ? 0.8 : 0.95) : 0.2;

  const inMatch = IN_MARKER.exec(rest);
  if (inMatch) {
    parseIn(ref, stripEnd(rest.slice(0, inMatch.index + (inMatch[1]?.length ? 1 : 0))), rest.slice(inMatch.index + inMatch[0].length));
    return;
  }
  const preprint = /(?:^|[.?!]\s+)Preprint at\s+(?:(\S+)\s+)?(\S+)$/.exec(rest);
  if (preprint) {
    ref.type = 'misc';
    ref.title = stripEnd(rest.slice(0, preprint.index + (preprint[0].startsWith('Preprint') ? 0 : 1)));
    if (preprint[1]) ref.publisher = preprint[1];
    takeIdentifiers(preprint[2] as string, ref);
    ref.confidence.title = 0.95;
    return;
  }
  const web = /(?:[.?!]\s+(\S+)\s+|;\s*)(https?:\/\/\S+)$/.exec(rest);
  if (web) {
    ref.type = 'online';
    ref.title = stripEnd(rest.slice(0, web.index + (web[0].startsWith(';') ? 0 : 1)));
    if (web[1]) ref.publisher = web[1];
    takeIdentifiers(web[2] as string, ref);
    ref.confidence.title = 0.9;
    return;
  }
  const article = ARTICLE_TAIL.exec(rest);
  if (article && !inParen) {
    ref.type = 'article';
    ref.volume = article[2] as string;
    if (article[3]) ref.issue = article[3];
    ref.pages = tidyPages(article[4] as string);
    splitTitleContainer(ref, article[1] as string);
    return;
  }
  // A book or a report: "Title (Publisher, Year)" or "Title (Year)".
  ref.title = stripEnd(rest);
  ref.confidence.title = 0.85;
  // "Title. (University of Oxford, 2007)": a university publishing alone is a thesis's school.
  if (isSchool(ref.publisher, rest)) {
    ref.type = 'phdthesis';
    ref.notes.push('a university for publisher: type guessed');
  } else if (ref.publisher) ref.type = 'book';
  else {
    ref.type = ref.authors.some((p) => p.literal) ? 'report' : 'misc';
    ref.notes.push('no container or publisher: type guessed');
  }
}

/** "Title. J. Abbr." — the title ends at the first sentence break after which a journal-like name follows. */
export function splitTitleContainer(ref: ParsedReference, text: string): void {
  const breaks = [...text.matchAll(/([.?!])[’”"]?\s+(?=\S)/g)];
  for (const b of breaks) {
    const before = text.slice(0, b.index);
    if (/\bvs$|\b\p{Lu}$/u.test(before)) continue;
    const container = text.slice(b.index + b[0].length);
    if (looksLikeJournal(container)) {
      ref.title = tidy(b[1] === '.' ? before : before + b[1]);
      ref.container = tidy(container);
      ref.confidence.title = 0.95;
      ref.confidence.container = 0.95;
      return;
    }
  }
  const last = breaks[breaks.length - 1];
  if (last) {
    ref.title = tidy(text.slice(0, last.index));
    ref.container = tidy(text.slice(last.index + last[0].length));
  } else {
    ref.container = tidy(text);
  }
  ref.confidence.title = 0.5;
  ref.confidence.container = 0.5;
  ref.notes.push('could not tell where the title ends and the journal begins');
}

const PROCEEDINGS = /\b(?:Proc\b\.?|Proceedings|Conference|Conf\.|Workshop|Symposium|Meeting|Advances in Neural|Findings of|Companion)\b/;

/** "Title. In Container (eds Editor, A. et al.) Vol. 3, 1–9" with the publisher already taken from the parentheses. */
function parseIn(ref: ParsedReference, title: string, inPart: string): void {
  if (title) {
    ref.title = title;
    ref.confidence.title = 0.95;
  } else {
    ref.notes.push('no title before "in"');
  }
  let rest = tidy(inPart);
  const volOnly = /,?\s*Vol\.\s*(\w+)$/.exec(rest);
  if (volOnly) {
    ref.volume = volOnly[1] as string;
    rest = rest.slice(0, volOnly.index).trim();
  }
  const pages = new RegExp(String.raw`(?:^|\s|,)(${PAGES})$`, 'u').exec(rest);
  if (!volOnly && pages && /\d/.test(pages[1] as string) && !/^(?:1[5-9]|20)\d\d$/.test(pages[1] as string)) {
    ref.pages = tidyPages(pages[1] as string);
    rest = rest.slice(0, pages.index).trim();
  }
  const vol = /,?\s*Vol\.\s*(\w+),?$/.exec(rest) ?? /(?<=\))\s*(\d+),$/.exec(rest);
  if (vol) {
    ref.volume = vol[1] as string;
    rest = rest.slice(0, vol.index).trim();
  }
  const eds = /\((?:(?:eds?|Eds?)\.?\s+)?([^()]+)\)$/.exec(rest);
  if (eds && (/^\((?:eds?|Eds?)\b/.test(eds[0]) || /et al\.|,\s*\p{Lu}\./u.test(eds[1] as string))) {
    const list = readNames(eds[1] as string, ['family-initials', 'family-bare']);
    ref.editors = list.people;
    ref.editorsOthers = list.others;
    rest = rest.slice(0, eds.index).trim();
  }
  ref.container = tidy(rest).replace(/[,;:]+$/, '');
  ref.confidence.container = 0.9;
  ref.type = PROCEEDINGS.test(ref.container) ? 'inproceedings' : 'incollection';
}
