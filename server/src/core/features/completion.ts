// complete(): citation keys for the key under the cursor, ranked by the scope's search index.
// Items are light; the formatted reference is added by resolveCompletion() on demand.
import { authorLabel, entryTitle, entryYear } from '../syntax/bib/fields';
import { citationsOf, skippedOf } from '../analysis/citations';
import { citationContext, typstCitationContext } from '../syntax/cite/context';
import { typstSyntaxOf } from '../analysis/typstProject';
import { docIndex } from '../analysis/scope';
import { findEntries } from '../analysis/entrySearch';
import type { Span } from '../model/types';
import { isManuscript, settingsFor, type Workspace } from '../model/workspace';
import { describe, hoverLimits, shorten } from './hover';
import { libraryOf } from '../analysis/zotero';
import { libraryCompletions } from './zoteroCompletion';

/** The icon family of an entry type; the LSP layer maps each to a CompletionItemKind. */
export type EntryKind = 'article' | 'book' | 'chapter' | 'paper' | 'thesis' | 'report' | 'web' | 'software' | 'data' | 'other';

const kinds: Record<string, EntryKind> = {
  article: 'article', periodical: 'article', suppperiodical: 'article', review: 'article', 'article-journal': 'article', 'article-magazine': 'article', 'article-newspaper': 'article',
  book: 'book', mvbook: 'book', collection: 'book', mvcollection: 'book', proceedings: 'book', mvproceedings: 'book', reference: 'book', mvreference: 'book', booklet: 'book', manual: 'book', pamphlet: 'book',
  inbook: 'chapter', incollection: 'chapter', bookinbook: 'chapter', suppbook: 'chapter', suppcollection: 'chapter', inreference: 'chapter', chapter: 'chapter', 'entry-encyclopedia': 'chapter', 'entry-dictionary': 'chapter',
  inproceedings: 'paper', conference: 'paper', 'paper-conference': 'paper',
  thesis: 'thesis', phdthesis: 'thesis', mastersthesis: 'thesis',
  report: 'report', techreport: 'report', standard: 'report', patent: 'report',
  online: 'web', electronic: 'web', www: 'web', webpage: 'web', 'post-weblog': 'web', post: 'web',
  software: 'software', dataset: 'data', data: 'data',
};

/** The kind of an entry type (BibTeX/BibLaTeX or CSL type names, any case). */
export function entryKind(type: string): EntryKind {
  return kinds[type.toLowerCase()] ?? 'other';
}

export interface CompletionEntry {
  key: string;
  /** The entry type's icon family. */
  kind: EntryKind;
  /** `Author et al. (Year)` */
  detail: string;
  /** The title, shown beside the label. */
  description: string;
  /** Keeps the ranking of the index when the editor sorts. */
  sortText: string;
  /** What the editor filters on as the user keeps typing: the key plus authors, title and year. */
  filterText: string;
  replaceSpan: Span;
  /** Enough to resolve the item later from the then-current snapshot. */
  data: { key: string; bibUri: string; uri: string };
  /** A Zotero library item the document's bibliography lacks: choosing it adds the entry there. */
  zotero?: { library: string };
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** More entries match than were returned: the editor must ask again as the user types. */
  isIncomplete: boolean;
}

export function complete(ws: Workspace, uri: string, offset: number): CompletionResult | undefined {
  const doc = ws.docs.get(uri);
  if (!doc || !isManuscript(doc.lang)) return undefined;
  const ctx =
    doc.lang === 'typst'
      ? typstCitationContext(doc.text, offset, typstSyntaxOf(doc))
      : citationContext(doc.text, offset, doc.lang, { latexCommands: settingsFor(ws, uri).latexCommands, skipped: skippedOf(ws, doc) });
  if (!ctx) return undefined;
  const index = docIndex(ws, uri);
  const limit = settingsFor(ws, uri).maxCompletionItems;
  const library = libraryCompletions(ws, uri, ctx.prefix, ctx.replaceSpan, Math.max(5, Math.floor(limit / 4)));
  if (index.entries.length === 0) return { items: library, isIncomplete: library.length > 0 };
  const recent = recentKeys(ws, uri, offset);
  const found = findEntries(index, ctx.prefix, {
    limit,
    boost: (key) => recent.get(key) ?? 0,
  });
  const items: CompletionEntry[] = [];
  found.results.forEach((hit, rank) => {
    const entry = hit.entry;
    const year = entryYear(entry);
    // Bounded like hovers: one huge field must not make every completion response huge.
    const author = shorten(authorLabel(entry), hoverLimits.key);
    const title = shorten(entryTitle(entry), hoverLimits.key);
    items.push({
      key: entry.key,
      kind: entryKind(entry.type),
      detail: year ? `${author} (${year})` : author,
      description: title,
      sortText: String(rank).padStart(5, '0'),
      // The editor filters on this text with its own fuzzy matcher; the query must stay a
      // subsequence of it, so it leads with the query the server ranked for.
      filterText: `${ctx.prefix} ${entry.key} ${author} ${year} ${title}`,
      replaceSpan: ctx.replaceSpan,
      data: { key: entry.key, bibUri: entry.file, uri },
    });
  });
  items.push(...library);
  // Always incomplete: the server ranks by authors and titles the editor's own filter cannot see,
  // so every keystroke asks again (the index answers in milliseconds).
  return { items, isIncomplete: true };
}

/**
 * The documentation of a completion item, from the snapshot current when the editor asks: the
 * reference in the document's style, as hover shows it; undefined when the entry is gone.
 */
export function resolveCompletion(ws: Workspace, data: { key?: string; bibUri?: string; uri?: string } | undefined): string | undefined {
  const file = data?.bibUri ? (ws.bibs.get(data.bibUri) ?? libraryOf(ws, data.bibUri)?.file) : undefined;
  const entry = file?.entries.find((e) => e.key === data?.key);
  if (!entry) return undefined;
  const resolved = data?.uri ? docIndex(ws, data.uri).resolve(entry) : entry;
  return describe(ws, resolved, undefined, data?.uri);
}

/**
 * Keys this document already cites, weighted so that the most recently cited before the cursor
 * come first when the query is empty.
 */
function recentKeys(ws: Workspace, uri: string, offset: number): Map<string, number> {
  const doc = ws.docs.get(uri);
  const weights = new Map<string, number>();
  if (!doc) return weights;
  const list = citationsOf(ws, doc);
  let n = 0;
  for (const c of list) {
    if (c.all || c.span.end >= offset) continue;
    n++;
    weights.set(c.key, 1 + n / (list.length + 1));
  }
  for (const c of list) if (!c.all && !weights.has(c.key)) weights.set(c.key, 0.5);
  return weights;
}
