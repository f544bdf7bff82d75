// Builds and refreshes workspace snapshots from disk, for the language server and the CLI alike:
// scan folders, read manuscripts, then read every bibliography some document needs.
import { neededBibliographies } from './core/analysis/scope';
import { applyChange, emptyWorkspace, type CoreSettings, type Doc, type Workspace } from './core/model/workspace';
import { loadBibliography, loadDoc, readStyles, dataDir, resolveSettingPaths, scanFolders } from './host';

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
  const styles = await readStyles(dataDir());
  const settings: CoreSettings = {
    ...options.settings,
    bibliographies: resolveSettingPaths(options.bibliographyPatterns ?? [], options.folders, scan.bibs),
  };
  const themes = options.themesFile ? resolveSettingPaths([options.themesFile], options.folders, [])[0] : undefined;
  if (themes) settings.themesFile = themes;
  const uris = [...new Set([...scan.docs, ...(options.extraDocs ?? [])])];
  const docs = (await Promise.all(uris.map(loadDoc))).filter((d): d is Doc => d !== undefined);
  let ws = applyChange(emptyWorkspace(options.folders, settings, styles), { docs, workspaceBibs: scan.bibs });
  ws = await loadThemesFiles(await loadMissingBibs(ws));
  return { ws, truncated: scan.truncated };
}

/** Reads the bibliographies the snapshot needs but has not read yet. */
export async function loadMissingBibs(ws: Workspace): Promise<Workspace> {
  const wanted = neededBibliographies(ws).filter((uri) => !ws.bibs.has(uri) && !ws.missing.has(uri));
  if (wanted.length === 0) return ws;
  return applyLoaded(ws, await Promise.all(wanted.map(async (uri) => ({ uri, result: await loadBibliography(uri) }))));
}

/** Re-reads some bibliographies (after a change on disk). */
export async function reloadBibs(ws: Workspace, uris: string[]): Promise<Workspace> {
  return applyLoaded(ws, await Promise.all(uris.map(async (uri) => ({ uri, result: await loadBibliography(uri) }))));
}

function applyLoaded(ws: Workspace, loaded: { uri: string; result: Awaited<ReturnType<typeof loadBibliography>> }[]): Workspace {
  const bibs = [];
  const missing = [];
  const unreadable = [];
  for (const { uri, result } of loaded) {
    if ('file' in result) bibs.push(result.file);
    else if (result.refused) unreadable.push({ uri, reason: result.reason });
    else missing.push(uri);
  }
  return applyChange(ws, { bibs, missing, unreadable });
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
