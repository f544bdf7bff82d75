// pickEntries(): the Insert Citation picker's search — the same index as completion, with the
// themes each hit belongs to.
import { searchEntries, searchIndexFor } from '../analysis/entrySearch';
import { authorLabel, entryTitle, entryYear } from '../syntax/bib/fields';
import type { Workspace } from '../model/workspace';
import { sidebarIndex, themesOf } from './themeTree';

export interface SearchParams {
  query: string;
  /** Search the bibliographies this document uses; all loaded ones when absent. */
  uri?: string;
  limit?: number;
}

export interface SearchItem {
  key: string;
  authors: string;
  year: string;
  title: string;
  themes: string[];
}

export function pickEntries(ws: Workspace, params: SearchParams): SearchItem[] {
  const index = sidebarIndex(ws, params.uri);
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
  return hits.map((h) => ({ key: h.key, authors: authorLabel(h.entry), year: entryYear(h.entry), title: entryTitle(h.entry), themes: themes.get(h.key) ?? [] }));
}
