// Reads CSL-JSON and CSL-YAML bibliographies into BibFiles with exact item and key spans; each item
// passes through citation-js's CSL normalisation on its way into the entry model.
// Pure and total: a broken item costs that item only; nothing here throws on user input.
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { ParseError, Span } from '../../model/types';
import type { BibEntry, BibFile } from '../../model/entry';
import { entryFromCsl, readCslDate, type DateParts } from './cslItem';
import { citationJs } from '../citationJs';

export type { CslItem } from './cslItem';
export { toCsl } from './toCsl';

function syntax(span: Span, message: string): ParseError {
  return { span, message, code: 'bib.syntax' };
}

function missingKey(span: Span): ParseError {
  return { span, message: 'CSL item has no `id`; it is skipped.', code: 'bib.missing-key' };
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at `i` (a `"`), or the text's end if unclosed. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
    else if (c === 10) return -1;
  }
  return -1;
}

/** Index just past the bracket matching the `{` or `[` at `i`, or -1 when the text ends first. */
function matchingEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      const end = stringEnd(text, j);
      if (end < 0) return -1;
      j = end - 1;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** The next item start after `from`: a `{` opening a line at the given indentation, before `limit`. */
function resyncPoint(text: string, from: number, limit: number, indent: string): number {
  const re = /\n([ \t]*)\{/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < limit; m = re.exec(text)) {
    if (m[1] === indent) return m.index + m[0].length - 1;
  }
  return -1;
}

/** The whitespace before `i` on its line, or a never-matching marker when the line has text there. */
function indentOf(text: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j--;
  return j < 0 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 ? text.slice(j + 1, i) : '\u0000';
}

/**
 * The span of the value of a top-level member of the object at [start, end), if present. The last
 * occurrence wins, as it does for JSON.parse.
 */
function memberValueSpan(text: string, start: number, end: number, names: readonly string[]): Span | undefined {
  let depth = 0;
  let found: Span | undefined;
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
    else if (c === 34) {
      const sEnd = stringEnd(text, j);
      if (sEnd < 0) return found;
      if (depth === 1) {
        const after = skipWs(text, sEnd);
        if (text.charCodeAt(after) === 58 && names.includes(text.slice(j + 1, sEnd - 1))) {
          const v = skipWs(text, after + 1);
          if (text.charCodeAt(v) === 34) {
            const vEnd = stringEnd(text, v);
            if (vEnd > 0) found = { start: v + 1, end: vEnd - 1 };
          } else {
            const num = /^-?\d+(?:\.\d+)?/.exec(text.slice(v, v + 40));
            if (num) found = { start: v, end: v + num[0].length };
          }
        }
      }
      j = sEnd - 1;
    }
  }
  return found;
}

/** The span without surrounding whitespace, as keys are trimmed. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return { start, end };
}

/** The key of an item: `id`, else `citation-key`, as text. */
function itemKey(item: Record<string, unknown>): { key: string; member: string } | undefined {
  for (const member of ['id', 'citation-key']) {
    const v = item[member];
    if (typeof v === 'string' && v.trim()) return { key: v.trim(), member };
    if (typeof v === 'number' && Number.isFinite(v)) return { key: String(v), member };
  }
  return undefined;
}

const dateVariables = ['issued', 'accessed', 'event-date', 'original-date', 'submitted', 'available-date', 'container'];
const nameVariables = [
  'author',
  'editor',
  'translator',
  'container-author',
  'collection-editor',
  'composer',
  'director',
  'editorial-director',
  'illustrator',
  'interviewer',
  'original-author',
  'recipient',
  'reviewed-author',
];

function cslDate(d: DateParts): Record<string, unknown> | undefined {
  if (d.year === undefined) return d.literal ? { literal: d.literal } : undefined;
  const parts = [d.year, d.month, d.month !== undefined ? d.day : undefined].filter((p): p is number => p !== undefined);
  return { 'date-parts': [parts] };
}

