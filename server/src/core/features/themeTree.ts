// themeTree(): the sidebar's tree — the scope's entries grouped by theme, type, year or file,
// optionally filtered by the completion index and narrowed to what the active document cites.
import type { BibIndex } from '../analysis/bibIndex';
import { readBibtexComments } from '../syntax/bib/bibtex';
import type { BibEntry } from '../model/entry';
import { authorLabel, entryTitle, entryYear, fieldText } from '../syntax/bib/fields';
import { citationsOf } from '../analysis/citations';
import { docIndex, indexFor, scopeOf } from '../analysis/scope';
import { searchEntries, searchIndexFor } from '../analysis/entrySearch';
import { computeThemes, groupFields, jabrefGroupsOf, parseThemesFile, themeInputs, type ThemeNode, type ThemeTree } from '../themes/index';
import { uriBasename, uriDirname } from '../model/uri';
import { isManuscript, type Workspace } from '../model/workspace';

export type GroupBy = 'theme' | 'type' | 'year' | 'file';

export interface TreeParams {
  uri?: string;
  groupBy: GroupBy;
  filter?: string;
  onlyCited?: boolean;
}

export interface TreeEntryNode {
  key: string;
  label: string;
  tooltip: string;
  cited: boolean;
  uri: string;
  /** Offset of the key in its file (the LSP layer turns it into a line). */
  offset: number;
}

export interface TreeGroupNode {
  id: string;
  label: string;
  count: number;
  groups: TreeGroupNode[];
  entries: TreeEntryNode[];
}

/** The index the sidebar shows: the active document's scope, or every loaded bibliography. */
export function sidebarIndex(ws: Workspace, uri?: string): BibIndex {
  const doc = uri ? ws.docs.get(uri) : undefined;
  if (doc && isManuscript(doc.lang)) return docIndex(ws, doc.uri);
  if (uri && ws.bibs.has(uri)) return indexFor(ws, [uri]);
  return indexFor(ws, [...ws.bibs.keys()].sort());
}

export function themeTree(ws: Workspace, params: TreeParams): { groups: TreeGroupNode[]; empty: boolean } {
  const index = sidebarIndex(ws, params.uri);
  if (index.entries.length === 0) return { groups: [], empty: true };
  const doc = params.uri ? ws.docs.get(params.uri) : undefined;
  const cited = new Set(doc ? citationsOf(ws, doc).map((c) => c.key) : []);
  let entries: readonly BibEntry[] = index.resolved;
  if (params.filter?.trim()) {
    entries = searchEntries(searchIndexFor(index), params.filter, { limit: 100_000 }).results.map((h) => h.entry);
  }
  if (params.onlyCited) entries = entries.filter((e) => cited.has(e.key));
  const node = (e: BibEntry): TreeEntryNode => ({
    key: e.key,
    label: entryLabel(e),
    tooltip: plainReference(e),
    cited: cited.has(e.key),
    uri: e.file,
    offset: e.keySpan.start,
  });
  const byKey = new Map(entries.map((e) => [e.key, e] as const));
  let groups: TreeGroupNode[];
  switch (params.groupBy) {
    case 'theme': {
      const tree = themesOf(ws, index);
      groups = tree.themes.map((t) => fromTheme(t, byKey, node)).filter((g) => g.count > 0);
      break;
    }
    case 'type':
      groups = bucket(entries, (e) => e.type, node, (a, b) => a.localeCompare(b));
      break;
    case 'year':
      groups = bucket(entries, (e) => entryYear(e) || 'No year', node, (a, b) => b.localeCompare(a));
      break;
    case 'file':
      groups = bucket(entries, (e) => uriBasename(e.file), node, (a, b) => a.localeCompare(b));
      break;
  }
  return { groups, empty: false };
}

