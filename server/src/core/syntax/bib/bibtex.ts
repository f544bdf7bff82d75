// The BibTeX/BibLaTeX reader: tokenizes entries, expands @string macros and records spans, fast.
// It decodes no LaTeX (fields.ts does that lazily) and must not import anything outside the core.
import type { ParseError } from '../../model/types';
import type { BibEntry, BibFile } from '../../model/entry';
import { BARE, DELIMITED, FieldList } from '../../model/fieldList';
import { maxGroupDepth } from './latex';

/** BibTeX's predefined month macros; styles print them as the full month name. */
const months: ReadonlyMap<string, string> = new Map([
  ['jan', 'January'], ['feb', 'February'], ['mar', 'March'], ['apr', 'April'],
  ['may', 'May'], ['jun', 'June'], ['jul', 'July'], ['aug', 'August'],
  ['sep', 'September'], ['oct', 'October'], ['nov', 'November'], ['dec', 'December'],
]);

const AT = 64, LBRACE = 123, RBRACE = 125, LPAREN = 40, RPAREN = 41, QUOTE = 34, HASH = 35;
const COMMA = 44, EQUALS = 61, PERCENT = 37, SPACE = 32, TAB = 9, LF = 10, CR = 13, BOM = 0xfeff;

/** How a value stands in the text (Reader.single). */
type Single = typeof DELIMITED | typeof BARE | -1;

/** Mutable state of one read; a plain object so V8 keeps every access monomorphic. */
interface Reader {
  /** The piece of the file being read, its length, and where it starts in the whole file. */
  text: string;
  len: number;
  base: number;
  /** Whether this is the file's last piece: at the end of any other piece an entry's `@` follows. */
  last: boolean;
  pos: number;
  file: string;
  errors: ParseError[];
  strings: Map<string, string>;
  entries: BibEntry[];
  comments: string[] | undefined;
  /** Where to continue after a failed entry; set by `fail`. */
  resume: number;
  /** The deepest brace nesting of the last value matched. */
  deepest: number;
  /** Characters `@string` macros have put into values so far, and the most they may. */
  expanded: number;
  budget: number;
  /** The macros the current piece expanded, name and value in turn (see Reuse). */
  used: string[];
  /**
   * What the last value read was: DELIMITED or BARE when it is the text of its span as written
   * (one braced or quoted part, or one bare token not expanded), else -1. FieldList keeps such
   * values in the text.
   */
  single: Single;
}

/**
 * The pieces of a read that held exactly one entry, read without errors: a piece read again with
 * the same text (and the same values for the macros it used) yields the same entry, moved by the
 * difference of the pieces' starts. Zotero rewrites the whole file to change one entry; the rest
 * is not read again. Kept as arrays by piece, not an object per piece (6 MB less at 100k entries);
 * a piece's text is the read's `chunks[k]`, which the reused entry's values are slices of.
 */
interface Reuses {
  /** The index in the read's entries of piece k's entry, or -1 when piece k cannot be reused. */
  entry: Int32Array;
  /** Characters piece k's macros put into its values. */
  expanded: Int32Array;
  /** The macros piece k expanded, name and value in turn, for the pieces that used any. */
  used: Map<number, readonly string[]>;
}

const reusesOf = new WeakMap<BibFile, Reuses>();

/**
 * The longest value `@string` expansion may build, and (with the file's own length) the most it
 * may build in one file. A macro that doubles itself (`@string{b = a # a}`, forty times over) would
 * otherwise ask for terabytes from a one-kilobyte file; past the cap the macro name is kept as written.
 */
export const maxExpandedValue = 1 << 20;
const expansionBudget = 16 << 20;

/**
 * Reads a BibTeX/BibLaTeX file. Never throws: a broken entry is reported (code `bib.syntax`) and
 * skipped, and reading resumes at the next `@` that starts a line.
 */
export function readBibtex(text: string, file: string): BibFile {
  return readBibtexChunks([text], file);
}

