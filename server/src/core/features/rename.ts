// rename(): a key everywhere it stands — its definitions, crossref/xdata fields that name it, and
// every citation in the workspace. Refuses when the new key is invalid or already taken.
import { fieldSpan } from '../model/entry';
import { fileSlice } from '../model/fileText';
import { citationsOf, citationsOfKey } from '../analysis/citations';
import { relativeTo, uriDirname } from '../model/uri';
import { docIndex } from '../analysis/scope';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';
import { keyAt } from './navigation';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface FileEdits {
  uri: string;
  /** Version of the open document the edits were computed for; -1 for a file on disk. */
  version: number;
  edits: TextEdit[];
}

export type RenameResult = { ok: true; files: FileEdits[] } | { ok: false; message: string };

// A key both Pandoc (without braces) and BibTeX accept: starts with a letter, digit or underscore,
// ends with one, and has no space, comma, brace, quote, `%`, `#` or `@` inside.
const validKey = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_:.\-+/?<>~$&]*[\p{L}\p{N}_])?$/u;

/**
 * What a rename at the offset would rename: a key, or a refusal. A refusal that `claims` a span
 * says the position is inside a citation, so no other rename (an editor's Markdown link rename,
 * say) may act there either; no answer at all means the position is not Citelens's.
 */
export type PrepareResult = { ok: true; span: Span; key: string } | { ok: false; message: string; claim: Span } | undefined;

export function prepareRename(ws: Workspace, uri: string, offset: number): PrepareResult {
  const found = keyAt(ws, uri, offset);
  if (found) return { ok: true, ...found };
  const doc = ws.docs.get(uri);
  const group = doc && citationsOf(ws, doc).find((c) => c.groupSpan.start <= offset && offset <= c.groupSpan.end);
  if (group) return { ok: false, message: 'Put the cursor on a citation key to rename it.', claim: group.groupSpan };
  return undefined;
}

/** Why a new key cannot be used, or undefined when it can. */
export function refuseKey(ws: Workspace, uri: string, oldKey: string, newKey: string): string | undefined {
  if (newKey.trim() === '') return 'A citation key cannot be empty.';
  if (!validKey.test(newKey)) {
    return `'${newKey}' is not a valid citation key: use letters, digits and _:.-+/ without spaces, commas or braces.`;
  }
  const index = docIndex(ws, uri);
  const clash = index.lookup(newKey);
  if (clash) return `The key '${newKey}' already exists (${relativeTo(uriDirname(uri), clash.file)}); renaming would merge two entries.`;
  // BibTeX compares keys without regard to case: a key that differs only in case is taken too.
  const lower = newKey.toLowerCase();
  if (lower !== oldKey.toLowerCase()) {
    const same = index.entries.find((e) => e.key.toLowerCase() === lower);
    if (same) return `The key '${same.key}' already exists (${relativeTo(uriDirname(uri), same.file)}); BibTeX does not tell keys apart by case.`;
  }
  return undefined;
}

export function rename(ws: Workspace, uri: string, offset: number, newKey: string): RenameResult {
  const found = keyAt(ws, uri, offset);
  if (!found) return { ok: false, message: 'There is no citation key here to rename.' };
  if (newKey === found.key) return { ok: true, files: [] };
  const refused = refuseKey(ws, uri, found.key, newKey);
  if (refused) return { ok: false, message: refused };
  if (ws.truncated) return { ok: false, message: 'The workspace holds more files than Citelens scans, so a rename could miss citations in the files left out; nothing was renamed.' };
  const typst = citationsOfKey(ws, found.key).find(({ doc, citation }) => doc.lang === 'typst' && citation.span.start > 0 && !typstWritable(doc.text, citation.span.start, newKey));
  if (typst) {
    return { ok: false, message: `'${newKey}' cannot be written in Typst's \`@key\` or \`<key>\`: Typst keys are letters, digits and _-.: and do not end in . or :.` };
  }
  const index = docIndex(ws, uri);
  const byFile = new Map<string, TextEdit[]>();
  const add = (file: string, span: Span) => {
    const list = byFile.get(file) ?? [];
    if (!list.some((e) => e.span.start === span.start)) list.push({ span, newText: newKey });
    byFile.set(file, list);
  };
  for (const entry of index.definitions(found.key)) add(entry.file, entry.keySpan);
  for (const file of index.files) {
    for (const entry of file.entries) {
      for (const name of ['crossref', 'xdata']) {
        const field = entry.fields.get(name);
        const span = field && fieldSpan(entry, field);
        if (!span) continue;
        const text = fileSlice(file, span.start, span.end);
        const inner = /^[{"]/.test(text) ? 1 : 0;
        let pos = 0;
        for (const part of text.slice(inner, text.length - inner).split(',')) {
          const trimmed = part.trim();
          const at = span.start + inner + pos + part.indexOf(trimmed);
          if (trimmed === found.key) add(file.file, { start: at, end: at + trimmed.length });
          pos += part.length + 1;
        }
      }
    }
  }
  for (const { doc, citation } of citationsOfKey(ws, found.key)) add(doc.uri, citation.span);
  const files: FileEdits[] = [];
  for (const [file, edits] of byFile) {
    const doc = ws.docs.get(file);
    edits.sort((a, b) => a.span.start - b.span.start);
    files.push({ uri: file, version: doc?.version ?? -1, edits: edits.map((e) => braceIfNeeded(ws, file, e, newKey)) });
  }
  return { ok: true, files };
}

/**
 * Whether a Typst citation at `start` can hold `key`: `label("...")` takes any text, while `@key`
 * and `<key>` take Typst's label characters, and `@key` drops a trailing `.` or `:`.
 */
function typstWritable(text: string, start: number, key: string): boolean {
  if (text[start - 1] === '"') return true;
  if (!/^[\p{XID_Continue}_\-.:]+$/u.test(key)) return false;
  return text[start - 1] !== '@' || !/[.:]$/.test(key);
}

/** In Markdown, a key with characters Pandoc would end a bare key on is written `@{key}`. */
function braceIfNeeded(ws: Workspace, uri: string, edit: TextEdit, key: string): TextEdit {
  const doc = ws.docs.get(uri);
  if (doc?.lang !== 'markdown' || /^[\p{L}\p{N}_]+(?:[:.#$%&\-+?<>~/][\p{L}\p{N}_]+)*$/u.test(key)) return edit;
  const text = doc.text;
  const braced = text[edit.span.start - 1] === '{' && text[edit.span.end] === '}';
  return braced ? edit : { span: edit.span, newText: `{${key}}` };
}
