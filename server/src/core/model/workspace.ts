// The immutable workspace snapshot every feature reads: documents, parsed bibliographies,
// settings and a revision number. Changes produce a new snapshot; nothing here does I/O.
import type { BibFile } from './entry';
import type { StyleFile, StyleSpec } from './style';
import type { ZoteroState } from './zotero';

export type Lang = 'latex' | 'markdown' | 'typst' | 'bib' | 'other';

/** The languages whose documents cite: they have citations, a scope and diagnostics. */
export function isManuscript(lang: Lang): lang is 'latex' | 'markdown' | 'typst' {
  return lang === 'latex' || lang === 'markdown' || lang === 'typst';
}

export interface Doc {
  uri: string;
  text: string;
  lang: Lang;
  /** Editor version for open documents, -1 for files read from disk. */
  version: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface CoreSettings {
  /** Extra LaTeX citation commands, without the backslash. */
  latexCommands: string[];
  /** Severity per diagnostic code. */
  severity: Record<string, Severity>;
  /** CSL style for hovers and copied references: a bundled style id, or the URI of a `.csl` file. */
  style: string;
  maxCompletionItems: number;
  /** Bibliographies from the `citelens.bibliographies` setting, already resolved to URIs. */
  bibliographies: string[];
  /** The themes file from the `citelens.themesFile` setting, resolved to a URI. */
  themesFile?: string;
}

export const defaultSettings: CoreSettings = {
  latexCommands: [],
  severity: {
    'citation.unknown-key': 'error',
    'citation.unclosed': 'warning',
    'citation.label-and-key': 'error',
    'citation.no-bibliography': 'error',
    'citation.case-mismatch': 'warning',
    'bib.duplicate-key': 'warning',
    'bib.syntax': 'error',
    'bib.missing-file': 'error',
    'bib.unreadable': 'error',
    'bib.limit': 'warning',
    'bib.missing-crossref': 'warning',
    'bib.missing-xdata': 'warning',
    'bib.missing-key': 'error',
    'bib.duplicate-field': 'warning',
    'bib.duplicate-string': 'warning',
    'bib.undefined-string': 'warning',
    'bib.unused-entry': 'off',
  },
  style: 'nature',
  maxCompletionItems: 100,
  bibliographies: [],
};

export interface Workspace {
  readonly revision: number;
  /** Workspace folder URIs (with a trailing slash). */
  readonly folders: readonly string[];
  /** Manuscripts and bibliography sources, open or on disk, by URI. */
  readonly docs: ReadonlyMap<string, Doc>;
  /** Parsed bibliography files by URI. */
  readonly bibs: ReadonlyMap<string, BibFile>;
  /** Bibliography URIs that were looked for and could not be read (they do not exist, or were refused). */
  readonly missing: ReadonlySet<string>;
  /**
   * The refused ones among `missing`: files that exist but are not read (a device, a pipe, a folder,
   * too large), with the reason as a phrase (`is a FIFO`), so a diagnostic can say why.
   */
  readonly unreadable: ReadonlyMap<string, string>;
  /** Every bibliography file found in the workspace folders, for documents that declare none. */
  readonly workspaceBibs: readonly string[];
  /** The folder scan stopped at its limit: some manuscripts are not in the snapshot. */
  readonly truncated: boolean;
  /** Settings of documents outside every folder (and of the first folder when none has its own). */
  readonly settings: CoreSettings;
  /** Each workspace folder's own settings (resource-scoped `citelens.*`), by folder URI. */
  readonly folderSettings: ReadonlyMap<string, CoreSettings>;
  /** The bundled CSL styles by id (file name without `.csl`), as the host read them from data/styles. */
  readonly styles: ReadonlyMap<string, StyleSpec>;
  /** The bundled CSL locales by tag (`en-US`, `de-DE` ...), from data/locales. */
  readonly locales: ReadonlyMap<string, string>;
  /** Style files that documents or the settings name, by URI, as the host found them. */
  readonly styleFiles: ReadonlyMap<string, StyleFile>;
  /** The writer's Zotero library (a source beside the bibliographies, never one of them), when looked for. */
  readonly zotero?: ZoteroState;
}

export function emptyWorkspace(
  folders: string[] = [],
  settings: CoreSettings = defaultSettings,
  styles: ReadonlyMap<string, StyleSpec> = new Map(),
  locales: ReadonlyMap<string, string> = new Map(),
): Workspace {
  return { revision: 0, folders, docs: new Map(), bibs: new Map(), missing: new Set(), unreadable: new Map(), workspaceBibs: [], truncated: false, settings, folderSettings: new Map(), styles, locales, styleFiles: new Map() };
}

export interface WorkspaceChange {
  docs?: Doc[];
  removeDocs?: string[];
  bibs?: BibFile[];
  removeBibs?: string[];
  missing?: string[];
  /** Bibliographies that exist but were refused, with the reason (they become `missing` too). */
  unreadable?: { uri: string; reason: string }[];
  workspaceBibs?: string[];
  truncated?: boolean;
  settings?: CoreSettings;
  folderSettings?: ReadonlyMap<string, CoreSettings>;
  folders?: string[];
  /** Style files read (or found missing) by the host. */
  styleFiles?: StyleFile[];
  /** A new reading of the Zotero library; null forgets it. */
  zotero?: ZoteroState | null;
}

/** A new snapshot with the change applied; maps are copied only when they change. */
export function applyChange(ws: Workspace, change: WorkspaceChange): Workspace {
  let docs = ws.docs;
  if (change.docs?.length || change.removeDocs?.length) {
    const next = new Map(ws.docs);
    for (const uri of change.removeDocs ?? []) next.delete(uri);
    for (const doc of change.docs ?? []) next.set(doc.uri, doc);
    docs = next;
  }
  let bibs = ws.bibs;
  let missing = ws.missing;
  let unreadable = ws.unreadable;
  if (change.bibs?.length || change.removeBibs?.length || change.missing?.length || change.unreadable?.length) {
    const nextBibs = new Map(ws.bibs);
    const nextMissing = new Set(ws.missing);
    const nextUnreadable = new Map(ws.unreadable);
    for (const uri of change.removeBibs ?? []) nextBibs.delete(uri);
    for (const uri of change.missing ?? []) {
      nextBibs.delete(uri);
      nextMissing.add(uri);
      nextUnreadable.delete(uri);
    }
    for (const { uri, reason } of change.unreadable ?? []) {
      nextBibs.delete(uri);
      nextMissing.add(uri);
      nextUnreadable.set(uri, reason);
    }
    for (const bib of change.bibs ?? []) {
      nextBibs.set(bib.file, bib);
      nextMissing.delete(bib.file);
      nextUnreadable.delete(bib.file);
    }
    bibs = nextBibs;
    missing = nextMissing;
    unreadable = nextUnreadable;
  }
  return {
    revision: ws.revision + 1,
    folders: change.folders ?? ws.folders,
    docs,
    bibs,
    missing,
    unreadable,
    workspaceBibs: change.workspaceBibs ?? ws.workspaceBibs,
    truncated: change.truncated ?? ws.truncated,
    settings: change.settings ?? ws.settings,
    folderSettings: change.folderSettings ?? ws.folderSettings,
    styles: ws.styles,
    locales: ws.locales,
    styleFiles: change.styleFiles?.length ? new Map([...ws.styleFiles, ...change.styleFiles.map((f) => [f.uri, f] as const)]) : ws.styleFiles,
    ...zoteroOf(ws, change),
  };
}

function zoteroOf(ws: Workspace, change: WorkspaceChange): { zotero?: ZoteroState } {
  const next = change.zotero === undefined ? ws.zotero : change.zotero ?? undefined;
  return next ? { zotero: next } : {};
}

/** The workspace folder that holds a URI (the innermost, when folders nest). */
export function folderOf(ws: Workspace, uri: string): string | undefined {
  let best: string | undefined;
  for (const f of ws.folders) if (uri.startsWith(f) && (!best || f.length > best.length)) best = f;
  return best;
}

/** The settings that apply to a document: its folder's, else the workspace's. */
export function settingsFor(ws: Workspace, uri: string | undefined): CoreSettings {
  const folder = uri === undefined ? undefined : folderOf(ws, uri);
  return (folder && ws.folderSettings.get(folder)) || ws.settings;
}

export function langOf(uri: string, languageId?: string): Lang {
  switch (languageId) {
    case 'latex':
    case 'tex':
    case 'context':
      return 'latex';
    case 'markdown':
    case 'quarto':
    case 'rmd':
    case 'pandoc':
      return 'markdown';
    case 'typst':
      return 'typst';
    case 'bibtex':
    case 'biblatex':
      return 'bib';
  }
  const lower = uri.toLowerCase();
  if (/\.(tex|ltx|latex|sty|cls|dtx)$/.test(lower)) return 'latex';
  if (/\.(md|markdown|qmd|rmd|pmd)$/.test(lower)) return 'markdown';
  if (lower.endsWith('.typ')) return 'typst';
  if (/\.(bib|bibtex|biblatex)$/.test(lower)) return 'bib';
  return 'other';
}