/** A date in a shape citation-js keeps: `date-parts`, `raw`, `literal`, or a list of `date-parts`. */
function isCslDate(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every((v) => Array.isArray((v as Record<string, unknown> | null)?.['date-parts']));
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v['date-parts']) || typeof v.raw === 'string' || typeof v.literal === 'string';
}

/**
 * Repairs the shapes citation-js's normalisation would drop rather than fix: dates written as
 * text (`issued: 2021-06-14`, as Pandoc YAML has them), as a bare year or as `{year, month}`; a
 * single name not in a list; keyword and note lists (it keeps only the first).
 */
function beforeClean(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const name of dateVariables) {
    const value = out[name];
    if (value === undefined || isCslDate(value)) continue;
    const d = readCslDate(value);
    const date = d && cslDate(d);
    if (date) out[name] = date;
  }
  for (const name of nameVariables) {
    const value = out[name];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    // "Family, Given" is unambiguous and citation-js splits it; a string without a comma may be an
    // organisation ("World Health Organization"), which splitting would turn into "Organization, W. H.".
    out[name] = list.map((n) => (typeof n === 'string' && !n.includes(',') ? { literal: n.trim() } : n));
  }
  if (Array.isArray(out.keyword) && out.keyword.every((k) => typeof k === 'string')) out.keyword = out.keyword.join(', ');
  if (Array.isArray(out.note) && out.note.every((k) => typeof k === 'string')) out.note = out.note.join('\n');
  return out;
}

/**
 * The item as citation-js normalises CSL (`plugins.input.util.clean` with best-guess conversions):
 * "Family, Given" strings become name objects, numbers in text variables text, date-parts given as
 * strings or without their outer list proper date-parts, Crossref's title lists their first
 * title, and Crossref or capitalised types (`journal-article`, `Book`) CSL types. Variables it does
 * not know (say `license`) it drops; those we keep, so the entry shows what the file says.
 */
function normalise(item: Record<string, unknown>): Record<string, unknown> {
  const before = beforeClean(item);
  let cleaned: Record<string, unknown> | undefined;
  try {
    cleaned = citationJs().plugins.input.util.clean([before], true)[0];
  } catch {
    cleaned = undefined;
  }
  if (!cleaned) return before;
  for (const [name, value] of Object.entries(before)) {
    if (name !== 'type' && !(name in cleaned) && (typeof value === 'string' || typeof value === 'number')) cleaned[name] = value;
  }
  // citation-js keeps numbers where CSL allows them (`volume: 521`), but citeproc-js then leaves
  // the volume out of the reference, and APA the pages with it.
  for (const [name, value] of Object.entries(cleaned)) if (typeof value === 'number' && Number.isFinite(value)) cleaned[name] = String(value);
  return cleaned;
}

