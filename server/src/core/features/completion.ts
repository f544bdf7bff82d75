// complete(): citation keys for the key under the cursor, ranked by the scope's search index.
// Items are light; the formatted reference is added by resolveCompletion() on demand.
import { authorLabel, entryTitle, entryYear } from '../syntax/bib/fields';
import { citationsOf, skippedOf } from '../analysis/citations';
import { citationContext, typstCitationContext } from '../syntax/cite/context';
import { findCitations } from '../syntax/cite/index';
import { typstSyntaxOf } from '../analysis/typstProject';
import { docIndex, scopeOf } from '../analysis/scope';
import { uriBasename } from '../model/uri';
import { findEntries } from '../analysis/entrySearch';
import type { BibEntry } from '../model/entry';
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

/**
 * A row that runs a command instead of inserting a key: search the bibliography for what was
 * typed, choose a bibliography when none is loaded. Its edit replaces `replaceSpan` by `newText`
 * (removing the typed query when the command will insert the citation itself).
 */
export interface CompletionAction {
  label: string;
  detail: string;
  command: { id: string; title: string; args: unknown[] };
  replaceSpan: Span;
  newText: string;
  /**
   * Edits around `replaceSpan` (the `[@` before the key, the `]` after it). The main edit covers
   * the key alone, like the key rows', so the editor filters and sorts this row like them: last.
   */
  aroundEdits?: { span: Span; newText: string }[];
  /** The typed text the editor filters on: the row must survive the editor's own filter. */
  filterText: string;
}

export interface CompletionResult {
  items: CompletionEntry[];
  /** Command rows, listed after the keys. */
  actions?: CompletionAction[];
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
  if (!ctx) return doc.lang === 'markdown' ? searchRowForWords(ws, doc.text, offset, uri) : undefined;
  const index = docIndex(ws, uri);
  const limit = settingsFor(ws, uri).maxCompletionItems;
  const library = libraryCompletions(ws, uri, ctx.prefix, ctx.replaceSpan, Math.max(5, Math.floor(limit / 4)));
  // Without a bibliography the rows say so, and the Zotero library (if any) still offers its items.
  if (index.entries.length === 0) return { items: library, actions: noBibliographyRows(ws, doc.text, ctx.replaceSpan, offset, uri), isIncomplete: true };
  const recent = recentKeys(ws, uri, offset);
  const found = findEntries(index, ctx.prefix, {
    limit,
    boost: (key) => recent.get(key) ?? 0,
  });
  // Keys the citation under the cursor already has go last: after `,` or `;` the writer wants another work.
  const inCitation = keysOfCitationAt(ws, uri, offset);
  const hits = [...found.results.filter((h) => !inCitation.has(h.key)), ...found.results.filter((h) => inCitation.has(h.key))];
  const items: CompletionEntry[] = [];
  hits.forEach((hit, rank) => items.push(completionRow(hit.entry, ctx.prefix, ctx.replaceSpan, uri, String(rank).padStart(5, '0'))));
  items.push(...library);
  // Always incomplete: the server ranks by authors and titles the editor's own filter cannot see,
  // so every keystroke asks again (the index answers in milliseconds).
  return { items, actions: [searchRow(doc.text, ctx.replaceSpan, ctx.prefix, offset, doc.lang)], isIncomplete: true };
}

/** The row of one entry: its key, who and when as detail, the title beside it, ranked by `sortText`. */
export function completionRow(entry: BibEntry, prefix: string, replaceSpan: Span, uri: string, sortText: string): CompletionEntry {
  const year = entryYear(entry);
  // Bounded like hovers: one huge field must not make every completion response huge.
  const author = shorten(authorLabel(entry), hoverLimits.key);
  const title = shorten(entryTitle(entry), hoverLimits.key);
  return {
    key: entry.key,
    kind: entryKind(entry.type),
    detail: year ? `${author} (${year})` : author,
    description: title,
    sortText,
    // The editor filters on this text with its own fuzzy matcher; the query must stay a
    // subsequence of it, so it leads with the query the server ranked for.
    filterText: `${prefix} ${entry.key} ${author} ${year} ${title}`,
    replaceSpan,
    data: { key: entry.key, bibUri: entry.file, uri },
  };
}

/** Where the typed citation starts: its `@` (Markdown, Typst) or the key itself (LaTeX). */
function queryStart(text: string, keyStart: number): number {
  let i = keyStart;
  if (text[i - 1] === '{' && text[i - 2] === '@') i -= 2;
  else if (text[i - 1] === '@') i--;
  return i;
}

/**
 * The row that opens Insert Citation… with the typed query. It removes what was typed (and a
 * separator or bracket left empty by that), so the picker inserts the finished citation there.
 */
