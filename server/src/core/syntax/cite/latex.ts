// Citations in LaTeX: the natbib and BibLaTeX command families, multicite forms and user commands.
// One linear pass that skips comments and verbatim-like text; pure, imports only core types.
import type { ParseError, Span } from '../../model/types';
import type { Citation, CitationKind, FindOptions } from './citation';

interface CommandInfo {
  kind: CitationKind;
  /** BibLaTeX multicite: `(pre)(post)` global notes, then several `[pre][post]{keys}` groups. */
  multi: boolean;
  /** How many `[...]` may come before the keys (2 unless a definition says otherwise). */
  optional?: number;
  /** Mandatory `{...}` arguments before the one holding the keys (a defined macro's `#2`). */
  before?: number;
  /** `\volcite`: one more optional `[pages]` after the volume, before the keys. */
  volume?: boolean;
}

const single: [CitationKind, string[]][] = [
  [
    'normal',
    [
      'cite', 'Cite', 'citep', 'Citep', 'citealp', 'Citealp', 'citealt', 'Citealt', 'citeauthor', 'Citeauthor',
      'citenum', 'parencite', 'Parencite', 'autocite', 'Autocite', 'footcite', 'Footcite', 'footcitetext',
      'smartcite', 'Smartcite', 'supercite', 'fullcite', 'footfullcite', 'citetitle', 'Citetitle', 'citeurl',
      'citedate', 'citeurldate',
      // The cite package's bracketless \citen; biblatex's field and list access (the key comes first);
      // biblatex's \notecite family; natbib's alias citations.
      'citen', 'citefield', 'citename', 'citelist', 'notecite', 'Notecite', 'pnotecite', 'Pnotecite', 'fnotecite',
      'citetalias', 'citepalias',
    ],
  ],
  ['textual', ['citet', 'Citet', 'textcite', 'Textcite']],
  ['suppress-author', ['citeyear', 'citeyearpar']],
  ['nocite', ['nocite']],
];

const multi: [CitationKind, string[]][] = [
  [
    'normal',
    [
      'cites', 'Cites', 'parencites', 'Parencites', 'autocites', 'Autocites', 'footcites', 'Footcites',
      'footcitetexts', 'smartcites', 'Smartcites', 'supercites',
    ],
  ],
  ['textual', ['textcites', 'Textcites']],
];

const builtIn = new Map<string, CommandInfo>();
for (const [kind, names] of single) for (const name of names) builtIn.set(name, { kind, multi: false });
for (const [kind, names] of multi) for (const name of names) builtIn.set(name, { kind, multi: true });
// biblatex's volume citations, `\volcite[pre]{volume}[pages]{key}`: the volume is no key.
for (const name of ['volcite', 'Volcite', 'pvolcite', 'Pvolcite', 'fvolcite', 'Fvolcite', 'ftvolcite', 'svolcite', 'Svolcite', 'tvolcite', 'Tvolcite', 'avolcite', 'Avolcite']) {
  builtIn.set(name, { kind: 'normal', multi: false, optional: 1, before: 1, volume: true });
}
for (const name of ['volcites', 'Volcites']) builtIn.set(name, { kind: 'normal', multi: true, optional: 1, before: 1, volume: true });

const verbatimEnvs = new Set(['verbatim', 'verbatim*', 'Verbatim', 'Verbatim*', 'lstlisting', 'minted', 'comment', 'BVerbatim', 'LVerbatim']);

/**
 * The citation commands the finder knows, plus the user's (names without backslash). A name may
 * carry the shape a definition gave it, `name:O:M` (see definedCitationCommands): up to O optional
 * arguments, then M mandatory ones, before the keys.
 */
export function latexCommandTable(extra: readonly string[] = []): Map<string, CommandInfo> {
  if (extra.length === 0) return builtIn;
  const table = new Map(builtIn);
  for (const raw of extra) {
    const m = /^\\?([A-Za-z]+)\*?(?::(\d):(\d))?$/.exec(raw);
    if (!m || table.has(m[1] as string)) continue;
    table.set(m[1] as string, m[2] === undefined ? { kind: 'normal', multi: false } : { kind: 'normal', multi: false, optional: Number(m[2]), before: Number(m[3]) });
  }
  return table;
}

const definition =
  /\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|newrobustcmd|renewrobustcmd|providerobustcmd|NewDocumentCommand|RenewDocumentCommand|ProvideDocumentCommand|DeclareDocumentCommand|NewExpandableDocumentCommand|DeclareCiteCommand|DeclareMultiCiteCommand|def|gdef|edef|xdef)\*?[ \t]*(?:\{[ \t]*\\([A-Za-z]+)[ \t]*\}|\\([A-Za-z]+))/g;

