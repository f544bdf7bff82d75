// Typst, read as the Typst 0.14 lexer and parser read it: markup, embedded code (`#...`), code
// blocks and math, with raw text, comments, strings, escapes and URLs skipped. The one reading of
// a Typst file: citations (`@key`, `#cite`, `#ref`), the labels it defines, its bibliographies,
// its `#include`s and the citation sites completion asks about. Pure; imports only core types.
import type { ParseError, Span } from '../../model/types';
import type { Citation, CitationKind } from './citation';

/** `#bibliography("a.bib")` or `#bibliography(("a.bib", "b.yml"))`: one path as written. */
export interface TypstBibliography {
  path: string;
  /** The path inside its quotes. */
  span: Span;
}

/** A place where a key is being written: after `@`, or inside `cite(<` / `ref(<` / `label("`. */
export interface TypstSite {
  keyStart: number;
  /** The end of the key characters (before a trailing `.` or `:` of a reference is dropped). */
  keyEnd: number;
  /** `@key` in markup (true) or a label argument of a call (false). */
  marker: boolean;
}

export interface TypstSyntax {
  /**
   * Citations in text order. `@key` and `#ref(<key>)` carry `reference: true`: they cite only when
   * no label `<key>` exists in the document, which the project decides (analysis/typstProject.ts).
   */
  citations: Citation[];
  /** Labels the markup defines: `= Intro <intro>`, `#figure(...) <fig:a>`. */
  labels: { name: string; span: Span }[];
  /** `#label("fig-" + str(i))` in markup: labels computed at run time, known by their prefix only. */
  labelPrefixes: string[];
  bibliographies: TypstBibliography[];
  /**
   * The `style:` of a bibliography, as written inside its quotes: of a `#bibliography(...)` call
   * when one names it, else of `#set bibliography(style: ...)`. Only string literals are read.
   */
  bibliographyStyle?: { value: string; span: Span };
  /** `#set text(lang: "de")`: the document's language, as written. */
  textLang?: string;
  /** Calls of `bibliography(...)`, also those whose path Citelens cannot read (a variable, `read(...)`). */
  bibliographyCalls: number;
  /** `#include "chapter.typ"`: paths as written, inside their quotes. */
  includes: { path: string; span: Span }[];
  /** `#import "template.typ": x`: modules, as written (packages `@preview/...` too). */
  imports: { path: string; span: Span }[];
  sites: TypstSite[];
  /**
   * Functions this file defines that cite a parameter: `#let see(key) = [see #cite(key)]` cites
   * whatever label a call passes at positional parameter `param`.
   */
  helpers: { name: string; param: number; command: 'cite' | 'ref' }[];
  /** Calls of other functions with label arguments (`#see(<key>)`): citations when the callee is a helper. */
  labelCalls: { callee: string; args: { index: number; key: string; span: Span }[]; start: number; end: number }[];
  errors: ParseError[];
}

const idStart = /[\p{XID_Start}_]/u;
const idContinue = /[\p{XID_Continue}_-]/u;

/** The character (code point) at `i`, or '' at the end. */
function charAt(text: string, i: number): string {
  const c = text.codePointAt(i);
  return c === undefined ? '' : String.fromCodePoint(c);
}

function isIdStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  return !Number.isNaN(c) && idStart.test(charAt(text, i));
}

function isIdContinue(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
  return !Number.isNaN(c) && idContinue.test(charAt(text, i));
}

/** Typst's `is_valid_in_label_literal`: identifier characters, `:` and `.`. */
function isLabelChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 58 || c === 46 || isIdContinue(text, i);
}

