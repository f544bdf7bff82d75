// treeLevel(): the sidebar's tree, one level at a time — the scope's entries grouped by theme,
// type, year or file, optionally filtered by the completion index and narrowed to what the active
// document cites. The whole tree is built once per index and grouping; levels are cut from it.
import type { BibIndex } from '../analysis/bibIndex';
import { readBibtexComments } from '../syntax/bib/bibtex';
import type { BibEntry } from '../model/entry';
import { authorLabel, entryTitle, entryYear, fieldText } from '../syntax/bib/fields';
import { citedKeys as unitCitedKeys } from './citedKeys';
import { docIndex, indexFor } from '../analysis/scope';
import { searchEntries, searchIndexFor } from '../analysis/entrySearch';
import { computeThemes, groupFields, jabrefGroupsOf, parseThemesFile, themeInputs, type ThemeNode, type ThemeTree } from '../themes/index';
import { memo } from '../model/memo';
import { lineStartsOf, positionAt } from '../model/types';
import { uriBasename, uriDirname } from '../model/uri';
import { isManuscript, settingsFor, type Workspace } from '../model/workspace';
import { zoteroGroups, zoteroVersion } from './zoteroGroups';

export type GroupBy = 'theme' | 'type' | 'year' | 'file' | 'zotero';

export interface TreeParams {
  /** The active document, to mark which entries it cites. */
  uri?: string;
  groupBy: GroupBy;
  /** Fuzzy filter over key, authors, title, year (same index as completion). */
  filter?: string;
  /** Only entries the active document's compilation unit (its LaTeX root and chapters, its book) cites. */
  onlyCited?: boolean;
}

export interface TreeLevelParams extends TreeParams {
  /** The group whose children are wanted (its `id`); the top level when absent. */
  parent?: string;
}

export interface TreeEntry {
  key: string;
  /** `Author Year — Title` */
  label: string;
  /** A short plain-text reference (the client escapes it). */
  tooltip: string;
  /** The entry type as the bibliography writes it (`article`, `inproceedings`, `article-journal`), lower case. */
  type: string;
  /** Whether the active document's compilation unit cites this key. */
  cited: boolean;
  /** Where the entry is defined. */
  uri: string;
  line: number;
}

/** A group as the sidebar receives it: its children are asked for when it is expanded. */
export interface TreeGroup {
  /** Unique in the tree: the path of group ids from the top. */
  id: string;
  label: string;
  /** Number of distinct entries in this group and its subgroups. */
  count: number;
  /** How many of them the active document's compilation unit cites. */
  cited: number;
}

export interface TreeLevel {
  groups: TreeGroup[];
  entries: TreeEntry[];
  /** No bibliography was found for the workspace (the client shows its welcome view). */
  empty: boolean;
}

/** A whole group, as built once per index and grouping. */
export interface FullGroup extends Omit<TreeGroup, 'cited'> {
  groups: FullGroup[];
  /** The group's own entries, unsorted (levels are cut with sortedEntries). */
  entries: BibEntry[];
}

/** The index the sidebar shows: the active document's scope, or every loaded bibliography. */
export function sidebarIndex(ws: Workspace, uri?: string): BibIndex {
  const doc = uri ? ws.docs.get(uri) : undefined;
  if (doc && isManuscript(doc.lang)) return docIndex(ws, doc.uri);
  if (uri && ws.bibs.has(uri)) return indexFor(ws, [uri]);
  return indexFor(ws, [...ws.bibs.keys()].sort());
}

/** The keys the active document's compilation unit cites: main.tex's ticks include its chapters' citations. */
function citedKeys(ws: Workspace, uri: string | undefined): Set<string> {
  const doc = uri ? ws.docs.get(uri) : undefined;
  return new Set(doc && isManuscript(doc.lang) ? unitCitedKeys(ws, doc.uri) : []);
}

// Built trees by index, for each grouping, filter and themes-file text: expanding a group or
// moving the cursor reuses them; a new index (a re-export) takes them with it. Cited-only trees
// change with every citation typed, so only the latest of them is kept.
const builtTrees = memo((_index: BibIndex): { all: Map<string, FullGroup[]>; cited?: { key: string; groups: FullGroup[] } } => ({ all: new Map() }));