function parsePosition(message: string): number | undefined {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Parses one item's text; on failure reports where JSON.parse stopped. */
function parseItem(text: string, span: Span): { item?: Record<string, unknown>; error?: ParseError } {
  try {
    const value: unknown = JSON.parse(text.slice(span.start, span.end));
    if (value && typeof value === 'object' && !Array.isArray(value)) return { item: value as Record<string, unknown> };
    return { error: syntax(span, 'A CSL-JSON item must be an object.') };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = parsePosition(message);
    const pos = at === undefined ? span.start : Math.min(span.end, span.start + at);
    return { error: syntax({ start: pos, end: Math.min(span.end, pos + 1) }, `Invalid CSL-JSON item: ${message}`) };
  }
}

/**
 * Reads a CSL-JSON file (an array of items, or a single item). Each item is parsed on its own, so
 * an item with a syntax error is reported and skipped while its neighbours are kept.
 */
export function readCslJson(text: string, file: string): BibFile {
  const entries: BibEntry[] = [];
  const errors: ParseError[] = [];
  const result: BibFile = { file, format: 'csl-json', entries, strings: new Map(), errors, chunks: [text] };
  const addItem = (span: Span) => {
    const { item, error } = parseItem(text, span);
    if (error) return void errors.push(error);
    if (!item) return;
    const found = itemKey(item);
    if (!found) return void errors.push(missingKey(span));
    const valueSpan = memberValueSpan(text, span.start, span.end, [found.member]);
    const keySpan = valueSpan ? trimSpan(text, valueSpan) : { start: span.start, end: span.start + 1 };
    entries.push(entryFromCsl(normalise(item), found.key, file, 'csl-json', span, keySpan));
  };

  let i = skipWs(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (i >= text.length) return result;
  if (text[i] === '{') {
    const end = matchingEnd(text, i);
    addItem({ start: i, end: end < 0 ? text.length : end });
    return result;
  }
  if (text[i] !== '[') {
    errors.push(syntax({ start: i, end: i + 1 }, 'A CSL-JSON file must hold an array of items (`[ {...}, ... ]`).'));
    return result;
  }
  i++;
  let expectItem = true;
  while (true) {
    i = skipWs(text, i);
    if (i >= text.length) {
      errors.push(syntax({ start: text.length, end: text.length }, 'The CSL-JSON array is not closed with `]`.'));
      break;
    }
    const c = text[i];
    if (c === ']') {
      const rest = skipWs(text, i + 1);
      if (rest < text.length) errors.push(syntax({ start: rest, end: text.length }, 'Unexpected text after the CSL-JSON array.'));
      break;
    }
    if (c === ',') {
      if (expectItem) errors.push(syntax({ start: i, end: i + 1 }, 'Unexpected `,`.'));
      expectItem = true;
      i++;
      continue;
    }
    if (c === '{') {
      if (!expectItem) errors.push(syntax({ start: i, end: i + 1 }, 'Missing `,` between items.'));
      const end = matchingEnd(text, i);
      const limit = end < 0 ? text.length : end;
      const before = errors.length;
      addItem({ start: i, end: limit });
      const failed = errors.length > before && errors[errors.length - 1]?.code === 'bib.syntax';
      // A broken item may have swallowed its neighbours (a missing brace); restart at the next
      // line that opens an item at the same indentation.
      const next = failed || end < 0 ? resyncPoint(text, i + 1, limit, indentOf(text, i)) : -1;
      if (next >= 0) {
        i = next;
        expectItem = true;
      } else if (end < 0) {
        break;
      } else {
        i = end;
        expectItem = false;
      }
      continue;
    }
    const next = resyncPoint(text, i, text.length, indentOf(text, text.indexOf('{', i)));
    errors.push(syntax({ start: i, end: i + 1 }, `Unexpected \`${c}\` in the CSL-JSON array.`));
    if (next < 0) break;
    i = next;
    expectItem = true;
  }
  return result;
}

/** The span of a YAML scalar's text without its quotes. */
function scalarSpan(node: YamlNode): Span | undefined {
  const range = node.range;
  if (!range) return undefined;
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  return quoted ? { start: range[0] + 1, end: range[1] - 1 } : { start: range[0], end: range[1] };
}

/** The document holding the references: the first with a `references:` list or a bare list. */
function referencesOf(docs: Document[]): { doc: Document; list: YamlNode } | undefined {
  for (const doc of docs) {
    const contents = doc.contents;
    if (isSeq(contents)) return { doc, list: contents };
    if (isMap(contents)) {
      const refs = contents.get('references', true);
      if (isSeq(refs)) return { doc, list: refs };
    }
  }
  return undefined;
}

const maxYamlDepth = 64;

/**
 * Why an item cannot be converted to plain values safely, or undefined. The yaml package turns a
 * key that is itself a collection (what its error recovery makes of mis-indented lines) into a
 * string of the whole collection, at every level: a 2,000-line file ran for minutes, then threw.
 * CSL items have plain keys and nest a few levels, so anything else is refused, walked without recursion.
 */
function unsafeItem(root: YamlNode): { reason: string; code: string } | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > maxYamlDepth) return { reason: `it is nested more than ${maxYamlDepth} levels deep`, code: 'bib.limit' };
    if (isMap(node)) {
      for (const pair of node.items) {
        if (pair.key !== null && !isScalar(pair.key)) return { reason: 'it has a key that is not plain text (mis-indented lines?)', code: 'bib.syntax' };
        stack.push([pair.value, depth + 1]);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
  }
  return undefined;
}

/**
 * The list's items as plain values, converted in one go: the yaml package resolves an alias
 * (`author: *smith`) by walking the document once per conversion, so converting item by item took
 * minutes for 10k items that share anchors. Undefined when that fails (an unresolvable alias, too
 * many aliases); the caller then converts item by item, so a bad item costs that item only.
 */
function listValues(list: YamlNode, doc: Document): unknown[] | undefined {
  try {
    const values: unknown = list.toJS(doc);
    return Array.isArray(values) && isSeq(list) && values.length === list.items.length ? values : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads CSL-YAML: a `references:` list (as in a Pandoc YAML block, with or without `---` fences) or
 * a bare list of items. Positions come from the YAML parser's node ranges.
 */
export function readCslYaml(text: string, file: string): BibFile {
  const entries: BibEntry[] = [];
  const errors: ParseError[] = [];
  const result: BibFile = { file, format: 'csl-yaml', entries, strings: new Map(), errors, chunks: [text] };
  if (!text.trim()) return result;
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, { prettyErrors: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    errors.push(syntax({ start: 0, end: 0 }, `Invalid YAML: ${e instanceof Error ? e.message : String(e)}`));
    return result;
  }
  const found = referencesOf(docs);
  const reportFrom = found ? [found.doc] : docs.slice(0, 1);
  for (const doc of reportFrom) {
    for (const e of doc.errors) {
      // The parser may place an end-of-input error one past the text.
      const start = Math.min(e.pos[0], text.length);
      errors.push(syntax({ start, end: Math.min(Math.max(e.pos[1], start), text.length) }, e.message.split('\n')[0] ?? e.message));
    }
  }
  if (!found) {
    if (!errors.length) errors.push(syntax({ start: 0, end: Math.min(text.length, 1) }, 'No `references:` list found in this YAML file.'));
    return result;
  }
  const { doc, list } = found;
  if (!isSeq(list)) return result;
  const unsafe = list.items.map((node) => (isMap(node) ? unsafeItem(node) : undefined));
  const values = unsafe.some(Boolean) ? undefined : listValues(list, doc);
  for (const [index, node] of list.items.entries()) {
    const range = (node as YamlNode | null)?.range;
    const span: Span = range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
    if (!isMap(node)) {
      errors.push(syntax(span, 'A CSL-YAML reference must be a mapping (`- id: ...`).'));
      continue;
    }
    const refused = unsafe[index];
    if (refused) {
      errors.push({ ...syntax({ start: span.start, end: Math.min(span.end, span.start + 1) }, `This reference is not read: ${refused.reason}.`), code: refused.code });
      continue;
    }
    let item: unknown = values?.[index];
    if (!values) {
      try {
        item = node.toJS(doc);
      } catch {
        item = undefined;
      }
    }
    if (!item || typeof item !== 'object') continue;
    const key = itemKey(item as Record<string, unknown>);
    if (!key) {
      errors.push(missingKey(span));
      continue;
    }
    // With a duplicated key the last one is the value, so its node is the one to point at.
    let keyNode: YamlNode | undefined;
    for (const pair of node.items) if (isScalar(pair.key) && pair.key.value === key.member && isScalar(pair.value)) keyNode = pair.value;
    const valueSpan = keyNode && scalarSpan(keyNode);
    const keySpan = valueSpan ? trimSpan(text, valueSpan) : { start: span.start, end: span.start };
    entries.push(entryFromCsl(normalise(item as Record<string, unknown>), key.key, file, 'csl-yaml', span, keySpan));
  }
  return result;
}
