// Maps a BibTeX/BibLaTeX entry to a CSL-JSON item for citeproc, from decoded field text.
// We do our own mapping rather than citation-js's BibTeX parser, which rejects real-world files.
import type { BibEntry, Person } from '../../model/entry';
import type { CslItem, CslName } from './cslItem';
import { parseDateString, type DateParts } from './cslItem';
import { entryPeople, fieldText } from './fields';
import { latexToUnicode } from './latex';
import { parseNames } from './names';
import { languageTag } from '../languages';

const bibToCslType: Record<string, string> = {
  article: 'article-journal',
  book: 'book',
  mvbook: 'book',
  booklet: 'pamphlet',
  collection: 'book',
  mvcollection: 'book',
  proceedings: 'book',
  mvproceedings: 'book',
  reference: 'book',
  mvreference: 'book',
  periodical: 'periodical',
  inbook: 'chapter',
  bookinbook: 'chapter',
  suppbook: 'chapter',
  incollection: 'chapter',
  suppcollection: 'chapter',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  inreference: 'entry-encyclopedia',
  manual: 'report',
  report: 'report',
  techreport: 'report',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  thesis: 'thesis',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
  unpublished: 'manuscript',
  patent: 'patent',
  dataset: 'dataset',
  software: 'software',
  standard: 'standard',
  letter: 'personal_communication',
  review: 'review',
  suppperiodical: 'article-journal',
  misc: 'document',
};

const containerIsBook = new Set(['chapter', 'paper-conference', 'entry-encyclopedia']);

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `5`, `05`, `may`, `May`, `mai`: the month number, if recognisable. */
function monthOf(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  const i = monthNames.indexOf(t.slice(0, 3));
  return i >= 0 ? i + 1 : undefined;
}

function parts(d: DateParts | undefined): number[] | undefined {
  if (!d || d.year === undefined) return undefined;
  return [d.year, d.month, d.month !== undefined ? d.day : undefined].filter((p): p is number => p !== undefined);
}

/** A BibLaTeX date (`2020-05-03`, `2020/2021`, `2020-05/2020-06`) as a CSL date. */
function cslDate(text: string): Record<string, unknown> | undefined {
  const t = text.trim().replace(/[~?%]+$/, '');
  if (!t) return undefined;
  const [from, to] = t.split('/');
  const start = parts(parseDateString(from ?? ''));
  if (!start) return { literal: text.trim() };
  const end = to ? parts(parseDateString(to)) : undefined;
  return { 'date-parts': end ? [start, end] : [start] };
}

/** biblatex's date format (ISO 8601 / EDTF level 0, open and unknown ends allowed): `2020`, `2020-05-03`, `1988/2009`, `2020-05/`. */
const biblatexDate = /^(?:-?\d{4}(?:-\d{2}(?:-\d{2}(?:T[\d:]+Z?)?)?)?[~?%]*|\.\.)?(?:\/(?:-?\d{4}(?:-\d{2}(?:-\d{2}(?:T[\d:]+Z?)?)?)?[~?%]*|\.\.)?)?$/;

/** A date in words (`1-2 April, 2001`, `May 2020`): its four-digit year and month name, else the text as a literal. */
function looseDate(text: string): Record<string, unknown> {
  const year = /\b(\d{4})\b/.exec(text);
  if (!year) return { literal: text };
  const month = monthNames.findIndex((n) => new RegExp(`\\b${n}`, 'i').test(text));
  return { 'date-parts': [month >= 0 ? [Number(year[1]), month + 1] : [Number(year[1])]] };
}

/**
 * The issued date from `date`, else `year` + `month`; a year with no digits becomes a literal. A
 * `date` biber cannot read (`1-2 April, 2001`) is ignored, as biber ignores it with a warning, so
 * the `year` beside it counts; without a year its year and month name are read from the words.
 */
function issued(entry: BibEntry): Record<string, unknown> | undefined {
  const date = fieldText(entry, 'date').trim();
  const year = fieldText(entry, 'year').trim();
  if (date && biblatexDate.test(date)) return cslDate(date);
  if (date && !year) return looseDate(date);
  if (!year) return undefined;
  const y = /\d{4}|\d{1,4}/.exec(year);
  if (!y) return { literal: year };
  const month = monthOf(fieldText(entry, 'month'));
  const day = /^\d{1,2}$/.test(fieldText(entry, 'day').trim()) ? Number(fieldText(entry, 'day')) : undefined;
  return { 'date-parts': [[Number(y[0]), month, month !== undefined ? day : undefined].filter((p) => p !== undefined)] };
}

function cslName(p: Person): CslName {
  if (p.literal) return { literal: p.literal };
  const name: CslName = { family: p.family };
  if (p.given) name.given = p.given;
  if (p.prefix) name['non-dropping-particle'] = p.prefix;
  if (p.suffix) name.suffix = p.suffix;
  return name;
}

/** People of any name field; author and editor go through entryPeople's cache. */
function people(entry: BibEntry, field: string): CslName[] | undefined {
  const raw = entry.fields.get(field)?.raw;
  if (!raw) return undefined;
  const names =
    field === 'author' || field === 'editor'
      ? entryPeople(entry, field)
      : parseNames(raw, entry.format === 'bibtex' ? latexToUnicode : (part) => part.replace(/[{}]/g, '').trim());
  const list = names.people.map(cslName);
  // `and others` travels as pandoc writes it in CSL-JSON; the formatter renders it as the style's "et al.".
  if (names.others && list.length) list.push({ literal: 'others' });
  return list.length ? list : undefined;
}

function joined(...texts: [string, string][]): string {
  return texts
    .filter(([t]) => t)
    .map(([t, sep], i) => (i === 0 ? t : sep + t))
    .join('');
}

