// The Zotero part of completion: library items whose keys the document's bibliography lacks,
// ranked by the library's own search index and marked as coming from Zotero. Choosing one adds
// the entry to the bibliography (the LSP layer attaches that command; see addFromZotero.ts).
import { authorLabel, entryTitle, entryYear } from '../syntax/bib/fields';
import { docIndex, scopeOf } from '../analysis/scope';
import { findEntries } from '../analysis/entrySearch';
import { libraryIndex, libraryOf } from '../analysis/zotero';
import { uriBasename } from '../model/uri';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';
import { entryKind, type CompletionEntry } from './completion';
import { hoverLimits, shorten } from './hover';

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
    const year = entryYear(entry);
    const author = shorten(authorLabel(entry), hoverLimits.key);
    const title = shorten(entryTitle(entry), hoverLimits.key);
    items.push({
      key: entry.key,
      kind: entryKind(entry.type),
      detail: `${year ? `${author} (${year})` : author} · Zotero`,
      description: `${title} — from Zotero (${name}), ${where}`,
      sortText: `zotero${String(items.length).padStart(5, '0')}`,
      filterText: `${prefix} ${entry.key} ${author} ${year} ${title}`,
      replaceSpan,
      data: { key: entry.key, bibUri: entry.file, uri },
      zotero: { library: name },
    });
  }
  return items;
}
