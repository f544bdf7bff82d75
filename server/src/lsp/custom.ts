// Handlers of the custom requests declared in protocol.ts: the sidebar tree, index status,
// formatted references, cited keys, the Insert Citation search and reference-list import.
import type { Connection } from 'vscode-languageserver';
import { authorLabel, entryTitle, entryYear } from '../core/syntax/bib/fields';
import { citationsOf } from '../core/analysis/citations';
import { importReferences } from '../core/features/importRefs';
import { sidebarIndex, themeTree, themesOf, type TreeGroupNode } from '../core/features/themeTree';
import { formatEntries } from '../core/analysis/formatting';
import { documentStyle } from '../core/analysis/documentStyle';
import { formattedCitation } from '../core/features/formattedCitation';
import { styleInfo } from '../core/syntax/cslStyle';
import { toOffset } from './convert';
import { searchEntries, searchIndexFor } from '../core/analysis/entrySearch';
import { lineStartsOf, positionAt } from '../core/model/types';
import { normalizeUri } from '../core/model/uri';
import type { Workspace } from '../core/model/workspace';
import { appendToFile, loadBibliography } from '../host';
import { reloadBibs } from '../load';
import {
  Requests,
  type FormatParams,
  type FormatResult,
  type ImportParams,
  type ImportResult,
  type IndexStatus,
  type SearchItem,
  type SearchParams,
  type ThemeTreeParams,
  type ThemeTreeResult,
  type TreeGroup,
  type CitedKeysParams,
  type CitedKeysResult,
  type FormatCitationParams,
  type FormatCitationResult,
  type StylesParams,
  type StylesResult,
} from '../protocol';

type Update = (change: (ws: Workspace) => Promise<Workspace> | Workspace) => Promise<void>;

export function registerCustomRequests(connection: Connection, current: () => Workspace, update: Update, isReady: () => boolean): void {
  connection.onRequest(Requests.themeTree, (params: ThemeTreeParams): ThemeTreeResult => {
    const ws = current();
    const uri = params.uri ? normalizeUri(params.uri) : undefined;
    const tree = themeTree(ws, { ...params, ...(uri ? { uri } : {}) });
    const convert = (g: TreeGroupNode): TreeGroup => ({
      id: g.id,
      label: g.label,
      count: g.count,
      groups: g.groups.map(convert),
      entries: g.entries.map((e) => {
        const file = ws.bibs.get(e.uri);
        return { key: e.key, label: e.label, tooltip: e.tooltip, cited: e.cited, uri: e.uri, line: file ? positionAt(lineStartsOf(file), e.offset).line : 0 };
      }),
    });
    return { groups: tree.groups.map(convert), empty: tree.empty };
  });

  connection.onRequest(Requests.indexStatus, (): IndexStatus => {
    const ws = current();
    const files = [...ws.bibs.values()].map((f) => ({ uri: f.file, entries: f.entries.length, errors: f.errors.length }));
    const errors = [...ws.bibs.values()].flatMap((f) => {
      const starts = lineStartsOf(f);
      return f.errors.map((e) => ({ uri: f.file, line: positionAt(starts, e.span.start).line, message: e.message }));
    });
    for (const uri of ws.missing) errors.push({ uri, line: 0, message: 'Bibliography file not found' });
    return { ready: isReady(), entries: files.reduce((n, f) => n + f.entries, 0), files, errors };
  });

  connection.onRequest(Requests.formatReferences, (params: FormatParams): FormatResult => {
    const ws = current();
    const index = sidebarIndex(ws, params.uri ? normalizeUri(params.uri) : undefined);
    const entries = [];
    const missing: string[] = [];
    for (const key of params.keys) {
      const entry = index.lookup(key);
      if (entry) entries.push(entry);
      else missing.push(key);
    }
    const uri = params.uri ? normalizeUri(params.uri) : undefined;
    const { text, title } = formatEntries(ws, entries, params.style, params.format, uri);
    return { text, missing, style: title };
  });

  connection.onRequest(Requests.styles, (params: StylesParams): StylesResult => {
    const ws = current();
    const own = documentStyle(ws, params.uri ? normalizeUri(params.uri) : undefined);
    const styles = [...ws.styles.values()].map((s) => ({ id: s.id, title: styleInfo(s).title, current: s === own.style }));
    styles.sort((a, b) => Number(b.current) - Number(a.current) || a.title.localeCompare(b.title));
    if (own.style && !styles.some((s) => s.current)) styles.unshift({ id: own.style.id, title: own.title, current: true });
    const first = styles[0];
    if (first?.current && own.notes.length) Object.assign(first, { notes: own.notes });
    return { styles };
  });

  connection.onRequest(Requests.formatCitation, (params: FormatCitationParams): FormatCitationResult | null => {
    const ws = current();
    const uri = normalizeUri(params.uri);
    const found = formattedCitation(ws, uri, toOffset(ws, uri, params.position), params.format);
    return found ? { text: found.text, keys: found.keys, missing: found.missing, style: found.style } : null;
  });

  connection.onRequest(Requests.citedKeys, (params: CitedKeysParams): CitedKeysResult => {
    const ws = current();
    const doc = ws.docs.get(normalizeUri(params.uri));
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const c of doc ? citationsOf(ws, doc) : []) {
      if (c.all || seen.has(c.key)) continue;
      seen.add(c.key);
      keys.push(c.key);
    }
    return { keys };
  });

  connection.onRequest(Requests.search, (params: SearchParams): SearchItem[] => {
    const ws = current();
    const index = sidebarIndex(ws, params.uri ? normalizeUri(params.uri) : undefined);
    const hits = searchEntries(searchIndexFor(index), params.query, { limit: params.limit ?? 50 }).results;
    const themes = new Map<string, string[]>();
    if (hits.length) {
      const walk = (nodes: ReturnType<typeof themesOf>['themes'], path: string[]) => {
        for (const n of nodes) {
          for (const k of n.keys) themes.set(k, [...(themes.get(k) ?? []), [...path, n.name].join(' › ')]);
          walk(n.children, [...path, n.name]);
        }
      };
      walk(themesOf(ws, index).themes, []);
    }
    return hits.map((h) => ({
      key: h.key,
      authors: authorLabel(h.entry),
      year: entryYear(h.entry),
      title: entryTitle(h.entry),
      themes: themes.get(h.key) ?? [],
    }));
  });

  connection.onRequest(Requests.importReferences, async (params: ImportParams): Promise<ImportResult> => {
    const ws = current();
    const target = params.into ? normalizeUri(params.into) : undefined;
    const existing = [...ws.bibs.values()].flatMap((f) => f.entries);
    if (target) {
      // The target may not be indexed (or may have changed on disk): its keys must not be reused.
      const loaded = await loadBibliography(target);
      if ('file' in loaded) existing.push(...loaded.file.entries);
    }
    const result = importReferences(params.text, { taken: new Set(existing.map((e) => e.key)), existing });
    if (!target || result.keys.length === 0) return result;
    await appendToFile(target, result.bibtex);
    await update((ws0) => reloadBibs(ws0, [target]));
    return { ...result, appendedTo: target };
  });
}
