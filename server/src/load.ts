// Reads what snapshots are built from, for the language server and the CLI alike: scan folders,
// read manuscripts, then every bibliography some document needs. The reads return data; the
// server's state module (or the CLI) decides which snapshot they are applied to.
import type { BibFile } from './core/model/entry';
import { neededBibliographies } from './core/analysis/scope';
import { neededStyleFiles } from './core/analysis/documentStyle';
import type { StyleFile, StyleSpec } from './core/model/style';
import { uriDirname } from './core/model/uri';
import { applyChange, emptyWorkspace, type CoreSettings, type Doc, type Workspace } from './core/model/workspace';
import { joinDependent, styleInfo, styleName } from './core/syntax/cslStyle';
import { dataDir, loadBibliography, loadDoc, readLocales, readStyles, resolveSettingPaths, scanFolders } from './host';

/** The raw `citelens.*` values that name files, with the settings they belong to. */
export interface FolderOptions {
  settings: CoreSettings;
  /** Raw `citelens.themesFile` setting, resolved against its folder. */
  themesFile?: string;
  /** Raw `citelens.bibliographies` patterns, resolved against its folder. */
  bibliographyPatterns?: string[];
}

export interface LoadOptions extends FolderOptions {
  folders: string[];
  /** Each folder's own settings, when they differ from the workspace's (LSP: resource-scoped settings). */
  perFolder?: ReadonlyMap<string, FolderOptions>;
  /** Extra manuscripts outside the folders (files named on the CLI). */
  extraDocs?: string[];
}

export interface Loaded {
  ws: Workspace;
  /** The scan stopped at its file limit. */
  truncated: boolean;
}

const maxWorkingDirRounds = 5;

/** Builds a whole snapshot from disk: documents, the bibliographies they need, theme files. */
export async function loadWorkspace(options: LoadOptions): Promise<Loaded> {
  // The bundled styles and locales are read while the folders are listed, not after.
  const [scan, styles, locales] = await Promise.all([scanFolders(options.folders), readStyles(dataDir()), readLocales(dataDir())]);
  const resolveFor = (folder: string | undefined, o: FolderOptions): CoreSettings => {
    const base = folder ? [folder] : options.folders;
    const settings: CoreSettings = { ...o.settings, bibliographies: resolveSettingPaths(o.bibliographyPatterns ?? [], base, scan.bibs) };
    // `citelens.style` names a bundled style or a .csl file, relative to its folder, `~` allowed.
    if (!styles.has(settings.style) && /\.csl$|[/\\]|^~/i.test(settings.style)) settings.style = resolveSettingPaths([settings.style], base, [])[0] ?? settings.style;
    const themes = o.themesFile ? resolveSettingPaths([o.themesFile], base, [])[0] : undefined;
    if (themes) settings.themesFile = themes;
    return settings;
  };
  const folderSettings = new Map<string, CoreSettings>();
  for (const [folder, o] of options.perFolder ?? []) folderSettings.set(folder, resolveFor(folder, o));
  const uris = [...new Set([...scan.docs, ...(options.extraDocs ?? [])])];
  const docs = (await Promise.all(uris.map(loadDoc))).filter((d): d is Doc => d !== undefined);
  let ws = applyChange(emptyWorkspace(options.folders, resolveFor(undefined, options), styles, locales), { docs, workspaceBibs: scan.bibs, folderSettings, truncated: scan.truncated });
  ws = applyChange(ws, await readBibs(missingBibs(ws)));
  // What was read can name more (a bibliography path resolved from a folder further up): read
  // until nothing new is needed, a few rounds at most.
  for (let round = 0, more = missingBibs(ws); round < maxWorkingDirRounds && more.length; round++, more = missingBibs(ws)) ws = applyChange(ws, await readBibs(more));
  ws = applyChange(ws, await readThemesFiles(ws));
  ws = applyChange(ws, { styleFiles: await readStyleFiles(ws) });
  return { ws, truncated: scan.truncated };
}

