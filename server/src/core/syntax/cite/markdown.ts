// Citations in Pandoc Markdown (also Quarto and R Markdown), following Pandoc's own reader: which
// `@` starts a key, where code, math, raw HTML/TeX hide them; in front matter only `nocite:` cites.
// Pure; imports only core types and the `yaml` parser.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ParseError, Span } from '../../model/types';
import type { Citation, CitationKind } from './citation';

/**
 * Quarto's reserved cross-reference prefixes: `@fig-x` points at a figure, `@tip-x` at a callout,
 * not at a bibliography entry. Quarto also reads a capitalised prefix (`@Fig-x` starts a sentence).
 */
export const quartoRefPrefixes = ['fig', 'tbl', 'lst', 'tip', 'nte', 'wrn', 'imp', 'cau', 'thm', 'lem', 'cor', 'prp', 'cnj', 'def', 'exm', 'exr', 'sol', 'rem', 'alg', 'eq', 'sec'];
/**
 * pandoc-crossref's (and pandoc-xnos', which Manubot runs) prefixes, written with a colon
 * (`@fig:plot`, `@Fig:plot` to capitalise): the filter replaces them before citeproc runs.
 */
export const crossrefFilterPrefixes = ['fig', 'eq', 'tbl', 'lst', 'sec'];
const capitalised = (p: string) => `[${p[0]}${p[0]!.toUpperCase()}]${p.slice(1)}`;
const quartoRef = new RegExp(`^(?:(?:${quartoRefPrefixes.map(capitalised).join('|')})-|(?:${crossrefFilterPrefixes.map(capitalised).join('|')}):)`);

/** Whether `@key` is a Quarto or pandoc-crossref cross-reference rather than a citation. */
export function isQuartoCrossRef(key: string): boolean {
  return quartoRef.test(key);
}

const unicodeAlnum = /[\p{L}\p{N}]/u;

/** Pandoc's `alphaNum`: letters and numbers of any script. */
function isAlnum(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (Number.isNaN(c)) return false;
  if (c >= 0xdc00 && c <= 0xdfff) return unicodeAlnum.test(text.slice(i - 1, i + 1));
  return unicodeAlnum.test(String.fromCodePoint(text.codePointAt(i) as number));
}

/**
 * Whether the character before `i` ends a word for Pandoc (its `str` parser eats letters, digits
 * and `.`), in which case an `@` at `i` is part of the word, as in `jane@example.com`.
 */
function afterWord(text: string, i: number): boolean {
  if (i === 0) return false;
  const c = text.charCodeAt(i - 1);
  return c === 46 || isAlnum(text, i - 1);
}

function isKeyChar(text: string, i: number): boolean {
  return text.charCodeAt(i) === 95 || isAlnum(text, i);
}

const internalPunct = new Set(':.#$%&-+?<>~/'.split('').map((c) => c.charCodeAt(0)));

/**
 * Reads a key after the `@` at `at`: Pandoc's rule is a letter, digit or `_` (or `*`), then
 * letters, digits, `_`, and single punctuation from `:.#$%&-+?<>~/` that is followed by one of
 * those; `://` is allowed for URLs. `@{...}` takes anything without spaces, braces balanced.
 */
export function readKey(text: string, at: number): { key: string; start: number; end: number; close: number } | undefined {
  const first = at + 1;
  if (text.charCodeAt(first) === 123) {
    let depth = 0;
    for (let i = first + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) return undefined;
      if (c === 123) depth++;
      else if (c === 125) {
        if (depth === 0) return { key: text.slice(first + 1, i), start: first + 1, end: i, close: i + 1 };
        depth--;
      }
    }
    return undefined;
  }
  if (!(isKeyChar(text, first) || text.charCodeAt(first) === 42)) return undefined;
  let i = first + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isKeyChar(text, i)) i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    else if (internalPunct.has(c) && isKeyChar(text, i + 1)) i += 2;
    else if ((c === 58 || c === 47) && text.charCodeAt(i + 1) === 47) i += 1;
    else break;
  }
  return { key: text.slice(first, i), start: first, end: i, close: i };
}