/** A file's text in pieces, given one at a time (a decoder can then make each when it is read). */
export interface TextPieces {
  readonly count: number;
  piece(k: number): string;
  /** The whole text's length, or a bound of it (a decoder knows the bytes'): it sets the macro budget. */
  readonly length: number;
}

function piecesOf(chunks: readonly string[]): TextPieces {
  let length = 0;
  for (const c of chunks) length += c.length;
  return { count: chunks.length, piece: (k) => chunks[k] as string, length };
}

/**
 * Reads a BibTeX file given in pieces cut just before an entry's `@` at a line start (as
 * encoding.ts entryCuts cuts bytes): the result is the one of reading the joined text, offsets
 * included. With `previous`, the last read of the same file, pieces it read cleanly and that come
 * again are not read again: their entries and their text are taken over.
 */
export function readBibtexChunks(chunks: readonly string[] | TextPieces, file: string, previous?: BibFile): BibFile {
  const pieces = Array.isArray(chunks) ? piecesOf(chunks) : (chunks as TextPieces);
  const reuses: Reuses = { entry: new Int32Array(pieces.count).fill(-1), expanded: new Int32Array(pieces.count), used: new Map() };
  const kept: string[] = new Array(pieces.count);
  const r = scan(pieces, file, undefined, previous?.file === file ? previous : undefined, reuses, kept);
  const result: BibFile = { file, format: 'bibtex', entries: r.entries, strings: r.strings, errors: r.errors, chunks: kept };
  if (kept.length > 1) reusesOf.set(result, reuses);
  return result;
}

/**
 * The bodies of the file's `@comment{...}` blocks, in order. Themes read JabRef's
 * `jabref-meta: grouping:` / `groupstree:` from them; BibFile has no place for comments.
 */
export function readBibtexComments(chunks: readonly string[]): string[] {
  const comments: string[] = [];
  scan(piecesOf(chunks), '', comments, undefined, undefined, []);
  return comments;
}

function scan(pieces: TextPieces, file: string, comments: string[] | undefined, previous: BibFile | undefined, reuses: Reuses | undefined, kept: string[]): Reader {
  const r: Reader = {
    text: '', len: 0, base: 0, last: true, pos: 0, file, errors: [], strings: new Map(), entries: [], comments, resume: 0,
    deepest: 0, expanded: 0, budget: expansionBudget + pieces.length, used: noMacros, single: -1,
  };
  const old = previous && reusesOf.get(previous);
  const oldChunks = previous?.chunks ?? [];
  const oldStarts = old ? startsOf(oldChunks) : undefined;
  // Where the earlier read's pieces are expected to continue: a re-export keeps the order.
  let next = 0;
  let base = 0;
  for (let k = 0; k < pieces.count; k++) {
    const text = pieces.piece(k);
    const at = old ? matchingPiece(oldChunks, next, text) : -1;
    if (at >= 0) next = at + 1;
    const oldEntry = at >= 0 && old ? previous!.entries[old.entry[at] as number] : undefined;
    const used = oldEntry && old ? old.used.get(at) : undefined;
    if (oldEntry && old && (!used || used.every((v, i) => i % 2 === 1 || (r.strings.get(v) ?? months.get(v)) === used[i + 1]))) {
      const by = base - (oldStarts![at] as number);
      r.entries.push(by === 0 ? oldEntry : moved(oldEntry, by));
      r.expanded += old.expanded[at] as number;
      kept[k] = oldChunks[at] as string;
      if (reuses) {
        reuses.entry[k] = r.entries.length - 1;
        reuses.expanded[k] = old.expanded[at] as number;
        if (used) reuses.used.set(k, used);
      }
      base += text.length;
      continue;
    }
    kept[k] = text;
    r.text = text;
    r.len = text.length;
    r.base = base;
    r.last = k === pieces.count - 1;
    r.used = noMacros;
    const entries = r.entries.length;
    const errors = r.errors.length;
    const strings = r.strings.size;
    const expanded = r.expanded;
    let from = 0;
    while (from < r.len) {
      const at = text.indexOf('@', from);
      if (at < 0) break;
      from = readAt(r, at);
    }
    if (reuses && r.entries.length === entries + 1 && r.errors.length === errors && r.strings.size === strings) {
      reuses.entry[k] = entries;
      reuses.expanded[k] = r.expanded - expanded;
      if (r.used.length) reuses.used.set(k, r.used);
    }
    base += text.length;
  }
  return r;
}