/** Every group of the tree, with entries as they are in the index. */
export function fullTree(ws: Workspace, params: TreeParams): { index: BibIndex; groups: FullGroup[] } {
  const index = sidebarIndex(ws, params.uri);
  if (index.entries.length === 0) return { index, groups: [] };
  const filter = params.filter?.trim() ?? '';
  const cited = params.onlyCited ? citedKeys(ws, params.uri) : undefined;
  const rules = params.groupBy === 'theme' ? (themesFileFor(ws, index)?.text ?? '') : '';
  const key = JSON.stringify([params.groupBy, filter, rules, cited ? [...cited].sort() : null, params.groupBy === 'zotero' ? zoteroVersion(ws) : 0]);
  const cache = builtTrees(index);
  let groups = cited ? (cache.cited?.key === key ? cache.cited.groups : undefined) : cache.all.get(key);
  if (!groups) {
    let entries: readonly BibEntry[] = index.resolved;
    if (filter) entries = searchEntries(searchIndexFor(index), filter, { limit: 100_000 }).results.map((h) => h.entry);
    if (cited) entries = entries.filter((e) => cited.has(e.key));
    groups = buildGroups(ws, index, params.groupBy, entries);
    if (cited) cache.cited = { key, groups };
    else cache.all.set(key, groups);
  }
  return { index, groups };
}

/** One level of the sidebar: the children of `parent`, or the top-level groups. */
export function treeLevel(ws: Workspace, params: TreeLevelParams): TreeLevel {
  const { index, groups } = fullTree(ws, params);
  if (index.entries.length === 0) return { groups: [], entries: [], empty: true };
  let level: { groups: FullGroup[]; entries: BibEntry[] } | undefined = { groups, entries: [] };
  if (params.parent) {
    const find = (list: FullGroup[]): FullGroup | undefined => {
      for (const g of list) {
        if (g.id === params.parent) return g;
        if (params.parent?.startsWith(`${g.id}/`)) return find(g.groups);
      }
      return undefined;
    };
    level = find(groups);
  }
  if (!level) return { groups: [], entries: [], empty: false };
  const cited = citedKeys(ws, params.uri);
  return {
    groups: level.groups.map((g) => ({ id: g.id, label: g.label, count: g.count, cited: citedIn(g, cited) })),
    entries: sortedEntries(level).map((e) => treeEntry(ws, e, cited)),
    empty: false,
  };
}

function treeEntry(ws: Workspace, e: BibEntry, cited: ReadonlySet<string>): TreeEntry {
  const file = ws.bibs.get(e.file);
  return {
    key: e.key,
    label: entryLabel(e),
    tooltip: plainReference(e),
    type: e.type.toLowerCase(),
    cited: cited.has(e.key),
    uri: e.file,
    line: file ? positionAt(lineStartsOf(file), e.keySpan.start).line : 0,
  };
}

export type WholeGroup = TreeGroup & { groups: WholeGroup[]; entries: TreeEntry[] };

/** The whole tree with every entry converted, for tests and tools that want it at once. */
export function themeTree(ws: Workspace, params: TreeParams): { groups: WholeGroup[]; empty: boolean } {
  type Whole = WholeGroup;
  const { index, groups } = fullTree(ws, params);
  const cited = citedKeys(ws, params.uri);
  const convert = (g: FullGroup): Whole => ({ id: g.id, label: g.label, count: g.count, cited: citedIn(g, cited), groups: g.groups.map(convert), entries: sortedEntries(g).map((e) => treeEntry(ws, e, cited)) });
  return { groups: groups.map(convert), empty: index.entries.length === 0 };
}

function buildGroups(ws: Workspace, index: BibIndex, groupBy: GroupBy, entries: readonly BibEntry[]): FullGroup[] {
  switch (groupBy) {
    case 'theme': {
      const byKey = new Map(entries.map((e) => [e.key, e] as const));
      return themesOf(ws, index)
        .themes.map((t) => fromTheme(t, byKey, ''))
        .filter((g) => g.count > 0);
    }
    case 'type':
      return bucket(entries, (e) => e.type, (a, b) => a.localeCompare(b));
    case 'year':
      return bucket(entries, (e) => entryYear(e) || 'No year', (a, b) => b.localeCompare(a));
    case 'file':
      return bucket(entries, (e) => uriBasename(e.file), (a, b) => a.localeCompare(b));
    case 'zotero':
      return zoteroGroups(ws, entries, sortEntries);
  }
}