/**
 * Citation commands a text defines, in the `name:O:M` form latexCommandTable reads: biblatex's
 * `\DeclareCiteCommand{\x}` makes a citation command of the standard shape, and a macro whose
 * body passes one of its parameters to a citation command (`\newcommand{\mycite}[1]{\parencite{#1}}`,
 * `\NewDocumentCommand{\sidecite}{o o m}{...\cite[#1][#2]{#3}}`) cites the keys given for that
 * parameter. Definitions the finder cannot read are left out, never guessed.
 */
export function definedCitationCommands(text: string, known: readonly string[] = []): string[] {
  const table = latexCommandTable(known);
  const out: string[] = [];
  const cites = (body: string) => {
    const params = new Set<number>();
    for (const c of scan(body, latexCommandTable([...known, ...out]), true).citations) {
      const m = /^#(\d)$/.exec(c.key);
      if (m) params.add(Number(m[1]));
    }
    return params;
  };
  for (const m of text.matchAll(definition)) {
    const name = (m[2] ?? m[3]) as string;
    const kind = m[1] as string;
    if (table.has(name) || out.some((o) => o.startsWith(`${name}:`))) continue;
    let p = m.index + m[0].length;
    if (kind === 'DeclareCiteCommand' || kind === 'DeclareMultiCiteCommand') {
      out.push(`${name}:2:0`);
      continue;
    }
    // The parameter kinds, in order: 'o' optional, 'm' mandatory (a star counts as neither).
    const shape: string[] = [];
    if (/def$/.test(kind)) {
      const params = /^((?:#\d)*)[ \t]*\{/.exec(text.slice(p, p + 40));
      if (!params) continue;
      for (let k = 0; k < (params[1] as string).length / 2; k++) shape.push('m');
      p += (params[1] as string).length + params[0].length - (params[1] as string).length - 1;
    } else if (/DocumentCommand$/.test(kind)) {
      const q = skipSpace(text, p);
      if (text.charCodeAt(q) !== 123) continue;
      const close = closeBrace(text, q);
      if (close < 0) continue;
      // xparse argument specifiers; a default `O{...}` or delimiters `r()` are skipped whole.
      const spec = text.slice(q + 1, close).replace(/\{[^{}]*\}/g, '');
      for (const ch of spec.replace(/[^A-Za-z+!]/g, '')) {
        if (ch === 'o' || ch === 'O' || ch === 'd' || ch === 'D') shape.push('o');
        else if (ch === 'm' || ch === 'r' || ch === 'R' || ch === 'v') shape.push('m');
      }
      p = close + 1;
    } else {
      let q = skipSpace(text, p);
      let count = 0;
      let hasDefault = false;
      if (text.charCodeAt(q) === 91) {
        const close = closeBracket(text, q, 93);
        if (close < 0) continue;
        count = Number(text.slice(q + 1, close).trim()) || 0;
        q = skipSpace(text, close + 1);
        if (text.charCodeAt(q) === 91) {
          const closeDefault = closeBracket(text, q, 93);
          if (closeDefault < 0) continue;
          hasDefault = true;
          q = closeDefault + 1;
        }
      }
      for (let k = 0; k < count; k++) shape.push(k === 0 && hasDefault ? 'o' : 'm');
      p = q;
    }
    const q = skipSpace(text, p);
    if (text.charCodeAt(q) !== 123) continue;
    const end = closeBrace(text, q);
    if (end < 0) continue;
    const keyParams = [...cites(text.slice(q, end + 1))];
    if (keyParams.length !== 1) continue;
    const at = (keyParams[0] as number) - 1;
    if (shape[at] !== 'm') continue;
    const optional = shape.slice(0, at).filter((k) => k === 'o').length;
    const before = shape.slice(0, at).filter((k) => k === 'm').length;
    // Optional arguments after a mandatory one cannot be read by the one-pass finder.
    if (shape.slice(0, at).lastIndexOf('o') > shape.slice(0, at).indexOf('m') && before > 0) continue;
    out.push(`${name}:${optional}:${before}`);
  }
  return out;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

/**
 * Skips spaces, single line breaks and `%` comments between a command and its arguments; stops
 * before a blank line, which ends the paragraph (and so the command) in TeX.
 */
function skipSpace(text: string, i: number): number {
  let newlines = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (++newlines > 1) return i;
      i++;
    } else if (c === 32 || c === 9 || c === 13) i++;
    else if (c === 37) i = lineEnd(text, i);
    else return i;
  }
  return i;
}

/** Index of the bracket closing the one at `open`, honouring nested braces; -1 when unclosed. */
function closeBracket(text: string, open: number, closeChar: number): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 123) depth++;
    else if (c === 125) {
      if (depth === 0) return -1;
      depth--;
    } else if (c === closeChar && depth === 0) return i;
    else if (c === 37) i = lineEnd(text, i);
    else if (c === 10 && /^[ \t\r]*\n/.test(text.slice(i + 1, i + 40))) return -1;
  }
  return -1;
}