function step(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

function eatLabelChars(text: string, i: number): number {
  while (i < text.length && isLabelChar(text, i)) i += step(text, i);
  return i;
}

function eatIdent(text: string, i: number): number {
  i += step(text, i);
  while (i < text.length && isIdContinue(text, i)) i += step(text, i);
  return i;
}

const keywords = new Set(['let', 'set', 'show', 'import', 'include', 'return', 'context', 'if', 'for', 'while', 'break', 'continue']);
const formKinds: Record<string, CitationKind> = { normal: 'normal', prose: 'textual', full: 'normal', author: 'normal', year: 'suppress-author' };
/** Brackets deeper than this are read as text, so hostile input cannot exhaust the stack. */
const maxDepth = 400;

interface Arg {
  name?: string;
  /** The value, without surrounding white space or comments. */
  start: number;
  end: number;
}

/** Reads a Typst file. Never throws; unclosed raw text, strings and brackets run to the end. */
export function readTypst(text: string): TypstSyntax {
  const n = text.length;
  const out: TypstSyntax = { citations: [], labels: [], bibliographies: [], bibliographyCalls: 0, includes: [], imports: [], sites: [], helpers: [], labelCalls: [], labelPrefixes: [], errors: [] };
  /** `cite(x)` / `ref(x)` of a bare identifier, for helper definitions to claim. */
  const paramUses: { ident: string; command: 'cite' | 'ref' }[] = [];
  let depth = 0;
  /** `#let refs = "refs.bib"`: string variables, so `#bibliography(refs)` finds its file. */
  const strings = new Map<string, { value: string; span: Span }>();

  const lineEnd = (i: number) => {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? n : nl;
  };

  /** After `/*`, nested as in Typst. */
  const blockComment = (i: number): number => {
    let level = 1;
    let j = i + 2;
    while (j < n && level > 0) {
      if (text.startsWith('/*', j)) {
        level++;
        j += 2;
      } else if (text.startsWith('*/', j)) {
        level--;
        j += 2;
      } else j++;
    }
    return j;
  };

  /** A comment at `i` (`//` or `/*`), returning the index after it, or -1 when there is none. */
  const comment = (i: number): number => {
    if (text.charCodeAt(i) !== 47) return -1;
    const next = text.charCodeAt(i + 1);
    if (next === 47) return lineEnd(i);
    if (next === 42) return blockComment(i);
    return -1;
  };

  /** Raw text at a backtick: two backticks are an empty raw, otherwise it closes at as many. */
  const raw = (i: number): number => {
    let ticks = 0;
    while (text.charCodeAt(i + ticks) === 96) ticks++;
    if (ticks === 2) return i + 2;
    let found = 0;
    let j = i + ticks;
    while (j < n && found < ticks) {
      found = text.charCodeAt(j) === 96 ? found + 1 : 0;
      j++;
    }
    return j;
  };

  const string = (i: number): number => {
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) j++;
      else if (c === 34) return j + 1;
    }
    return n;
  };

  /** After `\`: an escape such as `\@`, `\#` or `\u{1F600}`. */
  const escape = (i: number): number => {
    if (text.startsWith('u{', i + 1)) {
      const close = text.indexOf('}', i + 3);
      if (close >= 0 && close - i < 16) return close + 1;
    }
    return i + 1 + (i + 1 < n ? step(text, i + 1) : 0);
  };

  /** A URL starting at `i` (`http://` or `https://`), as Typst's `link_prefix` delimits it. */
  const link = (i: number): number => {
    const brackets: number[] = [];
    let j = i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || '!#$%&*+,-./:;=?@_~\''.includes(text[j] as string)) continue;
      if (c === 91 || c === 40) brackets.push(c);
      else if (c === 93 || c === 41) {
        if (brackets.pop() !== (c === 93 ? 91 : 40)) break;
      } else break;
    }
    while (j > i && "!,.:;?'".includes(text[j - 1] as string)) j--;
    return j;
  };

  const markup = (start: number, inBlock: boolean): number => {
    let i = start;
    let brackets = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (c) {
        case 92:
          i = escape(i);
          continue;
        case 96:
          i = raw(i);
          continue;
        case 47: {
          const end = comment(i);
          i = end < 0 ? i + 1 : end;
          continue;
        }
        case 104:
          if (text.startsWith('http://', i) || text.startsWith('https://', i)) {
            i = link(i);
            continue;
          }
          break;
        case 60:
          if (isLabelChar(text, i + 1)) {
            const end = eatLabelChars(text, i + 1);
            if (text.charCodeAt(end) === 62) {
              out.labels.push({ name: text.slice(i + 1, end), span: { start: i + 1, end } });
              i = end + 1;
            } else i = end;
            continue;
          }
          break;
        case 64:
          i = reference(i);
          continue;
        case 35:
          i = embedded(i + 1);
          continue;
        case 36:
          i = math(i + 1);
          continue;
        case 91:
          brackets++;
          break;
        case 93:
          if (brackets > 0) brackets--;
          else if (inBlock) return i + 1;
          break;
      }
      i++;
    }
    return n;
  };

  /** `@key` with an optional `[supplement]`; a trailing `.` or `:` belongs to the sentence. */
  const reference = (at: number): number => {
    const full = eatLabelChars(text, at + 1);
    let end = full;
    while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 58)) end--;
    out.sites.push({ keyStart: at + 1, keyEnd: full, marker: true });
    if (end === at + 1) return Math.max(full, at + 1);
    const span = { start: at + 1, end };
    const citation: Citation = { key: text.slice(at + 1, end), span, command: '@', groupSpan: { start: at, end }, kind: 'normal', reference: true };
    out.citations.push(citation);
    if (text.charCodeAt(end) === 91 && depth < maxDepth) {
      depth++;
      const close = markup(end + 1, true);
      depth--;
      citation.groupSpan = { start: at, end: close };
      return close;
    }
    return end;
  };

  /** Math between `$`s: `@` and strings are text here, but `#` embeds code again. */
  const math = (start: number): number => {
    let i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 36) return i + 1;
      if (c === 92) i = escape(i);
      else if (c === 34) i = string(i);
      else if (c === 35) i = embedded(i + 1);
      else if (c === 47 && comment(i) >= 0) i = comment(i);
      else i++;
    }
    return n;
  };

  /**
   * An expression embedded in markup or math after `#`: a keyword statement runs to the end of its
   * line (or `;`); anything else is an atom with its calls, fields and trailing content blocks.
   */
  const embedded = (start: number): number => {
    if (depth >= maxDepth) return start;
    depth++;
    try {
      const c = text.charCodeAt(start);
      if (isIdStart(text, start)) {
        const end = eatIdent(text, start);
        if (keywords.has(text.slice(start, end))) return code(start, 'statement');
        return postfix(start, end, text.slice(start, end), true);
      }
      if (c === 40) return postfix(start, code(start + 1, ')'), undefined);
      if (c === 123) return code(start + 1, '}');
      if (c === 91) return postfix(start, markup(start + 1, true), undefined);
      if (c === 34) return string(start);
      return start;
    } finally {
      depth--;
    }
  };

  /** Calls `(...)`, content blocks `[...]` and fields `.x` directly after an atom ending at `end`. */
  const postfix = (atomStart: number, end: number, name: string | undefined, inMarkup = false): number => {
    let i = end;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 40) {
        i = call(atomStart, i, name, inMarkup && i === end);
        name = undefined;
      } else if (c === 91) {
        i = markup(i + 1, true);
        name = undefined;
      } else if (c === 46 && isIdStart(text, i + 1)) {
        const fieldEnd = eatIdent(text, i + 1);
        // A method (`x.cite(...)`) is not the `cite` function.
        name = undefined;
        i = fieldEnd;
      } else return i;
    }
  };

  /** A call's argument list at `open`; `cite`, `ref` and `bibliography` are read for their keys and paths. */
  /** `inMarkup`: the call is an expression embedded in markup, where `#label("x")` labels what precedes it. */
  const call = (calleeStart: number, open: number, name: string | undefined, inMarkup = false): number => {
    const interesting = name === 'cite' || name === 'ref' || name === 'bibliography' || name === 'text';
    const args: Arg[] = [];
    const close = code(open + 1, ')', args, name === 'cite' || name === 'ref');
    if (interesting && name) interpretCall(name, calleeStart, close, args);
    else if (name === 'label' && inMarkup) {
      const first = args.find((a) => a.name === undefined);
      const value = first ? text.slice(first.start, first.end) : '';
      const literal = /^"((?:[^"\\\n]|\\.)*)"$/.exec(value);
      const prefix = /^"((?:[^"\\\n]|\\.)*)"\s*\+/.exec(value);
      if (first && literal) out.labels.push({ name: unescapeString(literal[1] as string), span: { start: first.start + 1, end: first.end - 1 } });
      else if (prefix) out.labelPrefixes.push(unescapeString(prefix[1] as string));
    }
    else if (name) {
      const labels = args
        .filter((a) => a.name === undefined)
        .map((a, index) => ({ index, m: /^<([^<>\s]+)>$/.exec(text.slice(a.start, a.end)), start: a.start }))
        .filter((a) => a.m)
        .map((a) => ({ index: a.index, key: a.m![1] as string, span: { start: a.start + 1, end: a.start + 1 + a.m![1]!.length } }));
      if (labels.length) out.labelCalls.push({ callee: name, args: labels, start: calleeStart, end: close });
    }
    return close;
  };

  const interpretCall = (name: string, start: number, end: number, args: Arg[]) => {
    const positional = args.filter((a) => a.name === undefined);
    const named = (key: string) => args.find((a) => a.name === key);
    const first = positional[0];
    const literal = (arg: Arg | undefined) => {
      const m = arg && /^"((?:[^"\\\n]|\\.)*)"$/.exec(text.slice(arg.start, arg.end));
      return m && arg ? { value: unescapeString(m[1] as string), span: { start: arg.start + 1, end: arg.end - 1 } } : undefined;
    };
    if (name === 'text') {
      out.textLang ??= literal(named('lang'))?.value;
      return;
    }
    if (name === 'bibliography') {
      const style = literal(named('style'));
      // A call with sources names its own style; a set rule (no sources) gives the default.
      if (style && (first || !out.bibliographyStyle)) out.bibliographyStyle = style;
      out.bibliographyCalls++;
      if (!first) return;
      const value = text.slice(first.start, first.end);
      const variable = strings.get(value);
      const paths = value.startsWith('(')
        ? stringsIn(first.start + 1, first.end - 1)
        : value.startsWith('"')
          ? stringsIn(first.start, first.end)
          : variable
            ? [{ path: variable.value, span: variable.span }]
            : [];
      out.bibliographies.push(...paths);
      const full = named('full');
      if (full && text.slice(full.start, full.end) === 'true') {
        const span = { start: full.start, end: full.end };
        out.citations.push({ key: '*', span, command: '#bibliography', groupSpan: { start, end }, kind: 'nocite', all: true });
      }
      return;
    }
    const key = first && labelArgument(first);
    if (!key) {
      const value = first ? text.slice(first.start, first.end) : '';
      if (/^[\p{XID_Start}_][\p{XID_Continue}_-]*$/u.test(value)) paramUses.push({ ident: value, command: name === 'ref' ? 'ref' : 'cite' });
      return;
    }
    let kind: CitationKind = 'normal';
    if (name === 'cite') {
      const form = named('form');
      const value = form ? text.slice(form.start, form.end) : '';
      if (value === 'none') kind = 'nocite';
      else if (/^"[a-z]+"$/.test(value)) kind = formKinds[value.slice(1, -1)] ?? 'normal';
    }
    const citation: Citation = { key: key.key, span: key.span, command: `#${name}`, groupSpan: { start, end }, kind };
    if (name === 'ref') citation.reference = true;
    out.citations.push(citation);
  };

  /** `<key>` or `label("key")`, the key's text and span. */
  const labelArgument = (arg: Arg): { key: string; span: Span } | undefined => {
    const value = text.slice(arg.start, arg.end);
    const literal = /^<([^<>\s]+)>$/.exec(value);
    if (literal) return { key: literal[1] as string, span: { start: arg.start + 1, end: arg.end - 1 } };
    const call = /^label\s*\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)$/.exec(value);
    if (!call) return undefined;
    const raw = call[1] as string;
    const at = arg.start + value.indexOf('"') + 1;
    return { key: unescapeString(raw), span: { start: at, end: at + raw.length } };
  };

  /** String literals between `from` and `to` (the items of `("a.bib", "b.yml")`). */
  const stringsIn = (from: number, to: number): TypstBibliography[] => {
    const found: TypstBibliography[] = [];
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        const end = Math.min(string(i), to);
        const raw = text.slice(i + 1, end - 1);
        if (raw.trim()) found.push({ path: unescapeString(raw), span: { start: i + 1, end: end - 1 } });
        i = end - 1;
      } else if (c === 47 && comment(i) >= 0) i = comment(i) - 1;
    }
    return found;
  };

  /**
   * Code until `close` (`)` or `}`, returning the index after it) or, for a statement, until the end
   * of its line, a `;` or the `]` that closes the content block around it. With `args`, the top-level
   * arguments are recorded; `sites` marks label arguments where completion may be asked for.
   */
  const code = (start: number, close: ')' | '}' | 'statement', args?: Arg[], sites = false): number => {
    const closeCode = close === ')' ? 41 : close === '}' ? 125 : -1;
    let i = start;
    let argStart = -1;
    let argName: string | undefined;
    let lastEnd = start;
    const flushArg = () => {
      if (args && argStart >= 0) args.push(argName === undefined ? { start: argStart, end: lastEnd } : { name: argName, start: argStart, end: lastEnd });
      argStart = -1;
      argName = undefined;
    };
    const mark = (from: number, to: number) => {
      if (argStart < 0) argStart = from;
      lastEnd = to;
    };
    if (depth >= maxDepth) return close === 'statement' ? lineEnd(start) : n;
    depth++;
    try {
      while (i < n) {
        const c = text.charCodeAt(i);
        // A statement also ends at a bracket that closes the block around it.
        if (close === 'statement' && (c === 10 || c === 59 || c === 93 || c === 41 || c === 125)) return i;
        if (c === closeCode) {
          flushArg();
          return i + 1;
        }
        if (c === 32 || c === 9 || c === 10 || c === 13) {
          i++;
          continue;
        }
        const after = comment(i);
        if (after >= 0) {
          i = after;
          continue;
        }
        const from = i;
        if (c === 34) i = string(i);
        else if (c === 96) i = raw(i);
        else if (c === 91) i = markup(i + 1, true);
        else if (c === 123) i = code(i + 1, '}');
        else if (c === 40) i = code(i + 1, ')');
        else if (c === 36) i = math(i + 1);
        else if (c === 41 || c === 125 || c === 93) {
          // A bracket that closes nothing here: leave a `]` to the content block that owns it.
          if (c === 93) return i;
          i++;
        } else if (c === 60 && (isLabelChar(text, i + 1) || (sites && args && argStart < 0))) {
          const end = eatLabelChars(text, i + 1);
          if (sites && args && argStart < 0) out.sites.push({ keyStart: i + 1, keyEnd: end, marker: false });
          i = text.charCodeAt(end) === 62 ? end + 1 : end;
        } else if (c === 44 && args) {
          flushArg();
          i++;
          continue;
        } else if (isIdStart(text, i)) {
          const end = eatIdent(text, i);
          const word = text.slice(i, end);
          const prev = text.charCodeAt(i - 1);
          if (args && argStart < 0 && prev !== 46) {
            let colon = end;
            while (colon < n && (text.charCodeAt(colon) === 32 || text.charCodeAt(colon) === 9 || text.charCodeAt(colon) === 10 || text.charCodeAt(colon) === 13)) colon++;
            if (text.charCodeAt(colon) === 58 && text.charCodeAt(colon + 1) !== 58) {
              argName = word;
              i = colon + 1;
              continue;
            }
          }
          if (prev === 46) i = end;
          else if (word === 'include') i = pathAfter(end, out.includes);
          else if (word === 'import') i = pathAfter(end, out.imports);
          else if (word === 'let') i = stringLet(end);
          else if (word === 'label' && sites && args && argStart < 0) i = labelCall(end);
          else if (text.charCodeAt(end) === 40) i = call(i, end, word);
          else i = end;
        } else i += step(text, i);
        mark(from, i);
      }
      return n;
    } finally {
      depth--;
    }
  };

  /** `label("...` inside a cite: where completion may be asked for even before the string closes. */
  const labelCall = (end: number): number => {
    const m = /^\s*\(\s*"/.exec(text.slice(end, end + 40));
    if (!m) return end;
    const keyStart = end + m[0].length;
    let keyEnd = keyStart;
    while (keyEnd < n && text.charCodeAt(keyEnd) !== 34 && text.charCodeAt(keyEnd) !== 10) keyEnd++;
    out.sites.push({ keyStart, keyEnd, marker: false });
    return code(end + m[0].indexOf('(') + 1, ')');
  };

  /**
   * After `let`: a function whose body cites one of its positional parameters becomes a helper;
   * a variable bound to a string literal is remembered; the rest is read as code.
   */
  const stringLet = (end: number): number => {
    const fn = /^[ \t]+([\p{XID_Start}_][\p{XID_Continue}_-]*)\(/u.exec(text.slice(end, end + 200));
    if (fn) {
      const open = end + fn[0].length - 1;
      const close = code(open + 1, ')');
      const params = positionalParams(text.slice(open + 1, close - 1));
      const eq = /^[ \t]*=/.exec(text.slice(close, close + 20));
      if (!eq) return close;
      const before = paramUses.length;
      const bodyEnd = code(close + eq[0].length, 'statement');
      for (const use of paramUses.splice(before)) {
        const param = params.indexOf(use.ident);
        if (param >= 0) out.helpers.push({ name: fn[1] as string, param, command: use.command });
      }
      return bodyEnd;
    }
    const m = /^[ \t]+([\p{XID_Start}_][\p{XID_Continue}_-]*)[ \t]*=[ \t]*"/u.exec(text.slice(end, end + 200));
    if (!m) return end;
    const open = end + m[0].length - 1;
    const close = string(open);
    const raw = text.slice(open + 1, close - 1);
    strings.set(m[1] as string, { value: unescapeString(raw), span: { start: open + 1, end: close - 1 } });
    return close;
  };

  /** After `include` or `import`: a string literal names the file. */
  const pathAfter = (end: number, list: { path: string; span: Span }[]): number => {
    const m = /^\s*"/.exec(text.slice(end, end + 40));
    if (!m) return end;
    const open = end + m[0].length - 1;
    const close = string(open);
    const raw = text.slice(open + 1, close - 1);
    if (raw.trim()) list.push({ path: unescapeString(raw), span: { start: open + 1, end: close - 1 } });
    return close;
  };

  markup(0, false);
  return out;
}

/** The names of a parameter list's positional parameters (`key, form: "normal", ..rest` gives `key`). */
function positionalParams(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let part = '';
  for (const ch of `${list},`) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      const p = part.trim();
      if (/^[\p{XID_Start}_][\p{XID_Continue}_-]*$/u.test(p)) out.push(p);
      part = '';
    } else part += ch;
  }
  return out;
}

