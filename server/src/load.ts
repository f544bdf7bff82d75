// Builds and refreshes workspace snapshots from disk, for the language server and the CLI alike:
// scan folders, read manuscripts, then read every bibliography some document needs.
import { neededBibliographies } from './core/analysis/scope';
import { neededStyleFiles } from './core/analysis/documentStyle';
import type { StyleFile, StyleSpec } from './core/model/style';
import { uriDirname } from './core/model/uri';
import { applyChange, emptyWorkspace, type CoreSettings, type Doc, type Workspace } from './core/model/workspace';
import { joinDependent, styleInfo, styleName } from './core/syntax/cslStyle';
import { loadBibliography, loadDoc, readLocales, readStyles, dataDir, resolveSettingPaths, scanFolders } from './host';

export interface LoadOptions {
  folders: string[];
  settings: CoreSettings;
  /** Raw `citelens.themesFile` setting, resolved against the first folder. */
  themesFile?: string;
  /** Raw `citelens.bibliographies` patterns, resolved here against the folders. */
  bibliographyPatterns?: string[];
  /** Extra manuscripts outside the folders (files named on the CLI). */
  extraDocs?: string[];
}

export async function loadWorkspace(options: LoadOptions): Promise<{ ws: Workspace; truncated: boolean }> {
  const scan = await scanFolders(options.folders);
  const [styles, locales] = await Promise.all([readStyles(dataDir()), readLocales(dataDir())]);
  const settings: CoreSettings = {
    ...options.settings,
    bibliographies: resolveSettingPaths(options.bibliographyPatterns ?? [], options.folders, scan.bibs),
  };
  // `citelens.style` names a bundled style or a .csl file, relative to the first folder, `~` allowed.
  if (!styles.has(settings.style) && /\.csl$|[/\\]|^~/i.test(settings.style)) settings.style = resolveSettingPaths([settings.style], options.folders, [])[0] ?? settings.style;
  const themes = options.themesFile ? resolveSettingPaths([options.themesFile], options.folders, [])[0] : undefined;
  if (themes) settings.themesFile = themes;
  const uris = [...new Set([...scan.docs, ...(options.extraDocs ?? [])])];
  const docs = (await Promise.all(uris.map(loadDoc))).filter((d): d is Doc => d !== undefined);
  let ws = applyChange(emptyWorkspace(options.folders, settings, styles, locales), { docs, workspaceBibs: scan.bibs });
  ws = await loadMissingStyles(await loadThemesFiles(await loadMissingBibs(ws)));
  return { ws, truncated: scan.truncated };
}

/** Reads the bibliographies the snapshot needs but has not read yet. */
export async function loadMissingBibs(ws: Workspace): Promise<Workspace> {
  const wanted = neededBibliographies(ws).filter((uri) => !ws.bibs.has(uri) && !ws.missing.has(uri));
  if (wanted.length === 0) return ws;
  return applyLoaded(ws, await Promise.all(wanted.map(async (uri) => ({ uri, result: await loadBibliography(uri) }))));
}

/** Reads the style files the snapshot's documents and settings name but it has not read yet (or re-reads the given ones). */
export async function loadMissingStyles(ws: Workspace, reload: readonly string[] = []): Promise<Workspace> {
  const wanted = neededStyleFiles(ws).filter((uri) => !ws.styleFiles.has(uri) || reload.includes(uri));
  if (wanted.length === 0) return ws;
  return applyChange(ws, { styleFiles: await Promise.all(wanted.map((uri) => loadStyleFile(ws, uri))) });
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

/** Re-reads some bibliographies (after a change on disk). */
export async function reloadBibs(ws: Workspace, uris: string[]): Promise<Workspace> {
  return applyLoaded(ws, await Promise.all(uris.map(async (uri) => ({ uri, result: await loadBibliography(uri) }))));
}

function applyLoaded(ws: Workspace, loaded: { uri: string; result: Awaited<ReturnType<typeof loadBibliography>> }[]): Workspace {
  const bibs = [];
  const missing = [];
  for (const { uri, result } of loaded) {
    if ('file' in result) bibs.push(result.file);
    else missing.push(uri);
  }
  return applyChange(ws, { bibs, missing });
}

/** Theme rule files the sidebar may use: the setting, `.citelens/themes.json`, `themes.json` beside a bibliography. */
export function themesFileCandidates(ws: Workspace): string[] {
  const out = new Set<string>();
  if (ws.settings.themesFile) out.add(ws.settings.themesFile);
  for (const f of ws.folders) out.add(`${f}.citelens/themes.json`);
  for (const uri of ws.bibs.keys()) out.add(`${uri.slice(0, uri.lastIndexOf('/'))}/themes.json`);
  return [...out];
}

/** Reads the theme rule files that exist and are not in the snapshot yet (or re-reads the given ones). */
export async function loadThemesFiles(ws: Workspace, reload: string[] = []): Promise<Workspace> {
  const wanted = themesFileCandidates(ws).filter((uri) => !ws.docs.has(uri) || reload.includes(uri));
  const docs: Doc[] = [];
  const gone: string[] = [];
  for (const uri of wanted) {
    const doc = await loadDoc(uri);
    if (doc) docs.push(doc);
    else if (ws.docs.has(uri)) gone.push(uri);
  }
  return docs.length || gone.length ? applyChange(ws, { docs, removeDocs: gone }) : ws;
}
