// Reads RIS files (`TY  - JOUR` ... `ER  -`) into the entry model by way of CSL items. We split
// records ourselves (spans, continuation lines, recovery); citation-js's RIS plugin maps each
// record's tags to CSL, and our own mapping fills the variables it leaves out.
// RIS has no citation keys: a record's key is its `ID` when that looks like a key, else
// `author + year + first title word` (lower-case ASCII), with a/b/c suffixes for clashes in a file.
import type { ParseError, Span } from '../../model/types';
import type { BibEntry, BibFile, Person } from '../../model/entry';
import { DEFAULT_KEY_PATTERN, makeKey } from './keys';
import { entryFromCsl, parseDateString, type CslName } from './cslItem';
import { citationJsRis, knownRisTypes } from '../citationJs';

const risTypes: Record<string, string> = {
  JOUR: 'article-journal',
  JFULL: 'article-journal',
  ABST: 'article-journal',
  INPR: 'article-journal',
  EJOUR: 'article-journal',
  MGZN: 'article-magazine',
  NEWS: 'article-newspaper',
  BOOK: 'book',
  EBOOK: 'book',
  EDBOOK: 'book',
  SER: 'book',
  CHAP: 'chapter',
  ECHAP: 'chapter',
  CONF: 'paper-conference',
  CPAPER: 'paper-conference',
  THES: 'thesis',
  RPRT: 'report',
  ELEC: 'webpage',
  WEB: 'webpage',
  BLOG: 'post-weblog',
  DATA: 'dataset',
  COMP: 'software',
  PAT: 'patent',
  UNPB: 'manuscript',
  MANSCPT: 'manuscript',
  ENCYC: 'entry-encyclopedia',
  DICT: 'entry-dictionary',
  STAND: 'standard',
  PAMP: 'pamphlet',
  MPCT: 'motion_picture',
  VIDEO: 'motion_picture',
  MAP: 'map',
  PCOMM: 'personal_communication',
  BILL: 'bill',
  CASE: 'legal_case',
  STAT: 'legislation',
};

interface RisRecord {
  tags: Map<string, string[]>;
  span: Span;
  /** Where each tag's first value stands, for the key span. */
  valueSpans: Map<string, Span>;
}

const tagLine = /^([A-Z][A-Z0-9])  ?-(?: (.*))?$/;

/** Splits RIS text into records; lines outside a record are reported, not fatal. */
function records(text: string, errors: ParseError[]): RisRecord[] {
  const out: RisRecord[] = [];
  let current: RisRecord | undefined;
  let lastTag: string | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const lineEnd = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const line = text.slice(pos, lineEnd);
    const m = tagLine.exec(line.trimEnd());
    if (m) {
      const tag = m[1] as string;
      const value = (m[2] ?? '').trim();
      if (tag === 'TY') {
        if (current) errors.push({ span: current.span, message: 'RIS record is not closed with `ER  -`.', code: 'bib.syntax' });
        current = { tags: new Map(), span: { start: pos, end: lineEnd }, valueSpans: new Map() };
        out.push(current);
      } else if (!current) {
        errors.push({ span: { start: pos, end: lineEnd }, message: `RIS tag ${tag} outside a record (records start with \`TY  -\`).`, code: 'bib.syntax' });
      }
      if (current) {
        current.span.end = lineEnd;
        if (tag === 'ER') current = undefined;
        else {
          const list = current.tags.get(tag) ?? [];
          list.push(value);
          current.tags.set(tag, list);
          if (!current.valueSpans.has(tag)) {
            const start = pos + line.indexOf(value, 5);
            current.valueSpans.set(tag, { start, end: start + value.length });
          }
          lastTag = tag;
        }
      }
    } else if (line.trim()) {
      // Some exporters wrap long values (abstracts) onto untagged continuation lines.
      const list = current && lastTag ? current.tags.get(lastTag) : undefined;
      if (current && list && list.length) {
        list[list.length - 1] = `${list[list.length - 1]} ${line.trim()}`;
        current.span.end = lineEnd;
      } else {
        errors.push({ span: { start: pos, end: lineEnd }, message: 'Not a RIS line (`XX  - value`).', code: 'bib.syntax' });
      }
    }
    pos = eol + 1;
  }
  if (current) errors.push({ span: current.span, message: 'RIS record is not closed with `ER  -`.', code: 'bib.syntax' });
  return out;
}

