// insertCitation(): the exact text that cites some keys at a cursor, and where it goes: a new
// `[see @a; @b, p. 3]`, `\citep[see][p.~3]{a,b}` or `@a @b[p. 3]`, or more keys merged into the
// citation the cursor is in. The Insert Citation picker previews this text and the client applies
// it unchanged, so the grammar that decides it is the finder's own (syntax/cite), not the client's.
import { citationErrorsOf, citationsOf } from '../analysis/citations';
import { latexProject, latexRoot } from '../analysis/scope';
import type { Citation } from '../syntax/cite/citation';
import { openBracketAt, T } from '../syntax/cite/markdown';
import { openKeys } from '../syntax/cite/latex';
import { openCiteCallAt } from '../syntax/cite/typst';
import { loadedPackages } from '../syntax/project';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';

export interface InsertCitationParams {
  uri: string;
  position: { line: number; character: number };
  keys: string[];
  /** Text before the keys: `see`, `cf.`. */
  prefix?: string;
  /** A locator after the (last) key: `p. 3`, `chap. 2`. */
  locator?: string;
  /** The LaTeX command without backslash (`citep`); one of the result's `commands`, else the first. */
  command?: string;
}

export type InsertCitationResult =
  | {
      ok: true;
      /** Where the text goes; `start === end` for an insertion. */
      span: Span;
      text: string;
      /** Where the cursor belongs afterwards, in characters from the start of the inserted text (past its end when the cursor was after a closing bracket). */
      caret: number;
      /** The document version the offsets refer to: the client refuses to apply them to another. */
      version: number;
      /** LaTeX: the citation commands the document's package provides, best first; the one used. */
      commands: string[];
      command?: string;
      /** The package that decided the commands (`natbib`, `biblatex`), if any. */
      package?: string;
    }
  | { ok: false; message: string };

const commandsByPackage: Record<string, string[]> = {
  biblatex: ['autocite', 'parencite', 'textcite', 'cite', 'footcite'],
  natbib: ['citep', 'citet', 'cite'],
  none: ['cite'],
};

