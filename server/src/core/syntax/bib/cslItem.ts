// Turns one CSL item (from CSL-JSON, CSL-YAML or RIS) into the entry model: BibTeX-like type and
// field names with plain-text values, persons as a BibTeX name list. Pure; imports only the model.
import type { Span } from '../../model/types';
import type { BibEntry, BibField, BibFormat } from '../../model/entry';

/** A CSL-JSON item as citeproc reads it; `id` and `type` are always set on items we produce. */
export type CslItem = { id: string; type: string } & Record<string, unknown>;

/** A CSL name object (only the parts we read). */
export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

/** A CSL date, as a plain record of the parts we understand. */
export interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  literal?: string;
}

const cslToBibType: Record<string, string> = {
  article: 'article',
  'article-journal': 'article',
  'article-magazine': 'article',
  'article-newspaper': 'article',
  review: 'article',
  'review-book': 'article',
  'paper-conference': 'inproceedings',
  chapter: 'incollection',
  book: 'book',
  classic: 'book',
  collection: 'collection',
  periodical: 'periodical',
  report: 'report',
  thesis: 'phdthesis',
  webpage: 'online',
  post: 'online',
  'post-weblog': 'online',
  dataset: 'dataset',
  software: 'software',
  manuscript: 'unpublished',
  patent: 'patent',
  pamphlet: 'booklet',
  standard: 'standard',
  entry: 'inreference',
  'entry-dictionary': 'inreference',
  'entry-encyclopedia': 'inreference',
  personal_communication: 'letter',
};

/** The BibTeX-ish entry type for a CSL type; unknown types become `misc`. */
export function bibTypeOf(item: Record<string, unknown>): string {
  const type = typeof item.type === 'string' ? item.type : '';
  if (type === 'thesis') {
    const genre = typeof item.genre === 'string' ? item.genre.toLowerCase() : '';
    if (/master|m\.?a\.? |msc|m\.sc/.test(genre)) return 'mastersthesis';
  }
  return cslToBibType[type] ?? 'misc';
}

const inBookTypes = new Set(['chapter', 'paper-conference', 'entry', 'entry-dictionary', 'entry-encyclopedia']);

/** CSL's rich-text markup (`<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`, `<span class="nocase">`). */
const richText = /<\/?(?:i|b|sup|sub|sc|span)(?:\s[^>]*)?>/gi;

/** Plain text of a scalar CSL value; arrays (e.g. keyword lists) are joined with commas. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.replace(richText, '').trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(textOf).filter((v): v is string => v !== undefined);
    return parts.length ? parts.join(', ') : undefined;
  }
  return undefined;
}

/** Wraps a name part in braces when BibTeX name splitting would otherwise cut it. */
function protect(part: string): string {
  return /,|\s+and\s+/i.test(part) ? `{${part}}` : part;
}

/** A name part as trimmed text; user files put numbers, lists or nothing where strings belong. */
function part(value: unknown): string | undefined {
  const t = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  return t || undefined;
}

/**
 * Whether a CSL name stands for "and others": the `{"literal": "others"}` pandoc writes for
 * BibTeX's `and others`, or the same words as a family name or a bare string.
 */
export function isOthersMarker(name: unknown): boolean {
  if (typeof name === 'string') return othersWords.test(name);
  if (!name || typeof name !== 'object') return false;
  const n = name as Record<string, unknown>;
  const text = typeof n.literal === 'string' ? n.literal : typeof n.family === 'string' && !n.given ? n.family : undefined;
  return text !== undefined && othersWords.test(text);
}

const othersWords = /^\s*(others|et\s*al\.?|and\s+others)\s*$/i;

/** One CSL name as BibTeX writes it: `von Family, Jr, Given`, or `{Literal}`; an "others" marker is `others`. */
export function bibtexName(name: CslName | string): string | undefined {
  if (isOthersMarker(name)) return 'others';
  if (typeof name === 'string') return name.trim() ? `{${name.trim()}}` : undefined;
  const literal = part(name.literal);
  const family = part(name.family);
  const given = part(name.given);
  if (!family) return literal ? `{${literal}}` : given ? `{${given}}` : undefined;
  const particles = [part(name['dropping-particle']), part(name['non-dropping-particle'])].filter(Boolean);
  const last = [...particles, protect(family)].join(' ');
  const suffix = part(name.suffix);
  if (!given && !suffix) return /\s/.test(family) && particles.length === 0 ? `{${family}}` : last;
  return suffix ? `${last}, ${protect(suffix)}, ${protect(given ?? '')}` : `${last}, ${protect(given ?? '')}`;
}

/** A CSL name list as one BibTeX `and`-separated string. */
export function bibtexNames(value: unknown): string | undefined {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : typeof value === 'string' ? [value] : [];
  const names = list
    .map((n) => (typeof n === 'string' || (n && typeof n === 'object') ? bibtexName(n as CslName | string) : undefined))
    .filter((n): n is string => !!n);
  return names.length ? names.join(' and ') : undefined;
}

function toInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Reads the first date of a CSL date value in any of the shapes found in the wild: `date-parts`,
 * `raw`/`literal`, an EDTF-like string (Pandoc YAML), a bare year, or the old list of `{year}` maps.
 */