/** `Family, Given, Suffix` (RIS's author form) as a CSL name. */
function risName(value: string): CslName {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length === 1) return /\s/.test(value.trim()) ? { literal: value.trim() } : { family: value.trim() };
  const [family, given, suffix] = parts;
  return { family, given: given || undefined, suffix: suffix || undefined };
}

function dateOf(value: string | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  const d = parseDateString(value.replace(/\/+$/, ''));
  if (!d) return undefined;
  if (d.year === undefined) return { literal: value };
  const parts = [d.year, d.month, d.month !== undefined ? d.day : undefined].filter((p): p is number => p !== undefined);
  return { 'date-parts': [parts] };
}

/**
 * Our own mapping of a record to a CSL item (without its id). It stands in for citation-js when that
 * throws, and supplies the variables citation-js leaves out (see `fillFromOwn`).
 */
function ownCsl(record: RisRecord): Record<string, unknown> {
  const get = (...tags: string[]): string | undefined => {
    for (const t of tags) {
      const v = record.tags.get(t)?.find((x) => x.length > 0);
      if (v) return v;
    }
    return undefined;
  };
  const all = (...tags: string[]) => tags.flatMap((t) => record.tags.get(t) ?? []).filter((v) => v.length > 0);
  const risType = get('TY') ?? 'GEN';
  const type = risTypes[risType] ?? 'document';
  const item: Record<string, unknown> = { type };
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) item[name] = value;
  };
  const names = (...tags: string[]) => all(...tags).map(risName);
  put('author', names('AU', 'A1'));
  // A2 is the editor of the book or proceedings a chapter or paper appears in.
  put('editor', names('ED', ...(type === 'chapter' || type === 'paper-conference' || type === 'book' ? ['A2'] : [])));
  put('collection-editor', names('A3'));
  put('translator', names('A4'));
  const primary = get('TI', 'T1', 'CT');
  put('title', type === 'book' ? primary ?? get('BT') : primary);
  put('container-title', get('T2', 'JF', 'JO', 'JA', 'J2', ...(type === 'book' ? [] : ['BT'])));
  put('container-title-short', get('J2', 'JA'));
  put('collection-title', get('T3'));
  put('title-short', get('ST'));
  put('issued', dateOf(get('PY', 'Y1', 'DA')));
  put('accessed', dateOf(get('Y2')));
  put('volume', get('VL'));
  put('issue', get('IS'));
  const sp = get('SP');
  const ep = get('EP');
  put('page', sp && ep && sp !== ep ? `${sp}-${ep}` : sp);
  put('publisher', get('PB'));
  put('publisher-place', get('CY', 'PP'));
  const sn = get('SN');
  put(type === 'book' || type === 'chapter' ? 'ISBN' : 'ISSN', sn);
  const doi = get('DO');
  put('DOI', doi?.replace(/^https?:\/\/(dx\.)?doi\.org\//i, ''));
  put('URL', get('UR', 'L2'));
  put('abstract', get('AB', 'N2'));
  put('keyword', all('KW').join(', ') || undefined);
  put('note', all('N1').join('\n') || undefined);
  put('language', get('LA'));
  put('edition', get('ET'));
  put('genre', get('M3'));
  put('number', type === 'report' || type === 'patent' ? get('M1', 'IS') : undefined);
  return item;
}

/** Tags that may repeat; of any other tag citation-js gets the first non-empty value, not a list. */
const repeatable = new Set(['AU', 'A1', 'A2', 'A3', 'A4', 'ED', 'KW', 'N1', 'UR', 'L1', 'L2', 'L3', 'L4']);

/** The record as citation-js's RIS plugin takes it: `{ TY: 'JOUR', AU: [...], TI: '...' }`. */
function risObject(record: RisRecord): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [tag, values] of record.tags) {
    const present = values.filter((v) => v.length > 0);
    if (!present.length) continue;
    out[tag] = repeatable.has(tag) && present.length > 1 ? present : (present[0] as string);
  }
  // citation-js maps a type it does not know to nothing at all, not even the title: read it as GEN.
  const type = String(out.TY ?? '').toUpperCase();
  out.TY = type === 'JOURN' ? 'JOUR' : type in knownRisTypes() ? type : 'GEN';
  return out;
}