/** Index of the `}` closing the `{` at `open` (a definition's body may span paragraphs); -1 when unclosed. */
function closeBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 37) i = lineEnd(text, i);
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i;
  }
  return -1;
}

interface Group {
  /** Keep `#1` parameters (when reading a definition's body). */
  params: boolean;
  command: string;
  kind: CitationKind;
  start: number;
}

/**
 * Reads `{k1, k2}` starting at the `{`; returns the index after the `}`. A list left open (a
 * half-typed `\cite{lun`) ends before the next backslash, brace or blank line, and is reported.
 */
function readKeys(text: string, open: number, group: Group, keys: Citation[], errors: ParseError[]): number {
  let keyStart = -1;
  let keyEnd = -1;
  const flush = () => {
    if (keyStart >= 0) {
      const key = text.slice(keyStart, keyEnd);
      const span = { start: keyStart, end: keyEnd };
      const c: Citation = { key, span, command: group.command, groupSpan: span, kind: group.kind };
      if (key === '*') c.all = true;
      // `#1` is a parameter of the macro being defined, never a key (TeX reads `#` as a parameter).
      if (group.params || !key.includes('#')) keys.push(c);
    }
    keyStart = keyEnd = -1;
  };
  let i = open + 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 125) {
      flush();
      return i + 1;
    }
    if (c === 44) {
      flush();
      continue;
    }
    if (c === 37) {
      i = lineEnd(text, i) - 1;
      continue;
    }
    if (c === 10) {
      if (/^[ \t\r]*\n/.test(text.slice(i + 1, i + 40))) break;
      continue;
    }
    if (isSpace(c)) continue;
    if (c === 92 || c === 123) break;
    if (keyStart < 0) keyStart = i;
    keyEnd = i + 1;
  }
  flush();
  errors.push({ span: { start: open, end: i }, message: 'Citation key list is not closed', code: 'citation.unclosed' });
  // Left open, the list's end is a guess: keep only what reads as keys, not the prose after it.
  const first = keys.findIndex((k) => k.span.start > open);
  if (first >= 0) {
    const read = openKeys(text, open, i).map((span): Citation => ({ key: text.slice(span.start, span.end), span, command: group.command, groupSpan: span, kind: group.kind }));
    keys.splice(first, keys.length - first, ...read.filter((c) => group.params || !c.key.includes('#')));
  }
  return i;
}

/**
 * The keys of a list left open (`\cite{a, b` up to `end`, where the reader stopped): each is a run
 * of characters without spaces, and the list goes on only past a comma. A run that starts a new
 * line and is followed on it by more words is prose, not a key: after `\cite{a,` and a new line
 * `The next line`, `The` is not a key. On the line of its comma or brace a run is the key being
 * typed, whatever follows it (`\cite{a and more`).
 */
