// The Zotero part of completion: library items whose keys the document's bibliography lacks,
// ranked by the library's own search index and marked as coming from Zotero. Choosing one adds
// the entry to the bibliography (the LSP layer attaches that command; see addFromZotero.ts).
import { docIndex, scopeOf } from '../analysis/scope';
import { findEntries } from '../analysis/entrySearch';
import { libraryIndex, libraryOf } from '../analysis/zotero';
import { uriBasename } from '../model/uri';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';
import { completionRow, type CompletionEntry } from './completion';

/** At most `limit` library items for the query, after the document's own (their sortText sorts last). */
export function libraryCompletions(ws: Workspace, uri: string, prefix: string, replaceSpan: Span, limit: number): CompletionEntry[] {
  const library = libraryIndex(ws);
  if (!library || limit <= 0) return [];
  const own = docIndex(ws, uri);
  const target = scopeOf(ws, uri).bibs[0];
  const where = target ? `not in ${uriBasename(target)}` : 'not in a bibliography of this document';
  // A large library just re-read answers from a quick scan until its index is built (lsp/session warms it).
  const found = findEntries(library, prefix, { limit: limit * 2 });
  const items: CompletionEntry[] = [];
  for (const hit of found.results) {
    if (items.length >= limit) break;
    const entry = hit.entry;
    if (own.lookup(entry.key) || items.some((i) => i.key === entry.key)) continue;
    const name = libraryOf(ws, entry.file)?.name ?? 'Zotero';
    const row = completionRow(entry, prefix, replaceSpan, uri, `zotero${String(items.length).padStart(5, '0')}`);
    items.push({ ...row, detail: `${row.detail} · Zotero`, description: `${row.description} — from Zotero (${name}), ${where}`, zotero: { library: name } });
  }
  return items;
}