// ---- Block structure: regions whose text Pandoc never reads as inlines. ----

export interface Blocks {
  skip: Span[];
  /** YAML metadata blocks (content only), for `nocite:`. */
  yaml: Span[];
  /** Example list labels `(@good)`: `@good` refers to the example, not to a reference. */
  examples: Set<string>;
}

const blankRest = /^[ \t\r]*$/;
const listMarker = /^(?:[-*+]|\d{1,9}[.)]|#[.)]|\(@([\w-]*)\))(?:[ \t]+|$)/;
const hrule = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const noteDefinition = /^\[\^[^\]\s]+\]:/;
const divFence = /^:{3,}[ \t]*(?:\{[^\n]*\}|[^\s{}]+)?[ \t]*:*[ \t]*$/;
const setextUnderline = /^(?: {0,3}> ?)*[ \t]{0,3}(?:=+|-+)[ \t]*$/;

/**
 * Pandoc's attribute block `{#id .class key="value"}` (or `{=format}`), which it reads only right
 * after a link, image, span, code span or at the end of a heading: its values are never text.
 */
const attributes = /\{[ \t]*(?:=[A-Za-z][\w-]*|(?:(?:#[^\s{}]+|\.[^\s{}.#]+|-|[A-Za-z_][\w:.-]*=(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'{}]+))[ \t]*(?:\r?\n[ \t]*)?)*)\}/y;

function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
}

export function scanBlocks(text: string): Blocks {
  const skip: Span[] = [];
  const yaml: Span[] = [];
  const examples = new Set<string>();
  const lines: { start: number; end: number }[] = [];
  for (let pos = 0; pos <= text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    lines.push({ start: pos, end: eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol });
    pos = eol + 1;
  }
  const lineText = (k: number) => {
    const l = lines[k] as { start: number; end: number };
    return text.slice(l.start, l.end);
  };
  const isBlank = (k: number) => k < lines.length && blankRest.test(lineText(k));

  let prevBlank = true;
  let prevCode = false;
  const lists: number[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] as { start: number; end: number };
    const raw = lineText(k);
    // Block quotes hold the same blocks one level down; their markers only shift the columns.
    let inner = raw;
    let quoted = false;
    for (let m = /^ {0,3}> ?/.exec(inner); m; m = /^ {0,3}> ?/.exec(inner)) {
      inner = inner.slice(m[0].length);
      quoted = true;
    }
    if (blankRest.test(inner)) {
      prevBlank = true;
      continue;
    }
    const indent = indentWidth(inner);
    if (prevBlank) while (lists.length > 0 && (lists[lists.length - 1] as number) > indent) lists.pop();
    const base = lists[lists.length - 1] ?? 0;
    if ((prevBlank || prevCode) && indent >= base + 4) {
      skip.push(line);
      prevCode = true;
      prevBlank = false;
      continue;
    }
    prevCode = false;
    const trimmed = inner.trimStart();

    // YAML metadata: `---` not followed by a blank line, closed by `---` or `...`, holding a mapping.
    if (!quoted && (k === 0 || prevBlank) && /^---[ \t]*$/.test(raw) && k + 1 < lines.length && !isBlank(k + 1)) {
      let close = -1;
      let mapping = false;
      for (let e = k + 1; e < lines.length; e++) {
        const t = lineText(e);
        if (/^(---|\.\.\.)[ \t]*$/.test(t)) {
          close = e;
          break;
        }
        if (/^[^\s#:-][^:]*:(?:[ \t]|$)/.test(t)) mapping = true;
      }
      if (close > 0 && mapping) {
        const closeLine = lines[close] as { start: number; end: number };
        skip.push({ start: line.start, end: closeLine.end });
        yaml.push({ start: (lines[k + 1] as { start: number }).start, end: closeLine.start });
        k = close;
        prevBlank = false;
        continue;
      }
    }

    // A grid table: each cell holds blocks of its own, code blocks included.
    if (!quoted && gridSeparator.test(raw)) {
      let last = k;
      while (last + 1 < lines.length && /^[+|]/.test(lineText(last + 1))) last++;
      if (last > k && gridSeparator.test(lineText(last))) {
        const cells = gridCellCode(text, lines.slice(k, last + 1));
        for (const span of cells) skip.push(span);
        k = last;
        prevBlank = false;
        continue;
      }
    }

    // Fenced code: only when a closing fence exists; Pandoc reads an unclosed fence as text.
    const fence = /^(`{3,}|~{3,})(.*)$/.exec(trimmed);
    if (fence && !(fence[1]![0] === '`' && (fence[2] as string).includes('`'))) {
      const marker = fence[1] as string;
      const closing = new RegExp(`^(?: {0,3}> ?)*[ \\t]*${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      let close = -1;
      for (let e = k + 1; e < lines.length; e++) {
        if (closing.test(lineText(e))) {
          close = e;
          break;
        }
      }
      if (close > 0) {
        skip.push({ start: line.start, end: (lines[close] as { end: number }).end });
        k = close;
        prevBlank = false;
        continue;
      }
    }

    // Fenced div fences and heading attributes are markup: `::: {.callout-note title="@x"}`.
    const lineIndent = line.start + raw.length - trimmed.length;
    if (divFence.test(trimmed)) {
      skip.push({ start: lineIndent, end: line.end });
      prevBlank = false;
      continue;
    }
    if (prevBlank && (/^#{1,6}(?:[ \t]|$)/.test(trimmed) || (k + 1 < lines.length && setextUnderline.test(lineText(k + 1))))) {
      const brace = trimmed.lastIndexOf('{');
      attributes.lastIndex = brace;
      const m = brace > 0 ? attributes.exec(trimmed) : null;
      if (m && blankRest.test(trimmed.slice(brace + m[0].length))) skip.push({ start: lineIndent + brace, end: line.end });
    }

    // Raw blocks whose content stays raw: HTML <pre>/<script>/<style>/<textarea>, TeX environments.
    const rawHtml = /^<(pre|script|style|textarea)(?=[\s>]|$)/i.exec(trimmed);
    const rawTex = /^\\begin\{([^}\s]+)\}/.exec(trimmed);
    if (rawHtml || rawTex) {
      const endMark = rawHtml ? `</${rawHtml[1]}>` : `\\end{${rawTex![1]}}`;
      const finder = new RegExp(endMark.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), rawHtml ? 'ig' : 'g');
      finder.lastIndex = line.start;
      const end = finder.exec(text)?.index ?? -1;
      if (end >= 0) {
        const stop = end + endMark.length;
        skip.push({ start: line.start, end: stop });
        while (k + 1 < lines.length && (lines[k + 1] as { start: number }).start < stop) k++;
        prevBlank = false;
        continue;
      }
    }

    // A note definition `[^id]:` holds blocks indented four spaces past it, like a list item;
    // only eight spaces make code there.
    if (noteDefinition.test(trimmed)) {
      while (lists.length > 0 && (lists[lists.length - 1] as number) > indent) lists.pop();
      lists.push(indent + 4);
    } else if (!hrule.test(trimmed)) {
      const marker = listMarker.exec(trimmed);
      if (marker) {
        const markerEnd = marker[0].trimEnd().length;
        const spaces = marker[0].length - markerEnd;
        const content = indent + markerEnd + (spaces > 4 || spaces === 0 ? 1 : spaces);
        while (lists.length > 0 && (lists[lists.length - 1] as number) > indent) lists.pop();
        lists.push(content);
        if (marker[1] !== undefined) {
          if (marker[1]) examples.add(marker[1]);
          const at = line.start + (raw.length - inner.length) + (inner.length - trimmed.length);
          skip.push({ start: at, end: at + markerEnd });
        }
      }
    }
    prevBlank = false;
  }
  return { skip, yaml, examples };
}

const gridSeparator = /^\+(?:[-=:]+\+)+[ \t]*$/;

/**
 * The code inside a grid table's cells, as pandoc reads each cell: the cell's column of every line
 * of a row, one leading space removed when all have one (`removeOneLeadingSpace`), parsed as
 * blocks. A fenced block or an indented one (four spaces after a blank line or at the cell's top)
 * is code; the separator lines are markup. Spans come back in text order.
 */
function gridCellCode(text: string, table: { start: number; end: number }[]): Span[] {
  const out: Span[] = [];
  const first = table[0] as { start: number; end: number };
  const borders: number[] = [];
  for (let c = 0; c < first.end - first.start; c++) if (text.charCodeAt(first.start + c) === 43) borders.push(c);
  let row: { start: number; end: number }[] = [];
  const flush = () => {
    for (let b = 0; b + 1 < borders.length; b++) {
      const from = (borders[b] as number) + 1;
      const to = borders[b + 1] as number;
      let segments = row.map((l) => ({ start: Math.min(l.start + from, l.end), end: Math.min(l.start + to, l.end) }));
      const value = (g: Span) => text.slice(g.start, g.end);
      if (segments.every((g) => value(g) === '' || value(g).startsWith(' '))) segments = segments.map((g) => (g.start < g.end ? { start: g.start + 1, end: g.end } : g));
      let fence: string | undefined;
      // A fence's lines are code only once it closes; unclosed, pandoc reads them as text.
      let fenced: Span[] = [];
      let blank = true;
      let indented = false;
      for (const g of segments) {
        const cell = value(g);
        const isBlank = blankRest.test(cell);
        const open = /^[ ]{0,3}(`{3,}|~{3,})/.exec(cell);
        if (fence !== undefined) {
          fenced.push(g);
          if (new RegExp(`^[ ]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \t]*$`).test(cell)) {
            out.push(...fenced);
            fence = undefined;
            fenced = [];
          }
        } else if (open) {
          fence = open[1] as string;
          fenced = [g];
        } else if (!isBlank && indentWidth(cell) >= 4 && (blank || indented)) {
          out.push(g);
          indented = true;
        } else if (!isBlank) indented = false;
        blank = isBlank;
      }
    }
    row = [];
  };
  for (const line of table) {
    if (gridSeparator.test(text.slice(line.start, line.end))) {
      flush();
      out.push(line);
    } else row.push(line);
  }
  flush();
  return out.sort((a, b) => a.start - b.start);
}

// ---- Inline tokens: keys and the brackets around them, with code, math and raw text skipped. ----

export enum T {
  Key,
  Open,
  Close,
  Semi,
  Par,
}

export interface Token {
  t: T;
  pos: number;
  /** Key tokens: the `@` (or the `-` of `-@`) ... end of key (after `}` for `@{...}`). */
  end: number;
  key?: string;
  keySpan?: Span;
  suppress?: boolean;
  /** Key tokens: a Quarto cross-reference (`@fig-x`), not a citation. */
  xref?: boolean;
  /** Open tokens: `^[`, an inline note. */
  note?: boolean;
  /** Close tokens: the character code right after `]`. */
  next?: number;
}

const interesting = /[\\`<$[\];@\n]/g;
const blankLineAhead = /\n[ \t]*\r?\n/g;
const htmlTag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*)?\/?>/y;
const autolink = /<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*>|<[^\s<>@]+@[^\s<>]+>/y;
// Pandoc does not read a label holding an `@` as a link reference definition.
const refDefinition = /[ ]{0,3}\[[^\]\n@]+\]:/y;

/**
 * Tokens of `text` between `from` and `to`. `lenient` also reports a bare `@` with no key yet
 * (`[@` being typed), as a key token with an empty key.
 */
export function inlineTokens(text: string, skip: Span[], from = 0, to = text.length, lenient = false): Token[] {
  const tokens: Token[] = [];
  const n = to;
  let skipAt = 0;
  let parEnd = -1;
  /** Where the paragraph holding `i` ends (the next blank line), so spans never cross it. */
  const paragraphEnd = (i: number): number => {
    if (parEnd < i) {
      blankLineAhead.lastIndex = i;
      const m = blankLineAhead.exec(text);
      parEnd = m ? m.index : n;
    }
    return parEnd;
  };
  let i = from;
  while (i < n) {
    interesting.lastIndex = i;
    const m = interesting.exec(text);
    if (!m || m.index >= n) break;
    i = m.index;
    while (skipAt < skip.length && (skip[skipAt] as Span).end <= i) skipAt++;
    const region = skip[skipAt];
    if (region && region.start <= i) {
      i = region.end;
      continue;
    }
    const c = text.charCodeAt(i);
    switch (c) {
      case 92: {
        // `\@`, `\[`: escaped punctuation. `\command{...}[...]`: raw TeX, arguments included.
        const d = text.charCodeAt(i + 1);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122)) {
          let j = i + 2;
          while (j < n && /[A-Za-z]/.test(text[j] as string)) j++;
          i = texArgumentless.has(text.slice(i + 1, j)) ? j : skipTexArguments(text, j, paragraphEnd(i));
        } else i += d > 32 && d < 127 ? 2 : 1;
        break;
      }
      case 96: {
        let j = i;
        while (text.charCodeAt(j) === 96) j++;
        const run = j - i;
        const close = closeCodeSpan(text, j, run, paragraphEnd(i));
        i = close === undefined ? j : skipAttributes(text, close, paragraphEnd(i));
        break;
      }
      case 60: {
        if (text.startsWith('<!--', i)) {
          const end = text.indexOf('-->', i + 4);
          i = end < 0 ? i + 4 : end + 3;
          break;
        }
        htmlTag.lastIndex = i;
        autolink.lastIndex = i;
        const tag = autolink.exec(text) ?? htmlTag.exec(text);
        i = tag && i + tag[0].length <= paragraphEnd(i) ? i + tag[0].length : i + 1;
        break;
      }
      case 36:
        i = closeMath(text, i, paragraphEnd(i)) ?? i + 1;
        break;
      case 91: {
        if (text.charCodeAt(i + 1) === 94) {
          const close = text.indexOf(']', i);
          i = close >= 0 && close < paragraphEnd(i) ? close + 1 : i + 2;
          break;
        }
        // A reference definition starts within three spaces of a line start; looking back further
        // (lastIndexOf) made a long line of brackets quadratic.
        let lineStart = i;
        while (lineStart > 0 && i - lineStart < 3 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
        if (lineStart === 0 || text.charCodeAt(lineStart - 1) === 10) {
          refDefinition.lastIndex = lineStart;
          if (refDefinition.test(text)) {
            const eol = text.indexOf('\n', i);
            i = eol < 0 ? n : eol;
            break;
          }
        }
        // `^[...]` is an inline note, never a citation group.
        tokens.push({ t: T.Open, pos: i, end: i + 1, note: text.charCodeAt(i - 1) === 94 });
        i++;
        break;
      }
      case 93: {
        const next = text.charCodeAt(i + 1);
        tokens.push({ t: T.Close, pos: i, end: i + 1, next });
        i++;
        if (next === 40) {
          const close = closeParen(text, i, paragraphEnd(i));
          if (close !== undefined) i = skipAttributes(text, close, paragraphEnd(i));
        } else i = skipAttributes(text, i, paragraphEnd(i));
        break;
      }
      case 59:
        tokens.push({ t: T.Semi, pos: i, end: i + 1 });
        i++;
        break;
      case 64: {
        const key = afterWord(text, i) ? undefined : (readKey(text, i) ?? (lenient ? { key: '', start: i + 1, end: i + 1, close: i + 1 } : undefined));
        if (!key) {
          i++;
          break;
        }
        const suppress = text.charCodeAt(i - 1) === 45 && !afterWord(text, i - 1);
        if (key.key !== '' || lenient) {
          // Quarto cross-references still shape their bracket (`[@fig-a; @b]` is a group) but are dropped.
          tokens.push({
            xref: quartoRef.test(key.key),
            t: T.Key,
            pos: suppress ? i - 1 : i,
            end: key.close,
            key: key.key,
            keySpan: { start: key.start, end: key.end },
            suppress,
          });
        }
        i = key.close;
        break;
      }
      default:
        // A line break: a following blank line ends the paragraph, and every open bracket.
        if (paragraphEnd(i) === i) tokens.push({ t: T.Par, pos: i, end: i });
        i++;
    }
  }
  return tokens;
}

/** The index after an attribute block starting at `i`, or `i` when there is none. */
function skipAttributes(text: string, i: number, limit: number): number {
  if (text.charCodeAt(i) !== 123) return i;
  attributes.lastIndex = i;
  const m = attributes.exec(text);
  return m && i + m[0].length <= limit ? i + m[0].length : i;
}

/**
 * Commands pandoc's LaTeX reader knows to take no argument: `\LaTeX[@key]` is the logo and then a
 * citation. Found by running pandoc 2.17 on `x \NAME[@k] y` for each name (the others it reads
 * as raw TeX that swallows the brackets).
 */
const texArgumentless = new Set(
  'LaTeX TeX ldots dots textbackslash S P copyright pounds euro textasciitilde textasciicircum textless textgreater slash ss ae AE oe OE aa AA o O l L i j textquoteleft textquoteright textquotedblleft textquotedblright raggedright small tiny large Large LARGE huge Huge normalsize footnotesize scriptsize lq rq'.split(' '),
);

/**
 * The end of a raw TeX command's arguments, as pandoc's `getRawCommand` reads them: options
 * (`[...]`, white space before each allowed) and then brace groups; brackets after a brace group
 * are text again (`\emph{x}[@key]` cites).
 */
function skipTexArguments(text: string, i: number, limit: number): number {
  let braces = false;
  for (;;) {
    let at = i;
    // One line break at most: a blank line ends the paragraph, and `limit` is its end.
    while (at < limit && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9 || text.charCodeAt(at) === 10 || text.charCodeAt(at) === 13)) at++;
    const open = text.charCodeAt(at);
    if (open !== 123 && (open !== 91 || braces)) return i;
    braces = open === 123;
    const close = open === 123 ? 125 : 93;
    let depth = 0;
    let j = at;
    for (; j < limit; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
    if (j >= limit) return i;
    i = j + 1;
  }
}

/** After an opening run of `run` backticks at `from`: the end of the closing run of the same length. */
function closeCodeSpan(text: string, from: number, run: number, limit: number): number | undefined {
  const ticks = '`'.repeat(run);
  for (let at = text.indexOf(ticks, from); at >= 0 && at < limit; at = text.indexOf(ticks, at + 1)) {
    let end = at + run;
    if (text.charCodeAt(at - 1) === 96) {
      while (text.charCodeAt(end) === 96) end++;
      at = end - 1;
      continue;
    }
    if (text.charCodeAt(end) !== 96) return end;
    while (text.charCodeAt(end) === 96) end++;
    at = end - 1;
  }
  return undefined;
}

/**
 * Pandoc's TeX math: `$$...$$`, or `$x$`. Inline math must not start with white space, and it
 * fails as a whole (leaving a literal `$`) at the first `$` after white space or the first `$`
 * followed by a digit: in `$5 and @a said $10` neither dollar is math. `\text{...}` may hold `$`.
 */
function closeMath(text: string, i: number, limit: number): number | undefined {
  if (text.charCodeAt(i + 1) === 36) {
    const end = text.indexOf('$$', i + 2);
    return end >= 0 && end < limit ? end + 2 : undefined;
  }
  const first = text.charCodeAt(i + 1);
  if (Number.isNaN(first) || first === 32 || first === 9 || first === 10 || first === 13) return undefined;
  let afterSpace = false;
  for (let j = i + 1; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 36 && j > i + 1) {
      if (afterSpace) return undefined;
      const after = text.charCodeAt(j + 1);
      return after >= 48 && after <= 57 ? undefined : j + 1;
    }
    afterSpace = c === 32 || c === 9 || c === 10 || c === 13;
    if (c === 92) j = text.startsWith('text{', j + 1) ? (balancedBraceEnd(text, j + 5, limit) ?? j + 1) : j + 1;
  }
  return undefined;
}

/** The index of the `}` closing the `{` at `open`, or undefined. */
function balancedBraceEnd(text: string, open: number, limit: number): number | undefined {
  let depth = 0;
  for (let j = open; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return j;
  }
  return undefined;
}

/** After `](`: the index after the `)` closing a link destination. */
function closeParen(text: string, open: number, limit: number): number | undefined {
  let depth = 0;
  for (let j = open; j < limit; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return j + 1;
  }
  return undefined;
}

// ---- Grouping: which keys sit in a `[...]` citation, which stand in the text. ----

interface Assigned {
  command: string;
  kind: CitationKind;
  group: Span;
}

interface Frame {
  open: number;
  /** Direct keys and semicolons. */
  items: number[];
}

function segmentsHaveKeys(tokens: Token[], items: number[], fromSegment: number): boolean {
  let segment = 0;
  let hasKey = false;
  for (const k of items) {
    const t = tokens[k] as Token;
    if (t.t === T.Semi) {
      if (segment >= fromSegment && !hasKey) return false;
      segment++;
      hasKey = false;
    } else hasKey = true;
  }
  return segment < fromSegment || hasKey;
}

function group(text: string, tokens: Token[], examples: Set<string>): Citation[] {
  const assigned = new Map<number, Assigned>();
  const textual = new Map<number, Assigned>();
  /** In-text keys outside any bracket: only these take a following `[locator]`. */
  const outside = new Set<number>();
  const stack: Frame[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.t === T.Par) stack.length = 0;
    else if (t.t === T.Open) stack.push({ open: k, items: [] });
    else if (t.t === T.Key || t.t === T.Semi) stack[stack.length - 1]?.items.push(k);
    else if (t.t === T.Close) {
      const frame = stack.pop();
      if (!frame) continue;
      const open = tokens[frame.open] as Token;
      const span = { start: open.pos, end: t.end };
      // `@key [p. 33]`: a bracket right after an in-text key holds its locator (Pandoc's bareloc).
      const before = tokens[frame.open - 1];
      const gap = before && before.t === T.Key ? text.slice(before.end, open.pos) : undefined;
      const owner = gap !== undefined && outside.has(frame.open - 1) && /^[ \t]*(?:\r?\n[ \t]*)?$/.test(gap) ? textual.get(frame.open - 1) : undefined;
      if (owner && t.next !== 91 && t.next !== 40 && segmentsHaveKeys(tokens, frame.items, 1)) {
        owner.group = { start: owner.group.start, end: t.end };
        for (const item of frame.items) {
          const key = tokens[item] as Token;
          if (key.t === T.Key) assigned.set(item, { command: '@', kind: key.suppress ? 'suppress-author' : 'normal', group: owner.group });
        }
      } else if (!open.note && t.next !== 91 && t.next !== 40 && t.next !== 123 && frame.items.length > 0 && segmentsHaveKeys(tokens, frame.items, 0)) {
        for (const item of frame.items) {
          const key = tokens[item] as Token;
          if (key.t === T.Key) assigned.set(item, { command: '[@', kind: key.suppress ? 'suppress-author' : 'normal', group: span });
        }
      }
      continue;
    }
    if (t.t === T.Key) {
      const mine: Assigned = { command: '@', kind: t.suppress ? 'suppress-author' : 'textual', group: { start: t.pos, end: t.end } };
      textual.set(k, mine);
      if (stack.length === 0) outside.add(k);
    }
  }
  const out: Citation[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.t !== T.Key || t.xref) continue;
    const a = assigned.get(k) ?? textual.get(k);
    if (!a) continue;
    const key = t.key as string;
    if (a.command === '@' && a.kind === 'textual' && examples.has(key)) continue;
    const c: Citation = { key, span: t.keySpan as Span, command: a.command, groupSpan: a.group, kind: a.kind };
    if (key === '*') c.all = true;
    out.push(c);
  }
  return out;
}