function thesisGenre(entry: BibEntry): string | undefined {
  const type = fieldText(entry, 'type').trim();
  const known: Record<string, string> = { phdthesis: 'PhD thesis', mathesis: "Master's thesis", mastersthesis: "Master's thesis", candthesis: 'Candidate thesis' };
  if (type) return known[type.toLowerCase()] ?? type;
  if (entry.type === 'phdthesis') return 'PhD thesis';
  if (entry.type === 'mastersthesis') return "Master's thesis";
  return undefined;
}

/** biblatex's localisation keys for a report's `type` (`resreport` prints "research report"), in the English biblatex prints. */
const reportTypes: Record<string, string> = { techreport: 'Technical report', resreport: 'Research report' };

function reportGenre(type: string): string {
  return reportTypes[type.toLowerCase()] ?? type;
}

const urlLike = /^(https?|ftp):\/\/\S+$/i;

/**
 * The CSL item for an entry. Entries read from CSL formats return their original item (with the
 * entry's key as id); BibTeX entries are mapped field by field from decoded text.
 */
export function toCsl(entry: BibEntry): CslItem {
  if (entry.csl) return { ...entry.csl, id: entry.key, type: typeof entry.csl.type === 'string' ? entry.csl.type : 'document' };
  const f = (name: string) => fieldText(entry, name).trim();
  let type = bibToCslType[entry.type] ?? 'document';
  const item: CslItem = { id: entry.key, type, 'citation-key': entry.key };
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) return;
    if (item[name] === undefined) item[name] = value;
  };

  put('author', people(entry, 'author'));
  put('editor', people(entry, 'editor'));
  put('translator', people(entry, 'translator'));
  put('container-author', people(entry, 'bookauthor'));

  put('title', joined([f('title'), ''], [f('subtitle'), ': '], [f('titleaddon'), '. ']));
  put('title-short', f('shorttitle'));
  const journal = joined([f('journaltitle') || f('journal'), ''], [f('journalsubtitle'), ': ']);
  const book = joined([f('booktitle'), ''], [f('booksubtitle'), ': ']) || f('maintitle');
  if (type === 'article-journal' && !journal && (f('eprint') || f('archiveprefix'))) type = item.type = 'article';
  if (containerIsBook.has(type)) put('container-title', book || journal);
  else put('container-title', journal || book);
  put('container-title-short', f('shortjournal'));
  if (entry.fields.has('maintitle') && book && book !== f('maintitle')) put('volume-title', book);
  put('collection-title', f('series'));

  put('volume', f('volume'));
  put('number-of-volumes', f('volumes'));
  const number = f('number');
  // biblatex's @review and @suppperiodical take @article's fields: their number is the issue.
  if (type === 'article-journal' || type === 'periodical' || entry.type === 'review') put('issue', f('issue') || number);
  else if (f('series') && number && !['report', 'patent', 'standard'].includes(type)) put('collection-number', number);
  else put('number', number);
  put('issue', f('issue'));
  // An electronic article id (`eid`) stands where the pages would; CSL calls it the article number.
  if (!f('pages')) put('number', f('eid'));
  put('page', f('pages').replace(/\s*-{1,3}\s*/g, '–'));
  put('number-of-pages', f('pagetotal'));
  put('chapter-number', f('chapter'));
  put('edition', f('edition'));

  const publisher =
    f('publisher') ||
    (type === 'report' ? f('institution') || f('organization') : '') ||
    (type === 'thesis' ? f('school') || f('institution') : '') ||
    f('organization') ||
    f('institution');
  put('publisher', publisher);
  put('publisher-place', f('location') || f('address'));
  if (type === 'thesis') put('genre', thesisGenre(entry));
  else put('genre', reportGenre(f('type')));

  put('issued', issued(entry));
  const urldate = f('urldate');
  if (urldate) put('accessed', cslDate(urldate));
  const eventdate = f('eventdate');
  if (eventdate) put('event-date', cslDate(eventdate));
  const origdate = f('origdate');
  if (origdate) put('original-date', cslDate(origdate));
  put('event-title', f('eventtitle'));
  put('event-place', f('venue'));

  put('DOI', f('doi').replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, ''));
  const howpublished = f('howpublished');
  put('URL', f('url') || (urlLike.test(howpublished) ? howpublished : ''));
  if (howpublished && !urlLike.test(howpublished)) put('medium', howpublished);
  put('ISBN', f('isbn'));
  put('ISSN', f('issn'));
  put('PMID', f('pmid'));
  put('PMCID', f('pmcid'));

  const eprint = f('eprint');
  const eprintType = (f('eprinttype') || f('archiveprefix')).toLowerCase();
  if (eprint && (eprintType === 'arxiv' || /^\d{4}\.\d{4,5}(v\d+)?$/.test(eprint))) {
    put('archive', 'arXiv');
    put('archive_location', eprint);
    put('number', `arXiv:${eprint}`);
    put('URL', `https://arxiv.org/abs/${eprint}`);
    if (type === 'article' || type === 'document') put('publisher', 'arXiv');
  } else if (eprint) {
    put('archive', f('eprinttype') || f('archiveprefix'));
    put('archive_location', eprint);
  }

  put('note', joined([f('note'), ''], [f('addendum'), '. ']));
  put('abstract', f('abstract'));
  put('keyword', f('keywords'));
  // CSL processors title-case only English items, and read the language as a BCP 47 tag, which
  // `english` is not: English names become tags. Other names stay as written, since citeproc-js
  // would print the Latin-script names of a `ja` item family first.
  const language = f('langid') || f('language');
  const tag = languageTag(language);
  put('language', tag?.startsWith('en') ? tag : language);
  return item;
}
