// Reads Hayagriva YAML, Typst's own bibliography format, into the entry model: a mapping whose
// top-level keys are the entries (nested `parent:` entries are containers, not entries), with the
// spans of each entry and key. Each entry passes through a CSL item so formatting and search treat
// it like any other. Pure and total: the yaml parser records errors instead of throwing.
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { BibEntry, BibFile } from '../../model/entry';
import type { ParseError, Span } from '../../model/types';
import { entryFromCsl } from './cslItem';

/** Hayagriva's entry types (case-insensitive) and the CSL type each reads as. */
const cslTypes: Record<string, string> = {
  article: 'article-journal',
  chapter: 'chapter',
  entry: 'entry',
  anthos: 'chapter',
  report: 'report',
  thesis: 'thesis',
  web: 'webpage',
  scene: 'motion_picture',
  artwork: 'graphic',
  patent: 'patent',
  case: 'legal_case',
  newspaper: 'article-newspaper',
  legislation: 'legislation',
  manuscript: 'manuscript',
  tweet: 'post',
  misc: 'document',
  periodical: 'periodical',
  proceedings: 'book',
  book: 'book',
  blog: 'webpage',
  reference: 'book',
  conference: 'paper-conference',
  anthology: 'book',
  repository: 'software',
  thread: 'post',
  video: 'motion_picture',
  audio: 'song',
  exhibition: 'event',
  original: 'document',
  performance: 'performance',
};

/** An article's CSL type follows its parent: a paper in proceedings, a post on a blog. */
const articleByParent: Record<string, string> = {
  proceedings: 'paper-conference',
  conference: 'paper-conference',
  newspaper: 'article-newspaper',
  blog: 'post-weblog',
  web: 'webpage',
  periodical: 'article-journal',
};

function syntax(span: Span, message: string): ParseError {
  return { span, message, code: 'bib.syntax' };
}

type Value = unknown;
type Record_ = Record<string, Value>;

const isRecord = (v: Value): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A formattable string or title: a string, a number, or `{ value: ... }`. */
function text(v: Value): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (isRecord(v)) return text(v.value);
  return undefined;
}

/**
 * A Hayagriva person: `Prefix Family, Given, Suffix` (lower-case leading words are the prefix, as
 * in BibTeX), or `{ name, given-name, prefix, suffix }`.
 */
function person(v: Value): Record_ | undefined {
  if (isRecord(v)) {
    const family = text(v.name);
    if (!family) return undefined;
    const out: Record_ = { family };
    const given = text(v['given-name']);
    if (given) out.given = given;
    const prefix = text(v.prefix);
    if (prefix) out['non-dropping-particle'] = prefix;
    const suffix = text(v.suffix);
    if (suffix) out.suffix = suffix;
    return out;
  }
  const s = text(v);
  if (!s) return undefined;
  const [last = '', given, suffix] = s.split(',').map((p) => p.trim());
  if (given === undefined) return { family: last };
  const words = last.split(/\s+/);
  let k = 0;
  while (k < words.length - 1 && /^\p{Ll}/u.test(words[k] as string)) k++;
  const out: Record_ = { family: words.slice(k).join(' ') };
  if (k > 0) out['non-dropping-particle'] = words.slice(0, k).join(' ');
  if (given) out.given = given;
  if (suffix) out.suffix = suffix;
  return out;
}