// ---- A bracket left open: `[@a` while the writer is still typing the citation. ----

export interface OpenBracket {
  /** The offset of the `[`. */
  open: number;
  /** The keys and semicolons directly in the bracket, from the `[` to the next bracket, line end or paragraph end. */
  items: Token[];
  /** The end of the cursor's line (or of the paragraph, if that comes first). */
  lineEnd: number;
}

/**
 * The `[` the cursor is in that no `]` closes before the paragraph ends. Pandoc reads it as a
 * literal bracket and the keys after it as in-text citations, so an insertion there belongs in
 * that bracket rather than in a new one. Undefined when another bracket opens or closes between
 * the `[` and the cursor, for an inline note `^[`, or when code, math, HTML or an escape stands
 * between (the cursor may not be in live text).
 */
export function openBracketAt(text: string, offset: number): OpenBracket | undefined {
  const blocks = scanBlocks(text);
  if (blocks.skip.some((s) => s.start <= offset && offset < s.end)) return undefined;
  const tokens = inlineTokens(text, blocks.skip);
  const unclosed = new Set<number>();
  const stack: number[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.t === T.Open) stack.push(k);
    else if (t.t === T.Close) stack.pop();
    else if (t.t === T.Par) {
      for (const s of stack) unclosed.add(s);
      stack.length = 0;
    }
  }
  for (const s of stack) unclosed.add(s);
  // The last bracket token before the cursor must be that unclosed `[`.
  let k = -1;
  for (let j = 0; j < tokens.length && (tokens[j] as Token).pos < offset; j++) {
    const t = tokens[j] as Token;
    if (t.t === T.Open || t.t === T.Close || t.t === T.Par) k = j;
  }
  const open = tokens[k];
  if (!open || open.t !== T.Open || open.note || !unclosed.has(k)) return undefined;
  if (/[`$<\\]/.test(text.slice(open.pos, offset))) return undefined;
  const eol = text.indexOf('\n', offset);
  let lineEnd = eol < 0 ? text.length : eol;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  const items: Token[] = [];
  for (let j = k + 1; j < tokens.length; j++) {
    const t = tokens[j] as Token;
    if (t.t !== T.Key && t.t !== T.Semi) break;
    items.push(t);
  }
  return { open: open.pos, items, lineEnd };
}

// ---- Front matter: the string values of `nocite:` (see metadataCitations). ----

/**
 * The string values of a YAML metadata block: Pandoc parses each as Markdown (an `abstract:` can
 * cite), skips fields whose names end in `_`, and `nocite:` lists entries to add without a mark.
 * Values are scanned for inline structure only; block structure inside a block scalar (an
 * indented code block in an abstract) is not looked at.
 */
export function metadataStrings(text: string, yaml: Span): { span: Span; nocite: boolean }[] {
  const doc = parseDocument(text.slice(yaml.start, yaml.end), { uniqueKeys: false });
  const out: { span: Span; nocite: boolean }[] = [];
  const visit = (node: unknown, nocite: boolean, top: boolean) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!name.endsWith('_')) visit(pair.value, nocite || (top && name === 'nocite'), false);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, nocite, false);
    } else if (isScalar(node) && typeof node.value === 'string' && node.range && node.value.includes('@')) {
      const start = yaml.start + node.range[0];
      const end = start + text.slice(start, yaml.start + node.range[1]).trimEnd().length;
      out.push({ span: { start, end }, nocite });
    }
  };
  visit(doc.contents, false, true);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Citations of the front matter: `nocite:` only. Pandoc would also resolve a citation in any other
 * metadata string (an abstract, a title), but we deliberately read no further: front matter holds
 * e-mail-like handles, social accounts and addresses (`@jo` in an author note, a URL) that would
 * surface as unknown keys, and our product spec says front matter is not cited text.
 */
function metadataCitations(text: string, yaml: Span): Citation[] {
  // Most front matter has no nocite: then there is no YAML to parse on every keystroke.
  if (!/^nocite[ \t]*:/m.test(text.slice(yaml.start, yaml.end))) return [];
  return metadataStrings(text, yaml)
    .filter((v) => v.nocite)
    .flatMap(({ span }) => group(text, inlineTokens(text, [], span.start, span.end), new Set()).map((c) => ({ ...c, command: 'nocite', groupSpan: span, kind: 'nocite' as const })));
}

export function findMarkdownCitations(text: string): { citations: Citation[]; errors: ParseError[] } {
  const blocks = scanBlocks(text);
  const body = group(text, inlineTokens(text, blocks.skip), blocks.examples);
  const meta = blocks.yaml.flatMap((y) => metadataCitations(text, y));
  const citations = meta.length === 0 ? body : [...meta, ...body].sort((a, b) => a.span.start - b.span.start);
  return { citations, errors: [] };
}