function bucket(entries: readonly BibEntry[], keyOf: (e: BibEntry) => string, node: (e: BibEntry) => TreeEntryNode, order: (a: string, b: string) => number): TreeGroupNode[] {
  const map = new Map<string, BibEntry[]>();
  for (const e of entries) {
    const k = keyOf(e);
    const list = map.get(k) ?? [];
    list.push(e);
    map.set(k, list);
  }
  return [...map.keys()].sort(order).map((k) => {
    const list = (map.get(k) ?? []).slice().sort(compareEntries);
    return { id: `${k}`, label: k, count: list.length, groups: [], entries: list.map(node) };
  });
}

function fromTheme(theme: ThemeNode, byKey: Map<string, BibEntry>, node: (e: BibEntry) => TreeEntryNode): TreeGroupNode {
  const groups = theme.children.map((c) => fromTheme(c, byKey, node)).filter((g) => g.count > 0);
  const entries = theme.keys.map((k) => byKey.get(k)).filter((e): e is BibEntry => e !== undefined).sort(compareEntries);
  const all = new Set(entries.map((e) => e.key));
  const collect = (g: TreeGroupNode) => {
    for (const e of g.entries) all.add(e.key);
    g.groups.forEach(collect);
  };
  groups.forEach(collect);
  return { id: theme.id, label: theme.name, count: all.size, groups, entries: entries.map(node) };
}

function compareEntries(a: BibEntry, b: BibEntry): number {
  return authorLabel(a).localeCompare(authorLabel(b)) || entryYear(a).localeCompare(entryYear(b)) || a.key.localeCompare(b.key);
}

/** `Author Year — Title` */
export function entryLabel(e: BibEntry): string {
  const year = entryYear(e);
  return `${authorLabel(e)}${year ? ` ${year}` : ''} — ${entryTitle(e) || e.key}`;
}

/** A short reference without citeproc, cheap enough for thousands of tree items. */
export function plainReference(e: BibEntry): string {
  const parts = [authorLabel(e), entryYear(e) ? `(${entryYear(e)})` : '', entryTitle(e)].filter(Boolean).join(' ');
  const venue = fieldText(e, 'journal') || fieldText(e, 'journaltitle') || fieldText(e, 'booktitle') || fieldText(e, 'publisher');
  const volume = fieldText(e, 'volume');
  const pages = fieldText(e, 'pages');
  return [parts, [venue, volume, pages].filter(Boolean).join(', ')].filter(Boolean).join('. ') + '.';
}

const themeCache = new WeakMap<BibIndex, { rulesText: string; tree: ThemeTree }>();

/** Themes of an index, computed once per index and themes file. */
export function themesOf(ws: Workspace, index: BibIndex): ThemeTree {
  const rulesDoc = themesFileFor(ws, index);
  const rulesText = rulesDoc?.text ?? '';
  const hit = themeCache.get(index);
  if (hit && hit.rulesText === rulesText) return hit.tree;
  const rules = rulesDoc ? parseThemesFile(rulesDoc.text).value : undefined;
  // One group tree per file (JabRef writes one); groups that search other fields need those fields copied.
  const jabref = index.files.filter((f) => f.format === 'bibtex').flatMap((f) => jabrefGroupsOf(readBibtexComments(f.text)));
  const tree = computeThemes(themeInputs(index.resolved, groupFields(jabref)), { ...(rules ? { rules } : {}), jabref, auto: true });
  themeCache.set(index, { rulesText, tree });
  return tree;
}

/** The themes file: the setting, else `.citelens/themes.json` in a folder, else `themes.json` beside a bibliography. */
export function themesFileFor(ws: Workspace, index: BibIndex): { uri: string; text: string } | undefined {
  const candidates = [
    ...(ws.settings.themesFile ? [ws.settings.themesFile] : []),
    ...ws.folders.map((f) => `${f}.citelens/themes.json`),
    ...index.files.map((f) => `${uriDirname(f.file)}/themes.json`),
  ];
  for (const uri of candidates) {
    const doc = ws.docs.get(uri);
    if (doc) return { uri, text: doc.text };
  }
  return undefined;
}