function people(v: Value): Record_[] | undefined {
  const list = (Array.isArray(v) ? v : [v]).map(person).filter((p): p is Record_ => p !== undefined);
  return list.length ? list : undefined;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (an optional sign before the year) as CSL date parts. */
function date(v: Value): Record_ | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : isRecord(v) ? text(v.value) : undefined;
  if (!s) return undefined;
  const m = /^([+-]?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (!m) return { literal: s };
  const parts = [Number(m[1])];
  if (m[2]) parts.push(Number(m[2]));
  if (m[3]) parts.push(Number(m[3]));
  return { 'date-parts': [parts] };
}

/** The CSL item for one Hayagriva entry; fields a parent holds (journal, volume, publisher) are read from it. */
export function hayagrivaToCsl(entry: Record_, key: string): Record_ {
  const parents = (Array.isArray(entry.parent) ? entry.parent : entry.parent === undefined ? [] : [entry.parent]).filter(isRecord);
  const parent = parents[0];
  const own = (typeof entry.type === 'string' ? entry.type : 'misc').toLowerCase();
  const parentType = typeof parent?.type === 'string' ? parent.type.toLowerCase() : 'periodical';
  const type = own === 'article' ? (articleByParent[parentType] ?? 'article-journal') : (cslTypes[own] ?? 'document');
  const item: Record_ = { id: key, type };
  const set = (name: string, value: Value) => {
    if (value !== undefined && item[name] === undefined) item[name] = value;
  };
  const title = entry.title;
  set('title', text(title));
  if (isRecord(title)) set('title-short', text(title.shorthand) ?? text(title.short));
  set('author', people(entry.author));
  set('editor', people(entry.editor));
  set('issued', date(entry.date));
  set('DOI', text(entry.doi));
  set('ISBN', text(entry.isbn));
  set('ISSN', text(entry.issn));
  const url = entry.url;
  set('URL', text(url));
  if (isRecord(url)) set('accessed', date(url.date));
  const serial = entry['serial-number'];
  if (isRecord(serial)) {
    set('DOI', text(serial.doi));
    set('ISBN', text(serial.isbn));
    set('ISSN', text(serial.issn));
    set('number', text(serial.arxiv) ?? text(serial.serial));
  } else set('number', text(serial));
  set('page', text(entry['page-range']));
  set('number-of-pages', text(entry['page-total']));
  set('edition', text(entry.edition));
  set('language', text(entry.language));
  set('note', text(entry.note));
  set('abstract', text(entry.abstract));
  set('genre', text(entry.genre));
  set('archive', text(entry.archive));
  set('archive_location', text(entry['archive-location']));
  for (const source of [entry, ...parents]) {
    set('volume', text(source.volume));
    set('issue', text(source.issue));
    const publisher = source.publisher;
    set('publisher', text(isRecord(publisher) ? publisher.name : publisher));
    set('publisher-place', text(isRecord(publisher) ? publisher.location : undefined) ?? text(source.location));
    if (source !== entry) set('publisher', text(source.organization));
  }
  // A thesis' university or a report's institution is its organization.
  set('publisher', text(entry.organization));
  if (parent) {
    set('container-title', text(parent.title));
    if (!item.editor) set('editor', people(parent.editor));
    if (!item.issued) set('issued', date(parent.date));
  }
  return item;
}

/** The key as Typst reads it: a plain scalar as written (`123`, `1.0`), a quoted one as its value. */
function keyOf(node: YamlNode, source: string): { key: string; span: Span } | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    return { key: String(node.value), span: { start: start + 1, end: Math.max(start + 1, end - 1) } };
  }
  const written = source.slice(start, end).trim();
  return written ? { key: written, span: { start, end: start + written.length } } : undefined;
}

/** Reads a Hayagriva file. Problems Typst would refuse the whole file for are reported as errors; the other entries are kept. */
export function readHayagriva(source: string, file: string): BibFile {
  const entries: BibEntry[] = [];
  const errors: ParseError[] = [];
  const result: BibFile = { file, format: 'hayagriva', entries, strings: new Map(), errors, chunks: [source] };
  if (!source.trim()) return result;
  const doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
  for (const e of doc.errors) {
    const start = Math.min(e.pos[0], source.length);
    errors.push(syntax({ start, end: Math.min(Math.max(e.pos[1], start), source.length) }, e.message.split('\n')[0] ?? e.message));
  }
  const root = doc.contents;
  if (!root) return result;
  if (!isMap(root)) {
    const range = (root as YamlNode).range;
    errors.push(syntax(range ? { start: range[0], end: range[1] } : { start: 0, end: 0 }, 'A Hayagriva file is a mapping from keys to entries (`key:` followed by indented fields).'));
    return result;
  }
  for (const pair of root.items as Pair<YamlNode, YamlNode | null>[]) {
    const key = pair.key && keyOf(pair.key, source);
    if (!key) continue;
    const value = pair.value;
    const end = value?.range ? value.range[1] : key.span.end;
    const span = { start: pair.key?.range?.[0] ?? key.span.start, end };
    if (!isMap(value)) {
      errors.push(syntax(key.span, `Entry \`${key.key}\` is not a mapping of fields; Typst refuses the whole file.`));
      continue;
    }
    let fields: Value;
    try {
      fields = value.toJS(doc, { maxAliasCount: 100 });
    } catch {
      fields = undefined;
    }
    if (!isRecord(fields)) continue;
    const type = fields.type;
    if (type === undefined) errors.push(syntax(key.span, `Entry \`${key.key}\` has no \`type\`; Typst refuses the whole file ("no entry type").`));
    else if (typeof type !== 'string' || !(type.toLowerCase() in cslTypes)) {
      const node = value.get('type', true) as YamlNode | undefined;
      const at = node?.range ? { start: node.range[0], end: node.range[1] } : key.span;
      errors.push(syntax(at, `Unknown entry type \`${String(type)}\`; Typst refuses the whole file. Types: ${Object.keys(cslTypes).join(', ')}.`));
    }
    entries.push(entryFromCsl(hayagrivaToCsl(fields, key.key), key.key, file, 'hayagriva', span, key.span));
  }
  return result;
}

/**
 * Whether a `.yml`/`.yaml` file is Hayagriva rather than CSL-YAML: CSL-YAML is a list of items,
 * bare or under `references:`; Hayagriva is a mapping of keys to entries.
 */
export function looksLikeHayagriva(source: string): boolean {
  const lines = source
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !/^\s*#/.test(l) && !/^(---|\.\.\.)\s*$/.test(l));
  const first = lines[0];
  if (first === undefined || /^\s*-(\s|$)/.test(first) || /^\s*\[/.test(first)) return false;
  if (/^references\s*:/.test(first)) {
    const rest = first.replace(/^references\s*:\s*/, '');
    if (rest.startsWith('[')) return false;
    if (rest === '' && /^\s*-(\s|$)/.test(lines[1] ?? '')) return false;
  }
  return /^[^\s#]/.test(first);
}