/** Where each piece starts in the joined text. */
function startsOf(chunks: readonly string[]): Float64Array {
  const starts = new Float64Array(chunks.length);
  for (let k = 0, at = 0; k < chunks.length; k++) {
    starts[k] = at;
    at += (chunks[k] as string).length;
  }
  return starts;
}

/** How far past the expected place a piece of the earlier read is looked for (entries added or deleted there). */
const lookAhead = 16;

/**
 * The index of the earlier read's piece with this text, looked for from `from` on a few places
 * further, or -1. Entries moved further than that (the file sorted anew) are read again.
 */
function matchingPiece(chunks: readonly string[], from: number, text: string): number {
  const end = Math.min(chunks.length, from + lookAhead);
  for (let i = from; i < end; i++) if (chunks[i] === text) return i;
  return -1;
}

/** The macros a piece used, when it used none: shared, so a piece costs no array. */
const noMacros: string[] = [];

/** The same entry at another place in its file; fields count from the entry's start and are shared. */
function moved(entry: BibEntry, by: number): BibEntry {
  return {
    key: entry.key, type: entry.type, fields: entry.fields, file: entry.file,
    span: { start: entry.span.start + by, end: entry.span.end + by },
    keySpan: { start: entry.keySpan.start + by, end: entry.keySpan.end + by }, format: entry.format,
  };
}

/** Reads whatever starts at the `@` at `at`; returns where scanning continues. */
function readAt(r: Reader, at: number): number {
  const text = r.text;
  const lineStart = startsLine(text, at);
  // Outside entries BibTeX ignores text, but a commented-out line (`% @article{...`) is no entry.
  if (!lineStart && commentedOut(text, at)) return at + 1;
  let p = at + 1;
  while (isBlank(text.charCodeAt(p))) p++;
  const typeStart = p;
  let hash = 0;
  while (isTypeChar(text.charCodeAt(p))) hash = (hash * 31 + text.charCodeAt(p++)) | 0;
  const type = p === typeStart ? '' : internLower(text, typeStart, p, hash);
  let q = p;
  while (isSpace(text.charCodeAt(q))) q++;
  const open = text.charCodeAt(q);
  if (type === '' || (open !== LBRACE && open !== LPAREN)) {
    // An e-mail address or a stray `@` in free text is not an entry; one at a line start is a typo.
    if (!lineStart) return at + 1;
    // BibTeX's @comment takes no argument: it skips to the next '@' (bibtex.web), so the rest
    // of the line is a comment, braces or not.
    if (type === 'comment') return p;
    if (type === '') fail(r, at, at + 1, "Expected an entry type after '@'");
    else fail(r, at, p, `Expected '{' or '(' after @${type}`);
    return nextEntryStart(text, p);
  }
  const close = open === LBRACE ? RBRACE : RPAREN;
  r.pos = q + 1;
  if (type === 'comment') return readComment(r, q, close);
  if (type === 'preamble') return readPreamble(r, at, close);
  if (type === 'string') return readString(r, at, close);
  return readEntry(r, at, type, close);
}

function readComment(r: Reader, open: number, close: number): number {
  const end = close === RBRACE ? matchBrace(r, open) : matchParen(r, open);
  // A comment is free text: if it never closes, it simply ends where the next entry starts.
  const stop = end >= 0 ? end : r.resume;
  if (r.comments) r.comments.push(r.text.slice(open + 1, stop));
  return end >= 0 ? end + 1 : stop;
}

function readPreamble(r: Reader, at: number, close: number): number {
  skipBlank(r);
  if (r.text.charCodeAt(r.pos) === close) return r.pos + 1;
  if (readValue(r, close) === null) return r.resume;
  skipBlank(r);
  if (r.text.charCodeAt(r.pos) !== close) return failAt(r, r.pos, `Expected '${String.fromCharCode(close)}' to close @preamble`, at);
  return r.pos + 1;
}