export function openKeys(text: string, open: number, end: number): Span[] {
  const list: Span[] = [];
  let pos = open + 1;
  for (;;) {
    let newline = false;
    for (; pos < end && isSpace(text.charCodeAt(pos)); pos++) if (text.charCodeAt(pos) === 10) newline = true;
    const start = pos;
    while (pos < end && !isSpace(text.charCodeAt(pos)) && !',{}%\\'.includes(text[pos] as string)) pos++;
    if (pos === start) break;
    let after = pos;
    while (after < end && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
    const wordsFollow = after > pos && after < end && !',\r\n'.includes(text[after] as string);
    if (newline && wordsFollow) break;
    list.push({ start, end: pos });
    while (after < end && isSpace(text.charCodeAt(after))) after++;
    if (text[after] !== ',') break;
    pos = after + 1;
  }
  return list;
}

/**
 * Reads the arguments of a citation command whose name ends at `nameEnd`; returns where scanning
 * resumes. Keys are appended to `out` with the span of the whole command as their group.
 */
function readCitation(
  text: string,
  start: number,
  nameEnd: number,
  name: string,
  info: CommandInfo,
  out: Citation[],
  errors: ParseError[],
  params = false,
): number {
  let p = nameEnd;
  if (text.charCodeAt(p) === 42) p++;
  const group: Group = { params, command: `\\${name}`, kind: info.kind, start };
  const keys: Citation[] = [];
  if (info.multi) {
    // Global notes `(pre)(post)` come first; parentheses then belong to the command.
    for (let n = 0; n < 2; n++) {
      const q = skipSpace(text, p);
      if (text.charCodeAt(q) !== 40) break;
      const close = closeBracket(text, q, 41);
      if (close < 0) break;
      p = close + 1;
    }
  }
  groups: for (;;) {
    let q = skipSpace(text, p);
    for (let n = 0; n < (info.optional ?? 2) && text.charCodeAt(q) === 91; n++) {
      const close = closeBracket(text, q, 93);
      if (close < 0) break groups;
      q = skipSpace(text, close + 1);
    }
    for (let n = 0; n < (info.before ?? 0); n++) {
      if (text.charCodeAt(q) !== 123) break groups;
      const close = closeBrace(text, q);
      if (close < 0) break groups;
      q = skipSpace(text, close + 1);
    }
    if (info.volume && text.charCodeAt(q) === 91) {
      const close = closeBracket(text, q, 93);
      if (close < 0) break groups;
      q = skipSpace(text, close + 1);
    }
    if (text.charCodeAt(q) !== 123) break;
    p = readKeys(text, q, group, keys, errors);
    if (!info.multi || text.charCodeAt(p - 1) !== 125) break;
  }
  const groupSpan = { start, end: p };
  for (const k of keys) {
    k.groupSpan = groupSpan;
    out.push(k);
  }
  return p;
}

/**
 * Every citation of a LaTeX text, what could not be read, and the spans that are not LaTeX to
 * TeX (comments, verbatim environments, `\verb`): completion asks the same pass, so it offers no
 * key where the finder would see none.
 */
export function findLatexCitations(text: string, options: FindOptions = {}): { citations: Citation[]; errors: ParseError[]; skipped: Span[] } {
  return scan(text, latexCommandTable([...(options.latexCommands ?? []), ...definedCitationCommands(text, options.latexCommands)]), false);
}

function scan(text: string, commands: Map<string, CommandInfo>, params: boolean): { citations: Citation[]; errors: ParseError[]; skipped: Span[] } {
  const citations: Citation[] = [];
  const errors: ParseError[] = [];
  const skipped: Span[] = [];
  const skip = (start: number, end: number) => {
    if (end > start) skipped.push({ start, end });
    return end;
  };
  const next = /[\\%]/g;
  let i = 0;
  const n = text.length;
  while (i < n) {
    next.lastIndex = i;
    const m = next.exec(text);
    if (!m) break;
    i = m.index;
    if (text.charCodeAt(i) === 37) {
      i = skip(i, lineEnd(text, i));
      continue;
    }
    let j = i + 1;
    while (j < n && isLetter(text.charCodeAt(j))) j++;
    if (j === i + 1) {
      // `\%`, `\\`, `\{`: an escaped character, never a comment or a command.
      i = j + 1;
      continue;
    }
    const name = text.slice(i + 1, j);
    const info = commands.get(name);
    if (info) i = readCitation(text, i, j, name, info, citations, errors, params);
    else if (name === 'begin') {
      const end = skipVerbatimEnv(text, j);
      i = end === j ? j : skip(m.index, end);
    }
    else if (name === 'verb' || name === 'Verb' || name === 'lstinline') i = skip(m.index, skipVerb(text, j));
    else i = j;
  }
  return { citations, errors, skipped };
}

/** Whether an offset lies in one of the (sorted, disjoint) skipped spans. */
export function inSkipped(skipped: readonly Span[], offset: number): boolean {
  let lo = 0;
  let hi = skipped.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = skipped[mid] as Span;
    if (s.end <= offset) lo = mid + 1;
    else if (s.start > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** After `\begin`: when the environment is verbatim-like, the index after its `\end{...}`. */
function skipVerbatimEnv(text: string, after: number): number {
  const m = /^\s*\{([A-Za-z]+\*?)\}/.exec(text.slice(after, after + 40));
  if (!m || !verbatimEnvs.has(m[1] as string)) return after;
  const end = text.indexOf(`\\end{${m[1]}}`, after);
  return end < 0 ? text.length : end + m[1]!.length + 6;
}

/** After `\verb` (or `\lstinline`): the index after the closing delimiter on the same line. */
function skipVerb(text: string, after: number): number {
  let p = after;
  if (text.charCodeAt(p) === 42) p++;
  const delim = text[p];
  if (delim === undefined || delim === '{' || delim === '[' || isSpace(delim.charCodeAt(0)) || isLetter(delim.charCodeAt(0))) return after;
  const close = text.indexOf(delim, p + 1);
  const eol = lineEnd(text, p);
  return close < 0 || close > eol ? eol : close + 1;
}