function searchRow(text: string, keySpan: Span, query: string, offset: number, lang: string): CompletionAction {
  const span = typedCitationSpan(text, { start: queryStart(text, keySpan.start), end: keySpan.end }, lang);
  const around = [
    { span: { start: span.start, end: keySpan.start }, newText: '' },
    { span: { start: keySpan.end, end: span.end }, newText: '' },
  ].filter((e) => e.span.end > e.span.start);
  const q = query.trim();
  return {
    label: q ? `Search the bibliography for “${q}”…` : 'Search the bibliography…',
    detail: 'Insert Citation… with several works, a prefix or a locator',
    command: { id: 'citelens.insertCitation', title: 'Insert Citation…', args: [q] },
    replaceSpan: keySpan,
    newText: '',
    aroundEdits: around,
    // The editor filters a row on the text from its edit's start to the cursor.
    filterText: `${text.slice(keySpan.start, offset)} search bibliography`,
  };
}

/**
 * The span to clear before the picker inserts: the typed key with its `@`, plus the `; ` before
 * it, or the brackets (`[@x]`, `\cite{x}`) when it was the citation's only key.
 */
function typedCitationSpan(text: string, span: Span, lang: string): Span {
  let { start, end } = span;
  const open = lang === 'latex' ? '{' : '[';
  const close = lang === 'latex' ? '}' : ']';
  const sep = lang === 'latex' ? ',' : ';';
  if (lang === 'typst') return span;
  let s = start;
  while (s > 0 && /[ \t]/.test(text[s - 1] as string)) s--;
  if (text[s - 1] === sep) return { start: s - 1, end };
  if (text[s - 1] !== open) return span;
  let e = end;
  while (e < text.length && /[ \t]/.test(text[e] as string)) e++;
  if (text[e] === sep) {
    e++;
    while (e < text.length && /[ \t]/.test(text[e] as string)) e++;
    return { start, end: e };
  }
  const closed = text[e] === close;
  start = s - 1;
  end = closed ? e + 1 : end;
  if (lang === 'latex') {
    // The whole `\citep[...]{x}`: the command would otherwise be left with empty braces.
    const m = /\\[A-Za-z]+\*?\s*(?:\[[^\]]*\]\s*){0,2}$/.exec(text.slice(Math.max(0, start - 200), start));
    if (!m || !closed) return span;
    start -= m[0].length;
  }
  return { start, end };
}

/**
 * `[@skin cancer|`: several words typed after `@` in a bracket are no key, but a search; the one
 * row offered opens the picker with them.
 */
function searchRowForWords(ws: Workspace, text: string, offset: number, uri: string): CompletionResult | undefined {
  let at = offset;
  while (at > 0 && offset - at < 100 && !/[[\];@\n]/.test(text[at - 1] as string)) at--;
  if (text[at - 1] !== '@' || !/\s/.test(text.slice(at, offset)) || !/\S/.test(text.slice(at, offset))) return undefined;
  // The first word must be where the citation grammar sees a key being typed.
  const firstEnd = at + (/^[^\s]*/.exec(text.slice(at, offset))?.[0].length ?? 0);
  const ctx = citationContext(text, firstEnd, 'markdown', {});
  if (!ctx?.inBrackets) return undefined;
  const query = text.slice(at, offset).replace(/\s+/g, ' ').trim();
  const none = docIndex(ws, uri).entries.length === 0;
  const rows = none ? noBibliographyRows(ws, text, { start: at, end: offset }, offset, uri) : [searchRow(text, { start: at, end: offset }, query, offset, 'markdown')];
  return { items: [], actions: rows, isIncomplete: true };
}

/** What completion offers when the document has no bibliography loaded: say so, and how to get one. */
function noBibliographyRows(ws: Workspace, text: string, keySpan: Span, offset: number, uri: string): CompletionAction[] {
  const unchanged = { replaceSpan: keySpan, newText: text.slice(keySpan.start, keySpan.end), filterText: `${text.slice(keySpan.start, offset)} bibliography` };
  const missing = scopeOf(ws, uri).bibs.filter((b) => !ws.bibs.has(b));
  const why = missing.length ? `${missing.map(uriBasename).join(', ')} could not be read` : 'the document declares none and the citelens.bibliographies setting is empty';
  return [
    { label: 'No bibliography is loaded — Choose a bibliography…', detail: `Nothing to complete: ${why}.`, command: { id: 'citelens.chooseBibliography', title: 'Choose a bibliography…', args: [uri] }, ...unchanged },
    { label: 'Import references from clipboard…', detail: 'Turn a pasted reference list into BibTeX entries.', command: { id: 'citelens.importReferences', title: 'Import references from clipboard…', args: [] }, ...unchanged },
  ];
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