function readString(r: Reader, at: number, close: number): number {
  const text = r.text;
  for (;;) {
    skipBlank(r);
    const c = text.charCodeAt(r.pos);
    if (c === close) return r.pos + 1;
    if (c === COMMA) {
      r.pos++;
      continue;
    }
    const nameStart = r.pos;
    const name = readName(r);
    if (name === '') return failAt(r, r.pos, 'Expected a macro name in @string', at);
    skipBlank(r);
    if (text.charCodeAt(r.pos) !== EQUALS) return failAt(r, r.pos, `Expected '=' after '${name}'`, at);
    r.pos++;
    skipBlank(r);
    const value = readValue(r, close);
    if (value === null) return r.resume;
    if (r.strings.has(name)) fail(r, nameStart, nameStart + name.length, `@string '${name}' is defined twice; the later definition wins`, 'bib.duplicate-string');
    r.strings.set(name, value);
  }
}

function readEntry(r: Reader, at: number, type: string, close: number): number {
  const text = r.text;
  skipBlank(r);
  const keyStart = r.pos;
  let p = keyStart;
  // An `@` that starts a line begins the next entry, not this one's key (`@article{` left without one).
  const nextEntry = text.charCodeAt(p) === AT && startsLine(text, p);
  for (;;) {
    const c = text.charCodeAt(p);
    if (nextEntry || p >= r.len || isBlank(c) || c === COMMA || c === close || c === LBRACE || c === RBRACE || c === EQUALS || c === QUOTE || c === HASH) break;
    p++;
  }
  const key = text.slice(keyStart, p);
  r.pos = p;
  skipBlank(r);
  const afterKey = text.charCodeAt(r.pos);
  if (key === '' || afterKey === EQUALS) {
    return failAt(r, keyStart, `Missing key in @${type}: expected '@${type}{key, ...'`, at);
  }
  if (afterKey !== COMMA && afterKey !== close) {
    return failAt(r, r.pos, `Expected ',' after the key '${key}'`, at);
  }
  const fields = new FieldList(text, at);
  const entry: BibEntry = {
    key, type, fields, file: r.file,
    span: { start: r.base + at, end: r.base + at }, keySpan: { start: r.base + keyStart, end: r.base + keyStart + key.length }, format: 'bibtex',
  };
  let lastEnd = r.pos;
  let afterValue = false;
  for (;;) {
    let c = text.charCodeAt(r.pos);
    while (c === COMMA) {
      r.pos++;
      skipBlank(r);
      c = text.charCodeAt(r.pos);
      afterValue = false;
    }
    if (c === close) {
      entry.span.end = r.base + r.pos + 1;
      fields.seal();
      r.entries.push(entry);
      return r.pos + 1;
    }
    if (r.pos >= r.len || (c === AT && startsLine(text, r.pos))) {
      // The closing brace is missing but every field before it is whole: keep the entry.
      fail(r, at, keyStart + key.length, `Entry '${key}' is not closed: missing '${String.fromCharCode(close)}'`);
      entry.span.end = r.base + lastEnd;
      fields.seal();
      r.entries.push(entry);
      return r.pos;
    }
    if (afterValue) {
      if (!looksLikeField(r)) return failAt(r, r.pos, `Unexpected text in entry '${key}': expected ',' or '${String.fromCharCode(close)}'`, at);
      fail(r, r.pos, r.pos + 1, `Missing ',' before this field in entry '${key}'`);
    }
    const nameStart = r.pos;
    const name = readName(r);
    if (name === '') return failAt(r, r.pos, `Expected a field name in entry '${key}'`, at);
    skipBlank(r);
    if (text.charCodeAt(r.pos) !== EQUALS) return failAt(r, r.pos, `Expected '=' after the field name '${name}'`, at);
    r.pos++;
    skipBlank(r);
    const valueStart = r.pos;
    const raw = readValue(r, close);
    if (raw === null) return r.resume;
    if (fields.has(name)) {
      fail(r, nameStart, nameStart + name.length, `Field '${name}' appears twice in entry '${key}'; the first one is used`, 'bib.duplicate-field');
    } else {
      fields.add(name, r.single === -1 ? raw : r.single, valueStart - at, r.pos - at);
    }
    lastEnd = r.pos;
    skipBlank(r);
    afterValue = true;
  }
}

