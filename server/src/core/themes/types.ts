// Plain data for the themes feature: what it reads (ThemeInput, GroupNode, ThemesFile) and what it
// returns (ThemeTree). Nothing here knows about BibTeX, files or the editor.

/** One entry as the themes feature sees it; `themeInputs()` builds these from BibEntry. */
export interface ThemeInput {
  key: string;
  title: string;
  abstract: string;
  /** Tags as written (Zotero tags, `keywords` field), already split. */
  keywords: string[];
  /** Journal or book title the work appeared in. */
  journal: string;
  /** Group names from the `groups` (JabRef) and `mendeley-groups` fields, already split. */
  groups: string[];
  /** Other fields as Unicode text by lower-case name, for JabRef keyword groups on any field. */
  fields?: Readonly<Record<string, string>>;
}

export type ThemeSource = 'keyword' | 'group' | 'rule' | 'auto' | 'none';

export interface ThemeNode {
  /** Stable across runs and edits that do not rename the theme: `<source>:<path of slugs>`. */
  id: string;
  name: string;
  source: ThemeSource;
  /** Entries that belong to this theme itself (not counting its children), sorted. */
  keys: string[];
  children: ThemeNode[];
}

export interface ThemeTree {
  themes: ThemeNode[];
}

export type GroupKind = 'static' | 'explicit' | 'keyword' | 'search' | 'automatic' | 'unknown';

/** How a JabRef group combines with its parent: on its own, only within the parent, or with its children. */
export type GroupContext = 'independent' | 'intersection' | 'union';

/** One node of a JabRef group tree (`@comment{jabref-meta: grouping: ...}`), the root left out. */
export interface GroupNode {
  name: string;
  kind: GroupKind;
  context: GroupContext;
  /** Members listed in the tree itself (JabRef 2.x `ExplicitGroup`). */
  keys: string[];
  /** Keyword, search and automatic groups: the field searched (lower case; `keywords` by default). */
  field?: string;
  /** Keyword groups: the keyword or regular expression; search groups: the query. */
  term?: string;
  caseSensitive?: boolean;
  regex?: boolean;
  /** Automatic keyword groups: the separator between values in the field. */
  delimiter?: string;
  children: GroupNode[];
}

export type { RuleField, ThemeRule, ThemeSpec, ThemesFile } from '../syntax/themesFile';
import type { ThemesFile } from '../syntax/themesFile';

export interface ThemeOptions {
  rules?: ThemesFile;
  jabref?: GroupNode[];
  /** Cluster entries no other source placed (default true). */
  auto?: boolean;
}