/** citation-js's CSL item for the record, or undefined when it rejects the record. */
function mappedByCitationJs(record: RisRecord): Record<string, unknown> | undefined {
  try {
    const [item] = citationJsRis().plugins.input.chain(risObject(record), { target: '@csl/list+object', generateGraph: false, strict: true });
    return item && typeof item === 'object' ? item : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Variables our mapping supplies when citation-js's is missing: it drops `ED` editors of books,
 * `Y2` access dates of web pages, a conference paper's `T2` proceedings title and `PY` year (it
 * reads them as the event's), `IS` report numbers, and pages given as one `SP  - 179-183`.
 */
const fillable = [
  'type',
  'title',
  'author',
  'editor',
  'translator',
  'container-title',
  'collection-title',
  'issued',
  'accessed',
  'page',
  'volume',
  'issue',
  'number',
  'publisher',
  'publisher-place',
  'DOI',
  'URL',
  'ISBN',
  'ISSN',
  'edition',
  'abstract',
  'language',
  'title-short',
  'container-title-short',
];

const hasYear = (date: unknown) => Array.isArray((date as { 'date-parts'?: unknown[] } | undefined)?.['date-parts']);

/** citation-js's item with the gaps filled from ours and our keyword list. */
function fillFromOwn(mapped: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = { ...mapped };
  delete item.id;
  for (const name of fillable) if (item[name] === undefined && own[name] !== undefined) item[name] = own[name];
  // `DA  - MAR` beside `PY  - 2019` comes out of citation-js as a raw date without its year.
  if (!hasYear(item.issued) && hasYear(own.issued)) item.issued = own.issued;
  // citation-js joins `KW` lines with bare commas; "a, b" reads better in hovers and the sidebar.
  if (own.keyword !== undefined) item.keyword = own.keyword;
  return item;
}

/** The CSL item for one RIS record (without its id): citation-js's mapping, gaps filled from ours. */
function cslOf(record: RisRecord): Record<string, unknown> {
  const own = ownCsl(record);
  const mapped = mappedByCitationJs(record);
  return mapped ? fillFromOwn(mapped, own) : own;
}

/** A readable key from author, year and title: the same generator as imported references use. */
function generatedKey(item: Record<string, unknown>): string {
  const first = (item.author as CslName[] | undefined)?.[0] ?? (item.editor as CslName[] | undefined)?.[0];
  const person: Person | undefined = first ? (first.literal ? { family: '', literal: first.literal } : { family: first.family ?? '' }) : undefined;
  const parts = (item.issued as { 'date-parts'?: number[][] } | undefined)?.['date-parts'];
  const year = parts?.[0]?.[0];
  return makeKey({ ...(person ? { authors: [person] } : {}), ...(typeof item.title === 'string' ? { title: item.title } : {}), ...(year ? { year: String(year) } : {}) }, DEFAULT_KEY_PATTERN);
}

/** Reads a RIS file. Each record becomes one entry whose span covers `TY` to `ER`. */
export function readRis(text: string, file: string): BibFile {
  const errors: ParseError[] = [];
  const entries: BibEntry[] = [];
  const used = new Set<string>();
  // The next suffix to try per generated key: records that all generate one key (no author, no
  // year) would otherwise try a, b, c ... from the start each time, quadratic in their number.
  const nextSuffix = new Map<string, number>();
  for (const record of records(text, errors)) {
    const item = cslOf(record);
    const id = record.tags.get('ID')?.[0]?.trim();
    const fromId = id && /^[\w:.+\-/]+$/.test(id) ? id : undefined;
    let key = fromId ?? generatedKey(item);
    if (!fromId && used.has(key)) {
      let n = nextSuffix.get(key) ?? 0;
      while (used.has(key + suffix(n))) n++;
      nextSuffix.set(key, n + 1);
      key += suffix(n);
    }
    used.add(key);
    const keySpan = (fromId ? record.valueSpans.get('ID') : undefined) ?? record.valueSpans.get('TY') ?? record.span;
    entries.push(entryFromCsl(item, key, file, 'ris', { ...record.span }, keySpan));
  }
  return { file, format: 'ris', entries, strings: new Map(), errors, chunks: [text] };
}

/** a, b, ..., z, aa, ab ... */
function suffix(n: number): string {
  let s = '';
  for (let k = n; k >= 0; k = Math.floor(k / 26) - 1) s = String.fromCharCode(97 + (k % 26)) + s;
  return s;
}