/** Reads `part # part # ...` at r.pos; returns the joined raw value or null (error recorded). */
function readValue(r: Reader, close: number): string | null {
  const text = r.text;
  let value: string | undefined;
  let parts: string[] | undefined;
  let length = 0;
  for (;;) {
    const start = r.pos;
    const c = text.charCodeAt(start);
    let part: string;
    // What this part is, as `single` records it for a value of one part.
    let kind: Single = DELIMITED;
    if (c === LBRACE) {
      const end = matchBrace(r, start);
      if (end < 0) return failUnterminated(r, start, 'braced value', '}');
      part = text.slice(start + 1, end);
      r.pos = end + 1;
      if (r.deepest > maxGroupDepth) tooDeep(r, start);
    } else if (c === QUOTE) {
      const end = matchQuote(r, start);
      if (end < 0) return failUnterminated(r, start, 'quoted value', '"');
      part = text.slice(start + 1, end);
      r.pos = end + 1;
      if (r.deepest > maxGroupDepth) tooDeep(r, start);
    } else {
      const token = readBare(r, close);
      if (token === '') {
        // At the end of a piece other than the last, the next entry's `@` follows.
        const found = start < r.len ? text.charAt(start) : r.last ? '' : '@';
        // Reading resumes after this point, or at it when it is the `@` of the next entry.
        failAt(r, start, found === '' ? 'Expected a value at the end of the file' : `Expected a value, found '${found}'`, start - 1);
        return null;
      }
      const first = token.charCodeAt(0);
      kind = BARE;
      if (first >= 48 && first <= 57) part = token;
      else {
        const lower = token.toLowerCase();
        const macro = r.strings.get(lower) ?? months.get(lower);
        if (macro === undefined) {
          fail(r, start, r.pos, `Undefined @string macro '${token}'`, 'bib.undefined-string');
          part = token;
        } else if (length + macro.length > maxExpandedValue || r.expanded + macro.length > r.budget) {
          fail(r, start, r.pos, `Expanding '${token}' here would build more than ${maxExpandedValue >> 20} MB of text (an @string that repeats itself?); the name is kept as written`, 'bib.limit');
          part = token;
        } else {
          r.expanded += macro.length;
          if (r.used === noMacros) r.used = [];
          r.used.push(lower, macro);
          part = macro;
          kind = -1;
        }
      }
    }
    length += part.length;
    if (value === undefined) value = part;
    else (parts ??= [value]).push(part);
    const afterPart = r.pos;
    skipBlank(r);
    if (text.charCodeAt(r.pos) !== HASH) {
      // The value's span ends at its last part, not at the blanks after it.
      r.pos = afterPart;
      r.single = parts ? -1 : kind;
      return parts ? parts.join('') : value;
    }
    r.pos++;
    skipBlank(r);
  }
}

function readBare(r: Reader, close: number): string {
  const text = r.text;
  const start = r.pos;
  let p = start;
  for (;;) {
    const c = text.charCodeAt(p);
    if (p >= r.len || isBlank(c) || c === COMMA || c === close || c === HASH || c === LBRACE || c === RBRACE || c === QUOTE || c === EQUALS || c === AT) break;
    p++;
  }
  r.pos = p;
  return text.slice(start, p);
}

function readName(r: Reader): string {
  const text = r.text;
  const start = r.pos;
  let p = start;
  let hash = 0;
  for (;;) {
    const c = text.charCodeAt(p);
    if (p >= r.len || isBlank(c) || c === COMMA || c === EQUALS || c === LBRACE || c === RBRACE || c === LPAREN || c === RPAREN || c === QUOTE || c === HASH || c === AT || c === PERCENT) break;
    hash = (hash * 31 + c) | 0;
    p++;
  }
  r.pos = p;
  return p === start ? '' : internLower(text, start, p, hash);
}

