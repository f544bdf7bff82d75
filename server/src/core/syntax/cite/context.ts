// The citation under the cursor, for completion: the key being typed and the span it replaces.
// Works on half-typed text (`\cite{lun`, `[@lun` at the end of the file). Pure; core imports only.
import type { Span } from '../../model/types';
import type { CiteLang, FindOptions } from './citation';
import { findLatexCitations, inSkipped, latexCommandTable } from './latex';
import { inlineTokens, isQuartoCrossRef, metadataStrings, scanBlocks, T, type Token } from './markdown';
import { typstSiteAt, type TypstSyntax } from './typst';

export interface CitationContext {
  /** The part of the key before the cursor. */
  prefix: string;
  /** The whole key token around the cursor, so that accepting a completion replaces it. */
  replaceSpan: Span;
  lang: CiteLang;
  /** Inside `[...]` (Markdown), a command's braces (LaTeX, always true) or a `#cite(...)` (Typst). */
  inBrackets: boolean;
}

export interface ContextOptions extends FindOptions {
  /** The LaTeX finder's skipped spans of this text, when the caller has them memoised. */
  skipped?: readonly Span[];
}

export function citationContext(text: string, offset: number, lang: CiteLang, options: ContextOptions = {}): CitationContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  if (lang === 'typst') return typstContext(text, offset);
  if (lang !== 'latex') return markdownContext(text, offset);
  // Verbatim, `\verb` and comments are what the finder skips: no citation, so no completion.
  const skipped = options.skipped ?? findLatexCitations(text, options).skipped;
  return inSkipped(skipped, offset) ? undefined : latexContext(text, offset, options);
}

/** The Typst context from a reading of the text already made (memoised per document by the caller). */
export function typstCitationContext(text: string, offset: number, syntax: TypstSyntax): CitationContext | undefined {
  return offset < 0 || offset > text.length ? undefined : typstContext(text, offset, syntax);
}

// ---- Typst ----

/** Asks the Typst grammar, which knows where `@` and `<` are live, and trims like the compiler. */
function typstContext(text: string, offset: number, syntax?: TypstSyntax): CitationContext | undefined {
  const site = typstSiteAt(text, offset, syntax);
  if (!site) return undefined;
  let keyEnd = site.keyEnd;
  // A reference drops a trailing `.` or `:` (`see @doe.`), but never what is already typed.
  if (site.marker) while (keyEnd > offset && /[.:]/.test(text[keyEnd - 1] as string)) keyEnd--;
  return { prefix: text.slice(site.keyStart, offset), replaceSpan: { start: site.keyStart, end: keyEnd }, lang: 'typst', inBrackets: !site.marker };
}

// ---- LaTeX ----

function isLatexKeyChar(c: number): boolean {
  // Anything but separators, braces, comment and command characters, and white space.
  return !(c === 44 || c === 123 || c === 125 || c === 92 || c === 37 || c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c));
}

/** Moves back from `i` (exclusive) over white space (at most one line break) and `%` comments. */
function backOverSpace(text: string, i: number): number {
  let newlines = 0;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10) {
      if (++newlines > 1) return i;
      // A comment on the previous line is transparent, like in TeX.
      const lineStart = text.lastIndexOf('\n', i - 2) + 1;
      const pct = unescapedPercent(text, lineStart, i - 1);
      i = pct >= 0 ? pct : i - 1;
    } else if (c === 32 || c === 9 || c === 13) i--;
    else return i;
  }
  return i;
}

function unescapedPercent(text: string, from: number, to: number): number {
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 37) return j;
  }
  return -1;
}

/** Index of the bracket opening the one closing at `close` (exclusive end), or -1. */
function backOverGroup(text: string, close: number, openChar: number, closeChar: number): number {
  let depth = 0;
  for (let j = close - 1; j >= 0 && close - j < 2000; j--) {
    const c = text.charCodeAt(j);
    if (c === closeChar) depth++;
    else if (c === openChar && --depth === 0) return j;
  }
  return -1;
}

