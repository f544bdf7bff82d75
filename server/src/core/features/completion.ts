// complete(): citation keys for the key under the cursor, ranked by the scope's search index.
// Items are light; the formatted reference is added by resolveCompletion() on demand.
import { authorLabel, entryTitle, entryYear } from '../syntax/bib/fields';
import { citationsOf, skippedOf } from '../analysis/citations';
import { citationContext, typstCitationContext } from '../syntax/cite/context';
import { findCitations } from '../syntax/cite/index';
import { typstSyntaxOf } from '../analysis/typstProject';
import { docIndex } from '../analysis/scope';
import { searchIndexFor, searchEntries } from '../analysis/entrySearch';
import type { Span } from '../model/types';
import { isManuscript, settingsFor, type Workspace } from '../model/workspace';
import { describe, hoverLimits, shorten } from './hover';

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
  if (index.entries.length === 0) return { items: [], isIncomplete: false };
  const recent = recentKeys(ws, uri, offset);
  const limit = settingsFor(ws, uri).maxCompletionItems;
  const found = searchEntries(searchIndexFor(index), ctx.prefix, {
    limit,
    boost: (key) => recent.get(key) ?? 0,
  });
  // Keys the citation under the cursor already has go last: after `,` or `;` the writer wants another work.
  const inCitation = keysOfCitationAt(ws, uri, offset);
  const hits = [...found.results.filter((h) => !inCitation.has(h.key)), ...found.results.filter((h) => inCitation.has(h.key))];
  const items: CompletionEntry[] = [];
  hits.forEach((hit, rank) => {
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
  // Always incomplete: the server ranks by authors and titles the editor's own filter cannot see,
  // so every keystroke asks again (the index answers in milliseconds).
  return { items, isIncomplete: true };
}

/**
 * The documentation of a completion item, from the snapshot current when the editor asks: the
 * reference in the document's style, as hover shows it; undefined when the entry is gone.
 */
export function resolveCompletion(ws: Workspace, data: { key?: string; bibUri?: string; uri?: string } | undefined): string | undefined {
  const file = data?.bibUri ? ws.bibs.get(data.bibUri) : undefined;
  const entry = file?.entries.find((e) => e.key === data?.key);
  if (!entry) return undefined;
  const resolved = data?.uri ? docIndex(ws, data.uri).resolve(entry) : entry;
  return describe(ws, resolved, undefined, data?.uri);
}

/** The other keys of the citation group around `offset` (not the key being typed there). */
function keysOfCitationAt(ws: Workspace, uri: string, offset: number): Set<string> {
  const doc = ws.docs.get(uri);
  const keys = new Set<string>();
  if (!doc) return keys;
  let list = citationsOf(ws, doc);
  let group = list.find((c) => c.groupSpan.start < offset && offset <= c.groupSpan.end)?.groupSpan;
  if (!group && doc.lang === 'markdown') {
    // Pandoc reads `[@a; @]` as no bracket citation at all; read the paragraph again with a
    // placeholder key where the writer is about to type one.
    const start = Math.max(0, doc.text.lastIndexOf('\n\n', offset - 1));
    const endAt = doc.text.indexOf('\n\n', offset);
    const end = endAt < 0 ? doc.text.length : endAt;
    const text = `${doc.text.slice(start, offset)}x${doc.text.slice(offset, end)}`;
    list = findCitations(text, 'markdown').citations.map((c) => ({ ...c, span: shift(c.span, start, offset), groupSpan: shift(c.groupSpan, start, offset) }));
    group = list.find((c) => c.groupSpan.start < offset && offset <= c.groupSpan.end)?.groupSpan;
  }
  if (!group) return keys;
  for (const c of list) {
    if (c.groupSpan.start === group.start && !(c.span.start <= offset && offset <= c.span.end)) keys.add(c.key);
  }
  return keys;
}

/** A span of a text that had one character inserted at `at`, moved back to the original text at `base`. */
function shift(span: Span, base: number, at: number): Span {
  const back = (o: number) => base + (base + o > at ? o - 1 : o);
  return { start: back(span.start), end: back(span.end) };
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
