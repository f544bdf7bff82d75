// Decides what text to insert, and where, to cite keys at a cursor: `[@key]` in Markdown,
// `; @key` inside an existing citation bracket, `\cite{key}` or `,key` in LaTeX, `@key` in Typst.
// Pure: no vscode.

export type CiteSyntax = 'markdown' | 'latex' | 'typst' | 'plain';

export interface Insertion {
  /** Offset in the document text where `text` goes (may differ from the cursor). */
  offset: number;
  text: string;
  /**
   * Where the cursor belongs afterwards, as an offset in the original text at or after `offset`;
   * the inserted text's length is to be added. Usually `offset` (the cursor ends after the key).
   */
  caret: number;
}

export interface InsertOptions {
  /** LaTeX command for a new citation, without the backslash (`cite`, `parencite`). */
  latexCommand?: string;
  /** Extra LaTeX citation commands that count as "a citation under the cursor". */
  latexCommands?: string[];
}

const markdownLanguages = new Set(['markdown', 'quarto', 'rmd', 'rmarkdown', 'pandoc']);
const latexLanguages = new Set(['latex', 'tex', 'context', 'latex-expl3', 'doctex']);

export function syntaxFor(languageId: string): CiteSyntax {
  if (markdownLanguages.has(languageId)) return 'markdown';
  if (latexLanguages.has(languageId)) return 'latex';
  if (languageId === 'typst') return 'typst';
  return 'plain';
}

/** Where and what to insert so that `keys` are cited at `offset` in `text`. */
export function citationInsertion(
  text: string,
  offset: number,
  keys: string[],
  syntax: CiteSyntax,
  options: InsertOptions = {},
): Insertion {
  if (syntax === 'markdown') return markdownInsertion(text, offset, keys);
  if (syntax === 'latex') return latexInsertion(text, offset, keys, options);
  if (syntax === 'typst') return typstInsertion(text, offset, keys);
  return { offset, text: keys.join(', '), caret: offset };
}

// Citations in Pandoc Markdown may span lines but never paragraphs, so bracket scanning stops at
// a blank line; the length cap keeps a stray `[` far above from capturing the cursor.
const scanLimit = 2000;

function markdownInsertion(text: string, offset: number, keys: string[]): Insertion {
  const list = keys.map((k) => `@${k}`).join('; ');
  // Right after a citation's `]` the writer is adding to it (clicking entries one after another).
  const adjacent = text[offset - 1] === ']' && !escaped(text, offset - 1);
  const inside = adjacent ? offset - 1 : offset;
  const bracket = enclosingBracket(text, inside, '[', ']');
  if (bracket) {
    const content = text.slice(bracket.open + 1, bracket.close ?? inside);
    if ((content.trim() === '' && !adjacent) || content.includes('@')) {
      const at = endOfItem(text, inside, bracket.close, ';');
      const before = text.slice(bracket.open + 1, at);
      const caret = adjacent ? offset : undefined;
      if (before.trim() === '') return { offset: at, text: list, caret: caret ?? at };
      const from = backOverSpaces(text, at, bracket.open + 1);
      return { offset: from, text: `; ${list}`, caret: caret ?? from };
    }
  }
  return { offset, text: `[${list}]`, caret: offset };
}

function latexInsertion(text: string, offset: number, keys: string[], options: InsertOptions): Insertion {
  const list = keys.join(',');
  const adjacent = text[offset - 1] === '}' && !escaped(text, offset - 1);
  const inside = adjacent ? offset - 1 : offset;
  const brace = enclosingBracket(text, inside, '{', '}');
  if (brace && isCiteArgument(text.slice(Math.max(0, brace.open - 200), brace.open), options.latexCommands ?? [])) {
    const at = endOfItem(text, inside, brace.close, ',');
    const before = text.slice(brace.open + 1, at);
    const caret = adjacent ? offset : undefined;
    if (before.trim() === '') return { offset: at, text: list, caret: caret ?? at };
    const from = backOverSpaces(text, at, brace.open + 1);
    return { offset: from, text: `,${list}`, caret: caret ?? from };
  }
  const command = (options.latexCommand ?? 'cite').replace(/^\\+/, '') || 'cite';
  return { offset, text: `\\${command}{${list}}`, caret: offset };
}