/** A Typst string literal's content with its escapes (`\"`, `\\`, `\n`, `\u{...}`) applied. */
function unescapeString(raw: string): string {
  return raw.replace(/\\(u\{([0-9a-fA-F]{1,6})\}|.)/g, (_, esc: string, hex?: string) => {
    if (hex) return String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff));
    return esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc;
  });
}

/** Every citation of a Typst file, with label references (`reference: true`) not yet told apart. */
export function findTypstCitations(text: string): { citations: Citation[]; errors: ParseError[] } {
  const { citations, errors } = readTypst(text);
  return { citations, errors };
}

/** The key being written at `offset`, after `@` or in a `cite`/`ref` label argument. */
export function typstSiteAt(text: string, offset: number, syntax: TypstSyntax = readTypst(text)): TypstSite | undefined {
  const { sites } = syntax;
  for (const site of sites) if (site.keyStart <= offset && offset <= site.keyEnd) return site;
  return undefined;
}

/**
 * A `cite(` call whose argument list holds `offset` and is not closed before the paragraph ends
 * (`#cite(<a>|` half typed; Typst rejects the file until it is closed). `label` says the cursor is
 * in a `<label` not closed either, `empty` that nothing is written between `(` and the cursor.
 * Strings and nested brackets are skipped, so `supplement: [p. (3)]` closes nothing.
 */