/**
 * Field names repeat in every entry (`author`, `Title` ...): look the spelling up by a hash of its
 * characters and reuse its lower-case string, so a field costs no name allocations. The cache
 * outlives the file, so it holds copies: a slice of the text would keep a superseded 100 MB
 * bibliography alive after every re-export (measured: one whole old text per server).
 */
const names: ([string, string] | undefined)[] = new Array(1024);

function internLower(text: string, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 10)) & 1023;
  const cached = names[slot];
  if (cached !== undefined && cached[0].length === end - start && text.startsWith(cached[0], start)) return cached[1];
  const spelling = detached(text.slice(start, end));
  const lower = internalized(spelling.toLowerCase());
  names[slot] = [spelling, lower];
  return lower;
}

/**
 * `s` as V8 keeps property names, a copy of its own that compares with the same name written in
 * the code by identity: FieldList looks names up with `===`.
 */
function internalized(s: string): string {
  const holder: Record<string, number> = {};
  holder[s] = 0;
  return Object.keys(holder)[0] ?? s;
}

/**
 * A copy of `s` that does not share the text it was sliced from. V8 slices strings of 13 or more
 * characters by reference; the concatenation is flattened into a string of its own when sliced.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** After a value with no comma: does `name =` follow (a forgotten comma) or garbage? */
function looksLikeField(r: Reader): boolean {
  const save = r.pos;
  const name = readName(r);
  skipBlank(r);
  const ok = name !== '' && r.text.charCodeAt(r.pos) === EQUALS;
  r.pos = save;
  return ok;
}

/**
 * Index of the `}` matching the `{` at `open`, or -1. Like BibTeX, `\{` counts as a brace.
 * A line that starts a new entry (`@type{`) inside the value means this one is unterminated;
 * then `r.resume` is set to that `@`, which recovers far better than swallowing the rest of the file.
 */
function matchBrace(r: Reader, open: number): number {
  const text = r.text;
  const len = r.len;
  // The next brace of each kind and line break, found with indexOf (which skips the characters
  // between far faster than a loop over them: values are most of a file) and looked for again
  // once passed.
  let depth = 1;
  let deepest = 1;
  let opening = nextOf(text, '{', open + 1);
  let closing = nextOf(text, '}', open + 1);
  let lf = nextOf(text, '\n', open + 1);
  for (;;) {
    if (lf < opening && lf < closing) {
      const at = entryHeaderAt(text, lf + 1);
      if (at >= 0) {
        r.resume = at;
        return -1;
      }
      lf = nextOf(text, '\n', lf + 1);
    } else if (opening < closing) {
      if (++depth > deepest) deepest = depth;
      opening = nextOf(text, '{', opening + 1);
    } else if (closing < len) {
      if (--depth === 0) {
        // The value's own braces are the first level.
        r.deepest = deepest - 1;
        return closing;
      }
      closing = nextOf(text, '}', closing + 1);
    } else break;
  }
  r.resume = len;
  return -1;
}

/** Where `c` next occurs in `text` from `from` on, or the text's length. */
function nextOf(text: string, c: string, from: number): number {
  const at = text.indexOf(c, from);
  return at < 0 ? text.length : at;
}

/**
 * Index of the closing `"` of the quoted value at `open` (at brace depth 0), or -1. As matchBrace,
 * the next quote, braces and line break are found with indexOf and taken in the order they come.
 */
function matchQuote(r: Reader, open: number): number {
  const text = r.text;
  const len = r.len;
  let depth = 0;
  let deepest = 0;
  let quote = nextOf(text, '"', open + 1);
  let opening = nextOf(text, '{', open + 1);
  let closing = nextOf(text, '}', open + 1);
  let lf = nextOf(text, '\n', open + 1);
  for (;;) {
    const i = Math.min(quote, opening, closing, lf);
    if (i >= len) break;
    if (i === quote) {
      if (depth === 0) {
        r.deepest = deepest;
        return i;
      }
      quote = nextOf(text, '"', i + 1);
    } else if (i === opening) {
      if (++depth > deepest) deepest = depth;
      opening = nextOf(text, '{', i + 1);
    } else if (i === closing) {
      if (depth === 0) {
        r.resume = nextEntryStart(text, i);
        return -1;
      }
      depth--;
      closing = nextOf(text, '}', i + 1);
    } else {
      const at = entryHeaderAt(text, i + 1);
      if (at >= 0) {
        r.resume = at;
        return -1;
      }
      lf = nextOf(text, '\n', i + 1);
    }
  }
  r.resume = len;
  return -1;
}