function bucket(entries: readonly BibEntry[], keyOf: (e: BibEntry) => string, order: (a: string, b: string) => number): FullGroup[] {
  const map = new Map<string, BibEntry[]>();
  for (const e of entries) {
    const k = keyOf(e);
    const list = map.get(k) ?? [];
    list.push(e);
    map.set(k, list);
  }
  return [...map.keys()].sort(order).map((k) => {
    const list = map.get(k) ?? [];
    return { id: encodeURIComponent(k), label: k, count: list.length, groups: [], entries: list };
  });
}

/** The distinct keys of a group and its subgroups. */
function keysIn(g: { entries: readonly BibEntry[]; groups: readonly FullGroup[] }, out = new Set<string>()): Set<string> {
  for (const e of g.entries) out.add(e.key);
  for (const c of g.groups) keysIn(c, out);
  return out;
}

function citedIn(g: FullGroup, cited: ReadonlySet<string>): number {
  if (cited.size === 0) return 0;
  let n = 0;
  const seen = new Set<string>();
  const walk = (x: FullGroup) => {
    for (const e of x.entries) if (!seen.has(e.key) && (seen.add(e.key), cited.has(e.key))) n++;
    x.groups.forEach(walk);
  };
  walk(g);
  return n;
}

function fromTheme(theme: ThemeNode, byKey: Map<string, BibEntry>, parent: string): FullGroup {
  const id = parent ? `${parent}/${encodeURIComponent(theme.id)}` : encodeURIComponent(theme.id);
  const groups = theme.children.map((c) => fromTheme(c, byKey, id)).filter((g) => g.count > 0);
  // A parent lists its sub-themes and only the entries none of them shows: an entry under
  // "Imaging › Chest X-ray" is not repeated under "Imaging" (rules and nested tags may place it in both).
  const below = keysIn({ entries: [], groups });
  const entries = theme.keys.map((k) => byKey.get(k)).filter((e): e is BibEntry => e !== undefined && !below.has(e.key));
  const count = keysIn({ entries, groups }).size;
  return { id, label: theme.name, count, groups, entries };
}

const collator = new Intl.Collator();

/**
 * A group's own entries in display order, sorted when its level is first asked for: the first
 * answer (the top level) needs only counts, and sorting every group's entries (their author
 * labels parsed from the names) was a sixth of its time.
 */
const sortedEntries = memo((group: { entries: readonly BibEntry[] }): BibEntry[] => sortEntries(group.entries));

/**
 * Entries by author label, year and key (a new array). Each entry's label is made once, not at
 * every comparison: parsing the names inside the comparator was a quarter of the first tree's time.
 */
function sortEntries(list: readonly BibEntry[]): BibEntry[] {
  const keyed = list.map((e) => ({ e, author: authorLabel(e), year: entryYear(e) }));
  keyed.sort((a, b) => collator.compare(a.author, b.author) || collator.compare(a.year, b.year) || collator.compare(a.e.key, b.e.key));
  return keyed.map((k) => k.e);
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
  const jabref = index.files.filter((f) => f.format === 'bibtex').flatMap((f) => jabrefGroupsOf(readBibtexComments(f.chunks)));
  const tree = computeThemes(themeInputs(index.resolved, groupFields(jabref)), { ...(rules ? { rules } : {}), jabref, auto: true });
  themeCache.set(index, { rulesText, tree });
  return tree;
}

/** The `citelens.themesFile` setting of the folder the index's first bibliography is in. */
function themesSetting(ws: Workspace, index: BibIndex): string[] {
  const file = settingsFor(ws, index.files[0]?.file).themesFile;
  return file ? [file] : [];
}

/** The themes file: the setting, else `.citelens/themes.json` in a folder, else `themes.json` beside a bibliography. */
export function themesFileFor(ws: Workspace, index: BibIndex): { uri: string; text: string } | undefined {
  const candidates = [
    ...themesSetting(ws, index),
    ...ws.folders.map((f) => `${f}.citelens/themes.json`),
    ...index.files.map((f) => `${uriDirname(f.file)}/themes.json`),
  ];
  for (const uri of candidates) {
    const doc = ws.docs.get(uri);
    if (doc) return { uri, text: doc.text };
  }
  return undefined;
}