export function openCiteCallAt(text: string, offset: number): { open: number; label: boolean; empty: boolean } | undefined {
  const paragraph = Math.max(text.lastIndexOf('\n\n', offset - 1), 0);
  const open = text.lastIndexOf('cite(', offset - 1) + 4;
  if (open < 4 || open < paragraph || open >= offset || /[\p{L}\p{N}_.-]/u.test(text[open - 5] ?? '')) return undefined;
  const end = text.indexOf('\n\n', offset);
  const stop = end < 0 ? text.length : end;
  // One scan of the call to the paragraph's end: any `)` that closes it, before the cursor or
  // after, means the call is not open; the cursor must stand at its top level.
  let depth = 0;
  let label = false;
  let atCursor: { depth: number; label: boolean } | undefined;
  for (let i = open + 1; i < stop; i++) {
    if (i === offset) atCursor = { depth, label };
    const c = text[i] as string;
    if (c === '"') {
      for (i++; i < stop && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ')' && depth-- === 0) return undefined;
    else if (c === '<' && depth === 0) label = true;
    else if (c === '>' && depth === 0) label = false;
  }
  if (offset >= stop) atCursor = { depth, label };
  if (!atCursor || atCursor.depth > 0) return undefined;
  return { open, label: atCursor.label, empty: /^\s*$/.test(text.slice(open + 1, offset)) };
}