// Typst's label characters (`is_valid_in_label_literal`): what `@key` reads up to.
const typstLabelChar = /[\p{XID_Continue}_\-.:]/u;

/** `@key` where Typst can read the key back, else `#cite(label("key"))`, which takes any text. */
function typstCitation(key: string): string {
  if (/^[\p{XID_Continue}_\-.:]+$/u.test(key) && !/[.:]$/.test(key)) return `@${key}`;
  return `#cite(label("${key.replace(/[\\"]/g, (c) => `\\${c}`)}"))`;
}

/**
 * Typst groups citations that stand side by side, so new keys go after the `@key` the cursor is
 * in or just after, separated by a space; a space also follows when the next character would
 * otherwise run into the last key or become its `[supplement]`.
 */
function typstInsertion(text: string, offset: number, keys: string[]): Insertion {
  let at = offset;
  let start = offset;
  while (start > 0 && typstLabelChar.test(text[start - 1] as string)) start--;
  const inReference = text[start - 1] === '@' && !escaped(text, start - 1);
  if (inReference) {
    while (at < text.length && typstLabelChar.test(text[at] as string)) at++;
    while (at > offset && /[.:]/.test(text[at - 1] as string)) at--;
  }
  let insert = keys.map(typstCitation).join(' ');
  // A bare `@` the writer typed takes the first key.
  if (inReference && at === start && insert.startsWith('@')) insert = insert.slice(1);
  else if (inReference) insert = ` ${insert}`;
  const next = text.slice(at, at + 2);
  if (/^[[\p{XID_Continue}_-]/u.test(next) || /^[.:][\p{XID_Continue}_-]/u.test(next)) insert = `${insert} `;
  return { offset: at, text: insert, caret: at };
}

/**
 * True when the text just before a `{` is a citation command with its optional arguments:
 * any command whose name contains `cite` (natbib, biblatex) or one the user configured.
 */
function isCiteArgument(before: string, extra: string[]): boolean {
  const match = /\\([a-zA-Z]+)\*?\s*(?:\[[^\]]*\]\s*){0,2}$/.exec(before);
  if (!match?.[1]) return false;
  const name = match[1];
  return /cite/i.test(name) || extra.some((c) => c.replace(/^\\+/, '') === name);
}

/** The unclosed `open` before `offset` and its `close` after it, within one paragraph. */
function enclosingBracket(
  text: string,
  offset: number,
  open: string,
  close: string,
): { open: number; close: number | undefined } | undefined {
  let depth = 0;
  let start: number | undefined;
  for (let i = offset - 1; i >= Math.max(0, offset - scanLimit); i--) {
    const c = text[i];
    if (c === '\n' && text[i - 1] === '\n') return undefined;
    if (c === close && !escaped(text, i)) depth++;
    else if (c === open && !escaped(text, i)) {
      if (depth === 0) {
        start = i;
        break;
      }
      depth--;
    }
  }
  if (start === undefined) return undefined;
  depth = 0;
  for (let i = offset; i < Math.min(text.length, offset + scanLimit); i++) {
    const c = text[i];
    if (c === '\n' && text[i + 1] === '\n') break;
    if (c === open && !escaped(text, i)) depth++;
    else if (c === close && !escaped(text, i)) {
      if (depth === 0) return { open: start, close: i };
      depth--;
    }
  }
  return { open: start, close: undefined };
}

/**
 * The end of the citation item the cursor is in (the next separator or the closing bracket), so a
 * new key never splits a key or separates a citation from its locator.
 */
function endOfItem(text: string, offset: number, close: number | undefined, separator: string): number {
  const end = close ?? lineEnd(text, offset);
  const next = text.indexOf(separator, offset);
  return next >= 0 && next < end ? next : end;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function backOverSpaces(text: string, offset: number, floor: number): number {
  let i = offset;
  while (i > floor && /[ \t]/.test(text[i - 1] ?? '')) i--;
  return i;
}

function escaped(text: string, i: number): boolean {
  let backslashes = 0;
  for (let j = i - 1; j >= 0 && text[j] === '\\'; j--) backslashes++;
  return backslashes % 2 === 1;
}
