// Custom requests and notifications between the VS Code client and the language server, declared
// once as typed messages. The data types are the core features' own; both sides import them from
// here. Only the protocol's message types are imported, never the connection runtime or vscode.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { CitedKeysParams, CitedKeysResult, FormatCitationParams, FormatCitationResult, ImportParams, ImportResult } from './core/features/customTypes';
import type { StyleChoice, StylesParams, StylesResult } from './core/features/styles';
import type { FormatParams, FormatResult } from './core/features/formatReferences';
import type { IndexStatus } from './core/features/indexStatus';
import type { SearchItem, SearchParams } from './core/features/pickEntries';
import type { InsertCitationParams, InsertCitationResult } from './core/features/insertCitation';
import type { GroupBy, TreeEntry, TreeGroup, TreeLevel, TreeLevelParams } from './core/features/themeTree';
import type { OverviewParams, OverviewResult, OverviewTheme, OverviewYear, UncitedTheme } from './core/features/overview';

export type { OverviewParams, OverviewResult, OverviewTheme, OverviewYear, UncitedTheme };
export type { CitedKeysParams, CitedKeysResult, FormatCitationParams, FormatCitationResult, StyleChoice, StylesParams, StylesResult, FormatParams, FormatResult, GroupBy, ImportParams, ImportResult, IndexStatus, SearchItem, SearchParams, TreeEntry, TreeGroup, TreeLevel };

/** The sidebar asks for one level at a time: the top groups, then a group's children when it is expanded. */
export type ThemeTreeParams = TreeLevelParams;
export type ThemeTreeResult = TreeLevel;

export type { InsertCitationParams };

/** A range as LSP spells it (zero-based lines, UTF-16 characters). */
export interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * The citation text for the Insert Citation picker's preview, and the edit the client applies
 * unchanged: the core's result with its span as a range (`caret` counts characters into `text`).
 */
export type InsertCitationReply =
  | (Omit<Extract<InsertCitationResult, { ok: true }>, 'span'> & { range: TextRange })
  | Extract<InsertCitationResult, { ok: false }>;

export interface AddBibliographyParams {
  /** The document that should use the bibliography. */
  uri: string;
  /** The bibliography file's URI. */
  bibliography: string;
}

/** The edit that declares the file in the document (the client applies it unchanged), or why not. */
export type AddBibliographyReply =
  | { ok: true; edit: { documentChanges: { textDocument: { uri: string; version: number | null }; edits: { range: TextRange; newText: string }[] }[] }; where: string }
  | { ok: false; message: string };

export interface IndexChangedParams {
  revision: number;
}

export interface CitationsChangedParams {
  /** The document whose cited keys changed. */
  uri: string;
  revision: number;
}

/**
 * What Citelens' own client sends as `initializationOptions`: the `citelens` section as
 * `workspace/configuration` would answer it, unscoped and for each workspace folder (keyed by the
 * folder's URI). With every folder's section given, the server starts its first load while it
 * answers `initialize`, instead of after the configuration round trips; it still asks afterwards
 * and follows later changes. Other editors may send `settings` alone, or nothing.
 */
export interface InitializationOptions {
  settings?: unknown;
  folderSettings?: Record<string, unknown>;
}

export const Requests = {
  themeTree: new RequestType<ThemeTreeParams, ThemeTreeResult, void>('citelens/themeTree'),
  indexStatus: new RequestType0<IndexStatus, void>('citelens/indexStatus'),
  formatReferences: new RequestType<FormatParams, FormatResult, void>('citelens/formatReferences'),
  citedKeys: new RequestType<CitedKeysParams, CitedKeysResult, void>('citelens/citedKeys'),
  search: new RequestType<SearchParams, SearchItem[], void>('citelens/search'),
  importReferences: new RequestType<ImportParams, ImportResult, void>('citelens/importReferences'),
  styles: new RequestType<StylesParams, StylesResult, void>('citelens/styles'),
  formatCitation: new RequestType<FormatCitationParams, FormatCitationResult | null, void>('citelens/formatCitation'),
  /** Entries per theme and year, how much of each the manuscript's compilation unit cites, uncited themes. */
  overview: new RequestType<OverviewParams, OverviewResult, void>('citelens/overview'),
  insertCitation: new RequestType<InsertCitationParams, InsertCitationReply, void>('citelens/insertCitation'),
  addBibliography: new RequestType<AddBibliographyParams, AddBibliographyReply, void>('citelens/addBibliography'),
} as const;

export const Notifications = {
  /** The bibliographies changed (read, re-read, found missing): every view of entries is stale. */
  indexChanged: new NotificationType<IndexChangedParams>('citelens/indexChanged'),
  /** A document's cited keys changed (the sidebar's ticks follow typing). */
  citationsChanged: new NotificationType<CitationsChangedParams>('citelens/citationsChanged'),
} as const;