export function readCslDate(value: unknown): DateParts | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return toInt(value) !== undefined ? { year: value } : undefined;
  if (typeof value === 'string') return parseDateString(value);
  if (Array.isArray(value)) return readCslDate(value[0]);
  if (typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const parts = v['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const [y, m, d] = parts[0] as unknown[];
    const year = toInt(y);
    if (year !== undefined) return { year, month: toInt(m), day: toInt(d) };
  }
  if (v.year !== undefined) {
    const year = toInt(v.year);
    if (year !== undefined) return { year, month: toInt(v.month), day: toInt(v.day) };
  }
  if (typeof v.raw === 'string') return parseDateString(v.raw);
  if (typeof v.literal === 'string' && v.literal.trim()) return { ...parseDateString(v.literal), literal: v.literal.trim() };
  return undefined;
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `2020`, `2020-05`, `2020-05-03`, `2020/05/03`, `May 2020`, `2020/2021` (first date wins). */
export function parseDateString(text: string): DateParts | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const iso = /^(-?\d{1,4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?![\d])/.exec(s);
  if (iso) {
    const month = iso[2] !== undefined ? Number(iso[2]) : undefined;
    const day = iso[3] !== undefined ? Number(iso[3]) : undefined;
    return { year: Number(iso[1]), month: month && month <= 12 ? month : undefined, day: day && day <= 31 ? day : undefined };
  }
  const year = /\b(\d{4})\b/.exec(s);
  if (!year) return { literal: s };
  const m = monthNames.findIndex((n) => new RegExp(`\\b${n}`, 'i').test(s));
  return { year: Number(year[1]), month: m >= 0 ? m + 1 : undefined };
}

/** ISO-like text of a date (`2020`, `2020-05`, `2020-05-03`). */
export function isoDate(d: DateParts): string | undefined {
  if (d.year === undefined) return d.literal;
  const pad = (n: number) => String(n).padStart(2, '0');
  const y = String(d.year).padStart(4, '0');
  if (d.month === undefined) return y;
  return d.day === undefined ? `${y}-${pad(d.month)}` : `${y}-${pad(d.month)}-${pad(d.day)}`;
}

/** CSL variables copied as they are under a BibTeX name. */
const plainFields: [string, string][] = [
  ['title', 'title'],
  ['title-short', 'shorttitle'],
  ['collection-title', 'series'],
  ['volume', 'volume'],
  ['issue', 'number'],
  ['page', 'pages'],
  ['number-of-pages', 'pagetotal'],
  ['edition', 'edition'],
  ['DOI', 'doi'],
  ['URL', 'url'],
  ['ISBN', 'isbn'],
  ['ISSN', 'issn'],
  ['PMID', 'pmid'],
  ['PMCID', 'pmcid'],
  ['abstract', 'abstract'],
  ['keyword', 'keywords'],
  ['publisher-place', 'address'],
  ['note', 'note'],
  ['language', 'language'],
  ['chapter-number', 'chapter'],
  ['event-title', 'eventtitle'],
  ['event', 'eventtitle'],
  ['event-place', 'venue'],
  ['genre', 'type'],
  ['archive', 'eprinttype'],
  ['archive_location', 'eprint'],
  ['container-title-short', 'shortjournal'],
];

const nameFields: [string, string][] = [
  ['author', 'author'],
  ['editor', 'editor'],
  ['translator', 'translator'],
  ['container-author', 'bookauthor'],
  ['collection-editor', 'editora'],
];

/** BibTeX-named plain-text fields for a CSL item. Values are text, never LaTeX. */
export function cslFields(item: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && !out.has(name)) out.set(name, value);
  };
  const type = typeof item.type === 'string' ? item.type : '';
  for (const [csl, bib] of nameFields) set(bib, bibtexNames(item[csl]));
  for (const [csl, bib] of plainFields) set(bib, textOf(item[csl]));
  // A report's or thesis' number is its report number; elsewhere `number` is the issue.
  if (item.number !== undefined) set('number', textOf(item.number));
  const container = textOf(item['container-title']);
  if (container) set(inBookTypes.has(type) ? 'booktitle' : 'journal', container);
  const publisher = textOf(item.publisher) ?? textOf(item.authority);
  set(type === 'report' ? 'institution' : type === 'thesis' ? 'school' : 'publisher', publisher);
  const issued = readCslDate(item.issued);
  if (issued) {
    if (issued.year !== undefined) set('year', String(issued.year));
    else if (issued.literal) set('year', issued.literal);
    if (issued.month !== undefined) set('month', String(issued.month));
    if (issued.year !== undefined && issued.month !== undefined) set('date', isoDate(issued));
  }
  const accessed = readCslDate(item.accessed);
  if (accessed) set('urldate', isoDate(accessed));
  return out;
}

/** The entry for a CSL item whose key is already known. Fields carry no spans: CSL values are not LaTeX. */
export function entryFromCsl(
  item: Record<string, unknown>,
  key: string,
  file: string,
  format: BibFormat,
  span: Span,
  keySpan: Span,
): BibEntry {
  const fields = new Map<string, BibField>();
  for (const [name, raw] of cslFields(item)) fields.set(name, { name, raw });
  const csl = { ...item, id: key, type: typeof item.type === 'string' && item.type ? item.type : 'document' };
  return { key, type: bibTypeOf(item), fields, file, span, keySpan, format, csl };
}