export function insertCitation(ws: Workspace, uri: string, offset: number, p: Omit<InsertCitationParams, 'uri' | 'position'>): InsertCitationResult {
  const doc = ws.docs.get(uri);
  if (!doc) return { ok: false, message: 'The document is not open, so there is nowhere to insert a citation.' };
  const keys = p.keys;
  if (keys.length === 0) return { ok: false, message: 'Choose at least one entry to cite.' };
  const prefix = (p.prefix ?? '').trim();
  const locator = (p.locator ?? '').trim();
  if (/[\r\n]/.test(prefix + locator)) return { ok: false, message: 'A prefix or locator is one line of text.' };
  const citations = citationsOf(ws, doc);
  const base = { version: doc.version, commands: [] as string[] };
  if (doc.lang === 'latex') {
    const bad = keys.find((k) => !/^[^\s,{}%\\#~]+$/.test(k));
    if (bad !== undefined) return { ok: false, message: `LaTeX cannot cite the key '${bad}': it contains a space, comma, brace or other character a \\cite argument cannot hold.` };
    if (!balanced(prefix + locator, '{', '}')) return { ok: false, message: 'The prefix or locator has unbalanced braces, which would break the LaTeX command.' };
    if (/[[\]]/.test(prefix + locator)) return { ok: false, message: 'A LaTeX prefix or locator cannot contain [ or ]: they end the optional argument. Wrap them in braces.' };
    const pkg = citationPackage(ws, uri);
    const known = commandsByPackage[pkg] ?? ['cite'];
    // Without a package we recognise, a citation command the writer names (the
    // citelens.latexCiteCommand setting) is honoured: a class may load biblatex itself.
    const named = p.command?.replace(/^\\+/, '');
    const extra = pkg === 'none' && named && !known.includes(named) && /^[A-Za-z]*cite[A-Za-z]*\*?$/i.test(named) ? [named] : [];
    const commands = [...known, ...extra];
    const command = named && commands.includes(named) ? named : (commands[0] as string);
    const pkgInfo = pkg === 'none' ? {} : { package: pkg };
    const unclosed = citationErrorsOf(ws, doc).find((e) => e.code === 'citation.unclosed' && e.span.start < offset && offset <= e.span.end);
    const found = unclosed ? latexOpen(doc.text, offset, unclosed.span, keys) : latexMerge(doc.text, offset, citations, keys);
    if (found && !prefix && !locator) return { ok: true, ...base, commands, command, ...pkgInfo, ...found };
    if (unclosed) return { ok: false, message: 'The \\cite at the cursor has no closing brace, so a prefix or locator has no place: close it, or insert without them to add the keys to it.' };
    if (prefix && pkg === 'none') return { ok: false, message: '\\cite takes a locator but no prefix; load natbib or biblatex for a prefix.' };
    const args = prefix ? `[${prefix}][${locator}]` : locator ? `[${locator}]` : '';
    const text = `\\${command}${args}{${keys.join(',')}}`;
    // A new command never goes inside the braces of the one the cursor is in: it follows it.
    const inside = citations.find((c) => c.groupSpan.start < offset && offset < c.groupSpan.end);
    const at = inside ? inside.groupSpan.end : offset;
    return { ok: true, ...base, commands, command, ...pkgInfo, span: { start: at, end: at }, text, caret: text.length };
  }
  if (doc.lang === 'typst') {
    if (!balanced(locator, '[', ']')) return { ok: false, message: 'The locator has unbalanced brackets, which would end the Typst supplement early.' };
    const text = typstText(keys, prefix, locator);
    // In a `cite(` call left open, the call is closed first and the new references follow it.
    const call = openCiteCallAt(doc.text, offset);
    if (call && call.empty && keys.length === 1 && !prefix) {
      const inner = `${typstLabelArg(keys[0] as string)}${locator ? `, supplement: [${locator}]` : ''}`;
      return { ok: true, ...base, span: { start: offset, end: offset }, text: `${inner})`, caret: inner.length + 1 };
    }
    if (call && !call.empty) {
      const full = `${call.label ? '>' : ''}) ${text}`;
      return { ok: true, ...base, span: { start: offset, end: offset }, text: full, caret: full.length };
    }
    const at = typstMerge(doc.text, offset, citations);
    const lead = at.start > 0 && !/\s/.test(doc.text[at.start - 1] as string) && (at.merge || /[\p{L}\p{N}_]/u.test(doc.text[at.start - 1] as string)) ? ' ' : '';
    const next = doc.text[at.start] ?? '';
    const tail = /[\p{L}\p{N}_[-]/u.test(next) ? ' ' : '';
    const full = `${lead}${text}${tail}`;
    return { ok: true, ...base, span: { start: at.start, end: at.start }, text: full, caret: lead.length + text.length };
  }
  if (doc.lang === 'markdown') {
    if (/[[\];]/.test(prefix + locator) && !balanced(prefix + locator, '[', ']')) return { ok: false, message: 'The prefix or locator has unbalanced brackets, which would end the citation early.' };
    if (/;/.test(prefix + locator)) return { ok: false, message: 'A prefix or locator cannot contain ;, which separates citations in a bracket.' };
    const items = keys.map((k, i) => `${i === 0 && prefix ? `${prefix} ` : ''}${markdownKey(k)}${i === keys.length - 1 && locator ? `, ${locator}` : ''}`).join('; ');
    const merge = markdownMerge(doc.text, offset, citations);
    if (merge) {
      const text = merge.empty ? items : `; ${items}`;
      return { ok: true, ...base, span: { start: merge.at, end: merge.at }, text, caret: merge.after ? text.length + 1 : text.length };
    }
    const open = markdownOpen(doc.text, offset, items);
    if (open) return 'message' in open ? { ok: false, message: open.message } : { ok: true, ...base, ...open };
    // On a bare `@key` in the text (or just after it), the new citation goes after it rather than
    // into the key: Pandoc reads `@a [@x]` as one citation, "A (2020; X 2019)".
    const on = citations.find((c) => c.command === '@' && c.span.start <= offset && offset <= c.groupSpan.end);
    const at = on ? on.groupSpan.end : offset;
    const text = `${on ? ' ' : ''}[${items}]`;
    return { ok: true, ...base, span: { start: at, end: at }, text, caret: text.length };
  }
  return { ok: true, ...base, span: { start: offset, end: offset }, text: keys.join(', '), caret: keys.join(', ').length };
}

/**
 * The package that decides a LaTeX document's citation commands: biblatex or natbib loaded by the
 * document, its root, or another file of its project (a preamble), else none (plain `\cite`).
 */
export function citationPackage(ws: Workspace, uri: string): 'biblatex' | 'natbib' | 'none' {
  const root = latexRoot(ws, uri);
  const files = [...new Set([uri, root, ...latexProject(ws, root)])];
  let natbib = false;
  for (const f of files) {
    const text = ws.docs.get(f)?.text;
    if (!text) continue;
    const loaded = loadedPackages(text);
    if (loaded.some((n) => n === 'biblatex.sty' || /^biblatex-[a-z]+\.sty$/.test(n))) return 'biblatex';
    if (loaded.includes('natbib.sty') || /\\documentclass[^{]*\{(?:elsarticle|revtex4-?\d?|aastex\d*)\}/.test(text)) natbib = true;
  }
  return natbib ? 'natbib' : 'none';
}

/** Pandoc reads `@key` up to the first character a key cannot hold; `@{...}` takes the rest. */
function markdownKey(key: string): string {
  return /^[\p{L}\p{N}_]([\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u.test(key) ? `@${key}` : `@{${key}}`;
}

/**
 * Where new keys join the bracket citation the cursor is in or just after: after the item under
 * the cursor (never splitting a key or parting it from its locator), or into an empty `[]`.
 */
function markdownMerge(text: string, offset: number, citations: readonly Citation[]): { at: number; empty: boolean; after: boolean } | undefined {
  const after = text[offset - 1] === ']';
  const probe = after ? offset - 1 : offset;
  const groupOf = (c: Citation) => c.command === '[@' && c.groupSpan.start < probe && probe < c.groupSpan.end;
  const group = citations.find(groupOf)?.groupSpan;
  if (group) {
    const close = group.end - 1;
    const semi = text.indexOf(';', probe);
    let at = semi >= 0 && semi < close ? semi : close;
    while (at > group.start + 1 && /[ \t]/.test(text[at - 1] as string)) at--;
    return { at, empty: false, after };
  }
  // An empty `[]` with the cursor between its brackets is a citation the writer started.
  if (!after && text[offset - 1] === '[' && text[offset] === ']') return { at: offset, empty: true, after: false };
  return undefined;
}

/**
 * A `[@a` the writer left open (Pandoc reads it as a literal `[` and an in-text `@a`): the new
 * keys join it after the item under the cursor and a `]` closes it. Items after the cursor that
 * are keys alone (`; @b`) stay inside; any other text after the cursor stays outside, since only
 * the writer knows where their locator ends.
 */
function markdownOpen(text: string, offset: number, items: string): { span: Span; text: string; caret: number } | { message: string } | undefined {
  const bracket = openBracketAt(text, offset);
  if (!bracket) return undefined;
  const { open, lineEnd } = bracket;
  const keysBefore = bracket.items.filter((t) => t.t === T.Key && t.pos < offset);
  let at = offset;
  let end = offset;
  let added = '';
  if (keysBefore.length === 0) {
    // `[` alone at the end of a line is a citation being started; anything else may be a link.
    if (!/^[ \t]*$/.test(text.slice(open + 1, offset) + text.slice(offset, lineEnd))) return undefined;
    at = end = open + 1;
    added = items;
  } else {
    const under = bracket.items.find((t) => t.t === T.Key && t.pos < offset && offset < t.end);
    if (under) at = under.end;
    else while (at < lineEnd && /[^\s;[\](){}@]/.test(text[at] as string)) at++;
    while (at > open + 1 && /[ \t]/.test(text[at - 1] as string)) at--;
    end = at;
    // Following `; @b` items, keys alone on this line, are part of the citation being written.
    const rest = bracket.items.filter((t) => t.pos >= at && t.pos < lineEnd);
    for (let i = 0; i + 1 < rest.length; i += 2) {
      const semi = rest[i] as (typeof rest)[number];
      const key = rest[i + 1] as (typeof rest)[number];
      if (semi.t !== T.Semi || key.t !== T.Key || !/^[ \t]*$/.test(text.slice(end, semi.pos)) || !/^[ \t]*$/.test(text.slice(semi.end, key.pos))) break;
      if (!/^[ \t]*(?:;|$)/.test(text.slice(key.end, lineEnd))) break;
      end = key.end;
    }
    added = `${text[at - 1] === ';' ? ' ' : '; '}${items}`;
  }
  // `](`, `][` and `]{` would make the bracket a link, a reference or a span, not a citation.
  if (/[([{]/.test(text[end] ?? '')) return { message: 'The citation bracket at the cursor is not closed, and closing it here would turn it into a link; close it first.' };
  const out = `${added}${text.slice(at, end)}]`;
  return { span: { start: at, end }, text: out, caret: added.length };
}

/** The end of the key under the cursor in the `\cite{...}` it is in or just after. */
function latexMerge(text: string, offset: number, citations: readonly Citation[], keys: string[]): { span: Span; text: string; caret: number } | undefined {
  const after = text[offset - 1] === '}';
  const probe = after ? offset - 1 : offset;
  const inGroup = citations.filter((c) => c.groupSpan.start < probe && probe < c.groupSpan.end);
  const last = inGroup.at(-1);
  // Only the final key group of the command: its closing brace is the group's end.
  const close = last ? last.groupSpan.end - 1 : -1;
  if (!last || text[close] !== '}') return emptyCite(text, offset, keys);
  const open = text.lastIndexOf('{', last.span.start);
  if (probe <= open) return undefined;
  const comma = text.indexOf(',', probe);
  let at = comma >= 0 && comma < close ? comma : close;
  while (at > open + 1 && /\s/.test(text[at - 1] as string)) at--;
  const list = `,${keys.join(',')}`;
  return { span: { start: at, end: at }, text: list, caret: after ? list.length + 1 : list.length };
}

/**
 * A `\cite{a` the writer left open (the finder reports `citation.unclosed` over `{...`): the keys
 * join its key list after the key under or before the cursor, and a `}` closes the list where its
 * comma-separated keys end, so the prose after an unclosed `\cite{a and more` stays prose.
 */
function latexOpen(text: string, offset: number, group: Span, keys: string[]): { span: Span; text: string; caret: number } | undefined {
  const open = group.start;
  if (text[open] !== '{') return undefined;
  // The keys the finder reads in the open list (one grammar for both).
  const list = openKeys(text, open, group.end);
  const end = list.at(-1)?.end ?? open + 1;
  const before = list.filter((k) => k.start < offset).at(-1);
  if (!before) {
    // `\cite{|` or `\cite{|a, b`: the cursor is at the start of the list, which goes on only
    // if a key touches the cursor (`\cite{| and` is prose after an empty list).
    if (!/^\s*$/.test(text.slice(open + 1, offset))) return undefined;
    const joined = list[0]?.start === offset;
    const added = `${keys.join(',')}${joined ? ',' : ''}`;
    const stop = joined ? end : offset;
    return { span: { start: offset, end: stop }, text: `${added}${text.slice(offset, stop)}}`, caret: keys.join(',').length };
  }
  const added = `,${keys.join(',')}`;
  // After the list's last key and a comma left dangling (`\cite{a,|`), the comma goes with it.
  if (before.end === end && offset > end && /^[\s,]*$/.test(text.slice(end, offset))) return { span: { start: end, end: offset }, text: `${added}}`, caret: added.length };
  return { span: { start: before.end, end }, text: `${added}${text.slice(before.end, end)}}`, caret: added.length };
}

/** `\cite{}` or `\citep[p. 3]{}` with the cursor in (or just after) its empty braces. */
function emptyCite(text: string, offset: number, keys: string[]): { span: Span; text: string; caret: number } | undefined {
  const after = text[offset - 1] === '}' && text[offset - 2] === '{';
  const at = after ? offset - 1 : offset;
  if (text[at - 1] !== '{' || text[at] !== '}') return undefined;
  if (!/\\[A-Za-z]*cite[A-Za-z]*\*?\s*(\[[^\]]*\]\s*){0,2}$/.test(text.slice(Math.max(0, at - 200), at - 1))) return undefined;
  const list = keys.join(',');
  return { span: { start: at, end: at }, text: list, caret: after ? list.length + 1 : list.length };
}

/**
 * Typst: new references go after the `@key` the cursor is in or just after (Typst groups
 * references that stand side by side), else at the cursor.
 */
function typstMerge(text: string, offset: number, citations: readonly Citation[]): { start: number; merge: boolean } {
  // Inside a closed `#cite(...)` (or just after it), after its `)`.
  const call = citations.find((c) => c.command === '#cite' && text[c.groupSpan.end - 1] === ')' && c.groupSpan.start < offset && offset <= c.groupSpan.end);
  if (call) return { start: call.groupSpan.end, merge: true };
  const hit = citations.find((c) => c.command === '@' && c.groupSpan.start < offset && offset <= c.groupSpan.end);
  return hit ? { start: hit.groupSpan.end, merge: true } : { start: offset, merge: false };
}

// Typst's label characters; a label may not end in `.` or `:` after `@` (the sentence takes them).
const typstLabel = /^[\p{XID_Continue}_\-.:]+$/u;

/** A key as `cite`'s first argument: `<key>`, or `label("...")` for a key a label literal cannot hold. */
function typstLabelArg(k: string): string {
  return typstLabel.test(k) ? `<${k}>` : `label("${k.replace(/[\\"]/g, (c) => `\\${c}`)}")`;
}

function typstText(keys: string[], prefix: string, locator: string): string {
  const refs = keys.map((k, i) => {
    const supplement = i === keys.length - 1 && locator ? locator : '';
    if (typstLabel.test(k) && !/[.:]$/.test(k)) return supplement ? `#cite(${typstLabelArg(k)}, supplement: [${supplement}])` : `@${k}`;
    return supplement ? `#cite(${typstLabelArg(k)}, supplement: [${supplement}])` : `#cite(${typstLabelArg(k)})`;
  });
  return `${prefix ? `${prefix} ` : ''}${refs.join(' ')}`;
}

function balanced(text: string, open: string, close: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === open) depth++;
    else if (c === close && --depth < 0) return false;
  }
  return depth === 0;
}
