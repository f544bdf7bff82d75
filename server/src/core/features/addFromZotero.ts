// addFromZotero(): the edit that appends a Zotero library item to the bibliography a document
// uses, in that file's format, as one insertion at its end that the editor applies; or a refusal
// in a sentence, when the target is missing, unreadable, not one Citelens writes, ambiguous, or
// already has the key. Completion (on choosing a library item) and the quick fix share it.
import { onlyInLibrary } from '../analysis/zotero';
import { scopeOf } from '../analysis/scope';
import { appendEntry } from '../syntax/bib/append';
import { uriBasename } from '../model/uri';
import { hasText } from '../model/fileText';
import type { Workspace } from '../model/workspace';
import type { FileEdits } from './rename';

export type AddResult = { ok: true; target: string; files: FileEdits[] } | { ok: false; message: string };

export function addFromZotero(ws: Workspace, uri: string, key: string): AddResult {
  const refuse = (why: string): AddResult => ({ ok: false, message: `'${key}' was not added: ${why}.` });
  const found = onlyInLibrary(ws, uri, key);
  if (!found) return refuse(ws.zotero?.data ? 'the document’s bibliography has it already, or the Zotero library does not' : 'no Zotero library is read');
  const target = targetOf(ws, uri);
  if ('problem' in target) return refuse(target.problem);
  const file = ws.bibs.get(target.uri);
  if (!file) return refuse(`${uriBasename(target.uri)} ${ws.unreadable.get(target.uri) ?? 'could not be read'}`);
  if (file.entries.some((e) => e.key === key)) return refuse(`${uriBasename(target.uri)} defines it already`);
  const insertion = appendEntry(file, found.entry);
  if ('problem' in insertion) return refuse(`${uriBasename(target.uri)}: ${insertion.problem}`);
  const open = ws.docs.get(target.uri);
  // An open buffer is what the editor edits: its text must be the one the offsets were computed on.
  if (open && open.version >= 0 && !hasText(file, open.text)) return refuse(`${uriBasename(target.uri)} is being edited; try again in a moment`);
  return { ok: true, target: target.uri, files: [{ uri: target.uri, version: open?.version ?? -1, edits: [insertion] }] };
}

/**
 * The one bibliography an entry is added to: the first the document (or its project) names, or
 * the setting's first; from the workspace's bibliographies only when there is just one.
 */
function targetOf(ws: Workspace, uri: string): { uri: string } | { problem: string } {
  const scope = scopeOf(ws, uri);
  if (!scope.bibs.length) return { problem: 'the document names no bibliography to add it to' };
  const named = scope.declarations.length > 0 || ws.settings.bibliographies.length > 0;
  if (!named && scope.bibs.length > 1) return { problem: `the document names no bibliography and the workspace has ${scope.bibs.length}, so which one is meant is not clear` };
  const first = scope.bibs[0] as string;
  if (ws.missing.has(first)) return { problem: `${uriBasename(first)} ${ws.unreadable.get(first) ?? 'does not exist'}` };
  return { uri: first };
}