function latexContext(text: string, offset: number, options: FindOptions): CitationContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (unescapedPercent(text, lineStart, offset) >= 0) return undefined;
  let keyStart = offset;
  while (keyStart > 0 && isLatexKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
  let keyEnd = offset;
  while (isLatexKeyChar(text.charCodeAt(keyEnd))) keyEnd++;
  // Walk back over earlier keys of the list to its `{`.
  let j = keyStart;
  for (;;) {
    j = backOverSpace(text, j);
    const c = text.charCodeAt(j - 1);
    if (c === 123) break;
    if (c !== 44) return undefined;
    j = backOverSpace(text, j - 1);
    while (j > 0 && isLatexKeyChar(text.charCodeAt(j - 1))) j--;
  }
  // Before the `{`: optional `[...]` notes and, for multicites, earlier `{keys}` groups.
  const table = latexCommandTable(options.latexCommands);
  let p = j - 1;
  let earlierGroups = false;
  for (;;) {
    const q = backOverSpace(text, p);
    const c = text.charCodeAt(q - 1);
    if (c === 93) p = backOverGroup(text, q, 91, 93);
    else if (c === 125) {
      p = backOverGroup(text, q, 123, 125);
      earlierGroups = true;
    } else if (c === 41) p = backOverGroup(text, q, 40, 41);
    else {
      p = q;
      break;
    }
    if (p < 0) return undefined;
  }
  if (text.charCodeAt(p - 1) === 42) p--;
  let nameStart = p;
  while (nameStart > 0 && /[A-Za-z]/.test(text[nameStart - 1] as string)) nameStart--;
  if (nameStart === p || text.charCodeAt(nameStart - 1) !== 92) return undefined;
  const info = table.get(text.slice(nameStart, p));
  if (!info || (earlierGroups && !info.multi)) return undefined;
  return { prefix: text.slice(keyStart, offset), replaceSpan: { start: keyStart, end: keyEnd }, lang: 'latex', inBrackets: true };
}

// ---- Markdown ----

const keyChars = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;

function markdownContext(text: string, offset: number): CitationContext | undefined {
  let keyStart = offset;
  let braced = false;
  for (;;) {
    if (keyStart === 0) return undefined;
    const ch = text[keyStart - 1] as string;
    if (ch === '@') break;
    if (ch === '{' && text[keyStart - 2] === '@') {
      braced = true;
      break;
    }
    if (!keyChars.test(ch) || offset - keyStart > 200) return undefined;
    keyStart--;
  }
  const at = braced ? keyStart - 2 : keyStart - 1;
  // Is that `@` live text? Ask the same scanners the finder uses, over this paragraph only.
  const blocks = scanBlocks(text);
  let tokens: Token[];
  const yaml = blocks.yaml.find((y) => y.start <= at && at < y.end);
  if (yaml) {
    // Front matter: only `nocite:` values cite (see metadataCitations in markdown.ts).
    const value = metadataStrings(text, yaml).find((v) => v.nocite && v.span.start <= at && offset <= v.span.end);
    if (!value) return undefined;
    tokens = inlineTokens(text, [], value.span.start, value.span.end, true);
  } else {
    if (blocks.skip.some((s) => s.start <= at && at < s.end)) return undefined;
    const comment = text.lastIndexOf('<!--', at);
    if (comment >= 0) {
      const close = text.indexOf('-->', comment);
      if (close < 0 || close > at) return undefined;
    }
    const parStart = Math.max(0, text.lastIndexOf('\n\n', at) + 1, blockStartBefore(blocks.skip, at));
    const parEnd = text.indexOf('\n\n', offset);
    tokens = inlineTokens(text, blocks.skip, parStart, parEnd < 0 ? text.length : parEnd, true);
  }
  let depth = 0;
  let found = false;
  for (const t of tokens) {
    if (t.t === T.Open) depth++;
    else if (t.t === T.Close) depth = Math.max(0, depth - 1);
    // An unclosed `@{odd` is read leniently as an empty key at its brace.
    else if (t.t === T.Key && t.keySpan && (t.keySpan.start === keyStart || (braced && t.key === '' && t.keySpan.start === keyStart - 1))) {
      // `@fig-` is a Quarto cross-reference being typed; that completion is Quarto's, not ours.
      found = !t.xref && !isQuartoCrossRef(text.slice(keyStart, offset));
      break;
    }
    if (t.pos > at) break;
  }
  if (!found) return undefined;
  let keyEnd = offset;
  if (braced) while (keyEnd < text.length && !/[\s{}]/.test(text[keyEnd] as string)) keyEnd++;
  else while (keyEnd < text.length && keyChars.test(text[keyEnd] as string)) keyEnd++;
  // Trailing punctuation is not part of a key (`@doe.` ends a sentence).
  if (!braced) while (keyEnd > offset && /[:.#$%&\-+?<>~/]/.test(text[keyEnd - 1] as string)) keyEnd--;
  return { prefix: text.slice(keyStart, offset), replaceSpan: { start: keyStart, end: keyEnd }, lang: 'markdown', inBrackets: depth > 0 };
}

/** The end of the last skipped block before `at`, so a paragraph never starts inside a fence. */
function blockStartBefore(skip: Span[], at: number): number {
  let best = 0;
  for (const s of skip) {
    if (s.end <= at) best = s.end;
    else break;
  }
  return best;
}