/** Reads the style files the snapshot's documents and settings name but it has not read yet (or re-reads the given ones). */
export async function readStyleFiles(ws: Workspace, reload: readonly string[] = []): Promise<StyleFile[]> {
  const wanted = neededStyleFiles(ws).filter((uri) => !ws.styleFiles.has(uri) || reload.includes(uri));
  return Promise.all(wanted.map((uri) => loadStyleFile(ws, uri)));
}

/**
 * One style file. A dependent style (a journal's name and locale over another style's rules) is
 * joined to its parent: a bundled style with the parent's id, else the parent's file beside it
 * or one folder up, which is how the CSL repository and Debian's package lay them out.
 */
async function loadStyleFile(ws: Workspace, uri: string): Promise<StyleFile> {
  const doc = await loadDoc(uri);
  if (!doc) return { uri, note: 'was not found' };
  const style: StyleSpec = { id: uri, xml: doc.text };
  const info = styleInfo(style);
  if (!info.isStyle) return { uri, note: 'is not a CSL style' };
  if (!info.parent) return { uri, style };
  const name = styleName(info.parent);
  let parent = [...ws.styles.values()].find((s) => styleInfo(s).cslId === info.parent) ?? ws.styles.get(name);
  for (const dir of [uriDirname(uri), uriDirname(uriDirname(uri))]) {
    if (parent) break;
    const text = (await loadDoc(`${dir}/${name}.csl`))?.text;
    if (text) parent = { id: `${dir}/${name}.csl`, xml: text };
  }
  if (!parent) return { uri, note: `is a dependent style whose parent ${info.parent} is neither bundled nor beside it` };
  return { uri, style: joinDependent(style, parent), note: `A dependent style: the rules of ${styleInfo(parent).title}.` };
}

/** The bibliographies the snapshot needs but has neither read nor found missing. */
export function missingBibs(ws: Workspace): string[] {
  return neededBibliographies(ws).filter((uri) => !ws.bibs.has(uri) && !ws.missing.has(uri));
}

/** Reads some bibliographies: parsed files, the URIs that could not be read, and those refused with why. */
export async function readBibs(uris: readonly string[], beforeParse?: (uri: string) => BibFile | undefined): Promise<{ bibs: BibFile[]; missing: string[]; unreadable: { uri: string; reason: string }[] }> {
  const bibs: BibFile[] = [];
  const missing: string[] = [];
  const unreadable: { uri: string; reason: string }[] = [];
  for (const { uri, result } of await Promise.all(uris.map(async (uri) => ({ uri, result: await loadBibliography(uri, beforeParse && (() => beforeParse(uri))) })))) {
    if ('file' in result) bibs.push(result.file);
    else if (result.refused) unreadable.push({ uri, reason: result.reason });
    else missing.push(uri);
  }
  return { bibs, missing, unreadable };
}

/** Theme rule files the sidebar may use: the settings, `.citelens/themes.json`, `themes.json` beside a bibliography. */
export function themesFileCandidates(ws: Workspace): string[] {
  const out = new Set<string>();
  for (const settings of [ws.settings, ...ws.folderSettings.values()]) if (settings.themesFile) out.add(settings.themesFile);
  for (const f of ws.folders) out.add(`${f}.citelens/themes.json`);
  for (const uri of ws.bibs.keys()) out.add(`${uri.slice(0, uri.lastIndexOf('/'))}/themes.json`);
  return [...out];
}

/** Reads the theme rule files that exist and are not in the snapshot yet (or re-reads the given ones). */
export async function readThemesFiles(ws: Workspace, reload: readonly string[] = []): Promise<{ docs: Doc[]; removeDocs: string[] }> {
  const wanted = themesFileCandidates(ws).filter((uri) => !ws.docs.has(uri) || reload.includes(uri));
  const docs: Doc[] = [];
  const removeDocs: string[] = [];
  for (const uri of wanted) {
    const doc = await loadDoc(uri);
    if (doc) docs.push(doc);
    else if (ws.docs.has(uri)) removeDocs.push(uri);
  }
  return { docs, removeDocs };
}
