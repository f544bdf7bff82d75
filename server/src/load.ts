// Builds and refreshes workspace snapshots from disk, for the language server and the CLI alike:
// scan folders, read manuscripts, then read every bibliography some document needs.
import { neededBibliographies } from './core/scope';
import { applyChange, emptyWorkspace, type CoreSettings, type Doc, type Workspace } from './core/workspace';
import { loadBibliography, loadDoc, readStyles, dataDir, resolveSettingPaths, scanFolders } from './host';

export interface LoadOptions {
  folders: string[];
  settings: CoreSettings;
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
  const uris = [...new Set([...scan.docs, ...(options.extraDocs ?? [])])];
  const docs = (await Promise.all(uris.map(loadDoc))).filter((d): d is Doc => d !== undefined);
  let ws = applyChange(emptyWorkspace(options.folders, settings, styles), { docs, workspaceBibs: scan.bibs });
  ws = await loadMissingBibs(ws);
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
  for (const { uri, result } of loaded) {
    if ('file' in result) bibs.push(result.file);
    else missing.push(uri);
  }
  return applyChange(ws, { bibs, missing });
}