/** The `)` closing a paren-delimited comment (braces inside are skipped), or -1. */
function matchParen(r: Reader, open: number): number {
  const text = r.text;
  let depth = 0;
  for (let i = open + 1; i < r.len; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (c === RPAREN && depth <= 0) return i;
    else if (c === LF) {
      const at = entryHeaderAt(text, i + 1);
      if (at >= 0) {
        r.resume = at;
        return -1;
      }
    }
  }
  r.resume = r.len;
  return -1;
}

/** If the line starting at `p` begins an entry (`@type{` or `@type(`), the `@`'s index, else -1. */
function entryHeaderAt(text: string, p: number): number {
  let c = text.charCodeAt(p);
  while (c === SPACE || c === TAB) c = text.charCodeAt(++p);
  if (c !== AT) return -1;
  let q = p + 1;
  const typeStart = q;
  while (isTypeChar(text.charCodeAt(q))) q++;
  if (q === typeStart) return -1;
  c = text.charCodeAt(q);
  while (c === SPACE || c === TAB) c = text.charCodeAt(++q);
  return c === LBRACE || c === LPAREN ? p : -1;
}

/** The next `@` that starts a line (after blanks), or the end of the text. */
function nextEntryStart(text: string, from: number): number {
  for (;;) {
    const at = text.indexOf('@', from);
    if (at < 0) return text.length;
    if (startsLine(text, at)) return at;
    from = at + 1;
  }
}

function startsLine(text: string, at: number): boolean {
  let p = at - 1;
  let c = text.charCodeAt(p);
  while (c === SPACE || c === TAB || c === BOM) c = text.charCodeAt(--p);
  return p < 0 || c === LF || c === CR;
}

function commentedOut(text: string, at: number): boolean {
  for (let p = at - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c === LF || c === CR) return false;
    if (c === PERCENT) return true;
  }
  return false;
}

/** Skips blanks and, between fields, `%` line comments (biber allows them; BibTeX never sees one there). */
function skipBlank(r: Reader): void {
  const text = r.text;
  let p = r.pos;
  for (;;) {
    const c = text.charCodeAt(p);
    if (isBlank(c)) p++;
    else if (c === PERCENT) {
      const nl = text.indexOf('\n', p);
      p = nl < 0 ? r.len : nl + 1;
    } else break;
  }
  r.pos = p;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB || c === 12 || c === 11 || c === 0xa0 || c === BOM;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

function isTypeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function fail(r: Reader, start: number, end: number, message: string, code = 'bib.syntax'): null {
  r.errors.push({ span: { start: r.base + start, end: r.base + Math.max(end, start) }, message, code });
  return null;
}

/** Records an error at `p` and returns where reading resumes: the next line-start `@` after the entry's own `@`. */
function failAt(r: Reader, p: number, message: string, at: number): number {
  // Past the end of a piece other than the last stands the next entry's `@`.
  const end = Math.min(p + 1, r.last ? r.len : r.len + 1);
  fail(r, Math.min(p, r.len), end, message);
  r.resume = nextEntryStart(r.text, Math.max(p, at + 1));
  return r.resume;
}

function tooDeep(r: Reader, start: number): void {
  fail(r, start, start + 1, `Braces are nested ${r.deepest} deep in this value; below ${maxGroupDepth} levels its text is shown without LaTeX`, 'bib.limit');
}

function failUnterminated(r: Reader, start: number, what: string, closer: string): null {
  return fail(r, start, start + 1, `Unterminated ${what}: '${r.text.charAt(start)}' is never closed by '${closer}'`);
}
