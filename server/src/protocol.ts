// Custom requests between the VS Code client and the language server, declared once.
// Both sides import these names and types; nothing here may import vscode or the LSP runtime.

export type GroupBy = 'theme' | 'type' | 'year' | 'file';

export interface ThemeTreeParams {
  /** The active document, to mark which entries it cites. */
  uri?: string;
  groupBy: GroupBy;
  /** Fuzzy filter over key, authors, title, year (same index as completion). */
  filter?: string;
  /** Only entries the active document cites. */
  onlyCited?: boolean;
}

export interface TreeEntry {
  key: string;
  /** `Author Year — Title` */
  label: string;
  /** Formatted reference in the configured style (Markdown). */
  tooltip: string;
  /** Whether the active document cites this key. */
  cited: boolean;
  /** Where the entry is defined. */
  uri: string;
  line: number;
}

export interface TreeGroup {
  id: string;
  label: string;
  /** Number of distinct entries in this group and its subgroups. */
  count: number;
  groups: TreeGroup[];
  entries: TreeEntry[];
}

export interface ThemeTreeResult {
  groups: TreeGroup[];
  /** No bibliography was found for the workspace (the client shows its welcome view). */
  empty: boolean;
}

export interface IndexStatus {
  ready: boolean;
  entries: number;
  files: { uri: string; entries: number; errors: number }[];
  errors: { uri: string; line: number; message: string }[];
}

export interface FormatParams {
  keys: string[];
  /** Look keys up in the bibliographies this document uses; all loaded ones when absent. */
  uri?: string;
  /** A bundled style id (see `citelens/styles`); defaults to the style of the document `uri`, else the setting's. */
  style?: string;
  format: 'text' | 'html';
}

/**
 * Result of `formatReferences`: the bibliography of the known keys, formatted together (so numbered
 * styles number 1..n in the order asked), one reference per line for `text`.
 */
export interface FormatResult {
  text: string;
  /** Keys that are not in the index. */
  missing: string[];
  /** The title of the style used. */
  style: string;
}

export interface StylesParams {
  /** The document whose own style (`csl:`, LaTeX style, or the setting) is marked. */
  uri?: string;
}

export interface StyleChoice {
  /** What `formatReferences` takes as `style`. */
  id: string;
  /** The CSL `<title>`. */
  title: string;
  /** The document's style (or the setting's, without a document). */
  current: boolean;
  /** Where the current style comes from, and any fallback, in sentences. */
  notes?: string[];
}

/** Result of `citelens/styles`: the bundled styles, the document's own first when it is a file. */
export interface StylesResult {
  styles: StyleChoice[];
}

export interface FormatCitationParams {
  uri: string;
  position: { line: number; character: number };
  format: 'text' | 'html';
}

/** Result of `citelens/formatCitation`: the citation at the position in the document's style; null when there is none. */
export interface FormatCitationResult {
  text: string;
  keys: string[];
  missing: string[];
  style: string;
}

export interface CitedKeysParams {
  uri: string;
}

/** Result of `citedKeys`: distinct keys in order of first citation in the document. */
export interface CitedKeysResult {
  keys: string[];
}

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

export interface ImportParams {
  /** A pasted reference list. */
  text: string;
  /** Bibliography file to append to; when absent the server only previews. */
  into?: string;
}

export interface ImportResult {
  /** The BibTeX text of the parsed entries. */
  bibtex: string;
  keys: string[];
  skipped: { text: string; reason: string }[];
  /** Set when the entries were appended. */
  appendedTo?: string;
}

export const Requests = {
  themeTree: 'citelens/themeTree',
  indexStatus: 'citelens/indexStatus',
  formatReferences: 'citelens/formatReferences',
  citedKeys: 'citelens/citedKeys',
  search: 'citelens/search',
  importReferences: 'citelens/importReferences',
  styles: 'citelens/styles',
  formatCitation: 'citelens/formatCitation',
} as const;

export const Notifications = {
  /** Sent by the server whenever the index or a document's citations change. */
  indexChanged: 'citelens/indexChanged',
} as const;
