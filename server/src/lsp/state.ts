// The one owner of the server's workspace snapshot. Every change (an editor edit, a file on disk,
// new settings, a finished read) is a function from the current snapshot to the next, applied
// here and only here, synchronously and in arrival order; reads of disk happen before, so a slow
// read never holds up a keystroke and never applies to a snapshot older than the one it lands on.
// Requests wait (bounded) for the first load and for bibliographies their document needs that
// have never been read, then answer from the current snapshot.
import { readBibliography } from '../core/syntax/bib/read';
import type { BibFile } from '../core/model/entry';
import { scopeOf } from '../core/analysis/scope';
import { applyChange, isManuscript, langOf, type Doc, type Workspace, emptyWorkspace, defaultSettings, type WorkspaceChange } from '../core/model/workspace';
import { fileSignature, loadDoc, scanFolders } from '../host';
import type { ZoteroState } from '../core/model/zotero';
import { neededStyleFiles } from '../core/analysis/documentStyle';
import { describeReads } from './loadLog';
import { loadWorkspace, missingBibs, readBibs, readStyleFiles, readThemesFiles, themesFileCandidates, type LoadOptions } from '../load';

export interface StateEvents {
  /** A new snapshot replaced `before`. */
  changed(before: Workspace, after: Workspace): void;
  /** The files whose changes on disk matter changed (bibliographies, missing ones, theme files). */
  watch(uris: string[]): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface ReadOutcome {
  /** False when the wait ran out and the answer comes from what is loaded so far. */
  complete: boolean;
}

export type State = ReturnType<typeof createState>;


/** How long a request waits for the first load before answering from what is there. */
export const readyTimeoutMs = 15_000;

export function createState(events: StateEvents) {
  let ws: Workspace = emptyWorkspace([], defaultSettings);
  let options: LoadOptions = { folders: [], settings: defaultSettings };
  // The whole-workspace load in flight, if any; requests wait for the first one.
  let fullLoad: Promise<void> | undefined;
  let loadedOnce = false;
  let lastAsked = 0;
  // Requests that arrive before the first load has even started (the editor's first request can
  // come before the settings it needs are read) wait for this.
  let firstLoaded!: () => void;
  const firstLoad = new Promise<void>((r) => (firstLoaded = r));
  let fullGeneration = 0;
  // First reads of bibliographies, by URI: a request whose scope needs one waits for it.
  const firstReads = new Map<string, Promise<void>>();
  // Per-URI read generations: only the newest read of a file may land.
  const generations = new Map<string, number>();
  // What the bibliography on disk looked like when it was last read: a second event for the same
  // bytes (two watchers, a touch) is not read again.
  const signatures = new Map<string, string>();
  let watched = '';

  function commit(change: (current: Workspace) => Workspace): void {
    const before = ws;
    const next = change(ws);
    if (next === before) return;
    ws = next.revision > before.revision ? next : { ...next, revision: before.revision + 1 };
    // What is watched derives from the bibliographies, the settings (themes file) and the style files, not from documents.
    if (ws.bibs !== before.bibs || ws.missing !== before.missing || ws.styleFiles !== before.styleFiles || ws.settings !== before.settings || ws.folderSettings !== before.folderSettings || ws.folders !== before.folders) {
      const uris = [...ws.bibs.keys(), ...ws.missing, ...themesFileCandidates(ws), ...ws.styleFiles.keys()].sort();
      const key = uris.join('\n');
      if (key !== watched) {
        watched = key;
        events.watch(uris);
      }
    }
    if (loadedOnce) {
      readMissing();
      if (ws.docs !== before.docs || ws.settings !== before.settings) readMissingStyles();
    }
    events.changed(before, ws);
  }

  /** Applies only what the editor does not own: an open document's text wins over the disk. */
  function fromDisk(current: Workspace, change: WorkspaceChange): Workspace {
    const open = (uri: string) => (current.docs.get(uri)?.version ?? -1) >= 0;
    return applyChange(current, {
      ...change,
      ...(change.docs ? { docs: change.docs.filter((d) => !open(d.uri)) } : {}),
      ...(change.removeDocs ? { removeDocs: change.removeDocs.filter((u) => !open(u)) } : {}),
      ...(change.bibs ? { bibs: change.bibs.filter((b) => !open(b.file)) } : {}),
      ...(change.missing ? { missing: change.missing.filter((u) => !open(u)) } : {}),
      ...(change.unreadable ? { unreadable: change.unreadable.filter((u) => !open(u.uri)) } : {}),
    });
  }

  function nextGeneration(uri: string): number {
    const g = (generations.get(uri) ?? 0) + 1;
    generations.set(uri, g);
    return g;
  }

  /** Reads bibliographies from disk and applies them, unless a newer read of the same file started meanwhile. */
  async function readAndApply(uris: readonly string[]): Promise<void> {
    const mine = uris.map((u) => [u, nextGeneration(u)] as const);
    const sigs = await Promise.all(uris.map(fileSignature));
    const current = (uri: string) => mine.find(([u]) => u === uri)?.[1] === generations.get(uri);
    const started = Date.now();
    const read = await readBibs(uris, (uri) => (current(uri) ? lastRead(uri) : undefined));
    for (const line of describeReads(ws.folders, { ...read, ms: Date.now() - started })) events.log('info', line);
    uris.forEach((u, i) => signatures.set(u, sigs[i] ?? ''));
    commit((c) => fromDisk(c, { bibs: read.bibs.filter((b) => current(b.file)), missing: read.missing.filter(current), unreadable: read.unreadable.filter((u) => current(u.uri)) }));
  }

  /**
   * A bibliography's last read, handed to the parse of its replacement, which takes over the
   * entries that did not change (bibtex.ts): Zotero rewrites a 100k-entry library to change one.
   * Old and new parse then share those entries and their text; the rest of the old is garbage
   * once the new snapshot is committed (session.ts collects it when idle).
   */
  function lastRead(uri: string): BibFile | undefined {
    return ws.bibs.get(uri);
  }

  /** Starts reading every bibliography the snapshot needs and has never read. */
  function readMissing(): void {
    const wanted = missingBibs(ws).filter((u) => !firstReads.has(u));
    if (!wanted.length) return;
    const job = readAndApply(wanted)
      .catch((err: unknown) => events.log('error', `Reading ${wanted.join(', ')} failed: ${describe(err)}`))
      .finally(() => wanted.forEach((u) => firstReads.get(u) === job && firstReads.delete(u)));
    for (const u of wanted) firstReads.set(u, job);
  }

  const styleReads = new Set<string>();

  /** Starts reading the CSL style files documents name (`csl:`) that the snapshot has not read. */
  function readMissingStyles(): void {
    const wanted = neededStyleFiles(ws).filter((u) => !ws.styleFiles.has(u) && !styleReads.has(u));
    if (!wanted.length) return;
    for (const u of wanted) styleReads.add(u);
    readStyleFiles(ws)
      .then((files) => commit((c) => (files.length ? applyChange(c, { styleFiles: files }) : c)))
      .catch((err: unknown) => events.log('error', `Reading style files failed: ${describe(err)}`))
      .finally(() => wanted.forEach((u) => styleReads.delete(u)));
  }

  /** Reads the whole workspace again (start, new folders, new settings); open documents are kept. */
  function reload(next: LoadOptions): Promise<void> {
    options = next;
    const generation = ++fullGeneration;
    const job = (async () => {
      const started = Date.now();
      const loaded = await loadWorkspace(options);
      if (generation !== fullGeneration) return;
      if (loaded.truncated) events.log('warn', 'The workspace holds more files than Citelens scans (500,000 folder entries or 50,000 manuscripts and bibliographies); the rest are not read, and renames are refused because they could miss citations.');
      // Loaded from here on: the commit below publishes, and reads what documents opened meanwhile need.
      loadedOnce = true;
      firstLoaded();
      commit((current) => {
        const open = [...current.docs.values()].filter((d) => d.version >= 0);
        const openBibs = open.filter((d) => d.lang === 'bib').map((d) => current.bibs.get(d.uri)).filter((b) => b !== undefined);
        // The Zotero library is read by its own watcher (lsp/zotero.ts), not by the workspace load.
        return applyChange(loaded.ws, { docs: open, bibs: openBibs, ...(current.zotero ? { zotero: current.zotero } : {}) });
      });
      const entries = [...ws.bibs.values()].reduce((n, f) => n + f.entries.length, 0);
      const unreadable = [...ws.unreadable].map(([uri, reason]) => ({ uri, reason }));
      for (const line of describeReads(ws.folders, { bibs: [...ws.bibs.values()], missing: [...ws.missing].filter((u) => !ws.unreadable.has(u)), unreadable })) events.log('info', line);
      events.log('info', `Loaded ${ws.docs.size} documents and ${ws.bibs.size} bibliographies (${entries} entries) in ${Date.now() - started} ms.`);
    })().catch((err: unknown) => {
      loadedOnce = true;
      firstLoaded();
      events.log('error', `Loading the workspace failed: ${describe(err)}`);
    });
    fullLoad = job;
    return job;
  }

  /**
   * Files changed on disk (from the one watcher in use). Bibliographies are re-read when their
   * bytes changed; manuscripts, Quarto files and theme files are read again; a created or deleted
   * file also re-lists the workspace's bibliographies.
   */
  async function diskChanged(uris: readonly string[], createdOrDeleted: boolean): Promise<void> {
    // Only URIs are kept across the awaits below, never a snapshot: holding one would keep a
    // re-exported bibliography's old indexes alive while its replacement is read.
    const bibs: string[] = [];
    for (const u of bibCandidates(ws, uris)) {
      const sig = await fileSignature(u);
      if (sig && sig === signatures.get(u) && ws.bibs.has(u)) continue;
      bibs.push(u);
    }
    const { docs, touchedStyles, touchedThemes } = otherChanges(ws, uris, bibs);
    const jobs: Promise<void>[] = [];
    if (bibs.length) jobs.push(readAndApply(bibs));
    if (docs.length) {
      jobs.push(
        (async () => {
          const gens = docs.map((u) => [u, nextGeneration(u)] as const);
          const read = await Promise.all(docs.map(loadDoc));
          const fresh = (u: string) => gens.find(([x]) => x === u)?.[1] === generations.get(u);
          commit((c) =>
            fromDisk(c, {
              docs: read.filter((d): d is Doc => d !== undefined && fresh(d.uri)),
              removeDocs: docs.filter((u, i) => read[i] === undefined && fresh(u)),
            }),
          );
        })(),
      );
    }
    if (touchedStyles.length) jobs.push(readStyleFiles(ws, touchedStyles).then((files) => commit((c) => applyChange(c, { styleFiles: files }))));
    if (touchedThemes.length) jobs.push(readThemesFiles(ws, touchedThemes).then((change) => commit((c) => fromDisk(c, change))));
    if (createdOrDeleted && options.folders.length) {
      jobs.push(scanFolders(options.folders).then((scan) => commit((c) => (sameList(c.workspaceBibs, scan.bibs) ? c : applyChange(c, { workspaceBibs: scan.bibs })))));
    }
    await Promise.all(jobs);
    // Theme files beside a newly read (or created) bibliography are found once it is there.
    if (!bibs.length && !createdOrDeleted) return;
    const change = await readThemesFiles(ws);
    if (change.docs.length || change.removeDocs.length) commit((c) => fromDisk(c, change));
  }

  return {
    /** The current snapshot; handlers read it and never write. */
    current: (): Workspace => ws,
    get folders(): readonly string[] {
      return options.folders;
    },
    get loaded(): boolean {
      return loadedOnce;
    },
    /** When a request last asked for the snapshot (every request does, through ready). */
    get lastAsked(): number {
      return lastAsked;
    },
    reload,
    diskChanged,

    /**
     * Waits for the first load and for first reads of the bibliographies `uri` needs, at most
     * `timeoutMs`; then the snapshot to answer from, and whether anything was still loading.
     */
    async ready(uri?: string, timeoutMs = readyTimeoutMs): Promise<ReadOutcome> {
      lastAsked = Date.now();
      const pending = (): Promise<unknown>[] => {
        const out: Promise<unknown>[] = [];
        if (!loadedOnce) out.push(fullLoad ?? firstLoad);
        if (uri && loadedOnce) for (const b of scopeOf(ws, uri).bibs) { const p = firstReads.get(b); if (p) out.push(p); }
        return out;
      };
      const until = Date.now() + timeoutMs;
      // A first load may discover a document whose bibliographies then start loading: look again.
      for (let round = 0; round < 3; round++) {
        const waiting = pending();
        if (!waiting.length) return { complete: true };
        const left = until - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.all(waiting), new Promise((r) => (timer = setTimeout(r, left)))]);
        clearTimeout(timer);
      }
      return { complete: pending().length === 0 };
    },

    /** A new reading of the Zotero library (lsp/zotero.ts), or null when it is no longer used. */
    zotero(next: ZoteroState | null): void {
      commit((c) => applyChange(c, { zotero: next }));
    },

    /** An editor opened or changed a document. Bibliography buffers are parsed here, on the caller's schedule. */
    edit(doc: Doc): void {
      if (doc.lang === 'bib') commit((c) => applyChange(c, { docs: [doc], bibs: [readBibliography(doc.uri, doc.text)] }));
      else commit((c) => applyChange(c, { docs: [doc] }));
    },

    /** An editor closed a document: what is on disk counts again (for files in a folder, or bibliographies). */
    close(uri: string): Promise<void> {
      const was = ws.docs.get(uri);
      commit((c) => applyChange(c, { removeDocs: [uri] }));
      // The buffer's parse stays in the snapshot until the disk's lands.
      if (was?.lang === 'bib' || ws.bibs.has(uri)) return readAndApply([uri]);
      if (options.folders.some((f) => uri.startsWith(f))) return diskChanged([uri], false);
      return Promise.resolve();
    },

    /** Re-reads closed documents from disk now, so an edit computed next uses what is there. */
    async refreshClosed(uris: readonly string[]): Promise<string[]> {
      const closed = uris.filter((u) => (ws.docs.get(u)?.version ?? -1) < 0);
      const read = await Promise.all(closed.map(loadDoc));
      const changed = closed.filter((u, i) => read[i]?.text !== ws.docs.get(u)?.text);
      if (changed.length) {
        commit((c) =>
          fromDisk(c, {
            docs: read.filter((d): d is Doc => d !== undefined && changed.includes(d.uri)),
            removeDocs: changed.filter((u) => read[closed.indexOf(u)] === undefined),
          }),
        );
      }
      return changed;
    },
  };
}

const isOpenIn = (ws: Workspace, uri: string): boolean => (ws.docs.get(uri)?.version ?? -1) >= 0;

/** The changed files that may be bibliographies the snapshot uses or needs (and the editor does not own). */
function bibCandidates(ws: Workspace, uris: readonly string[]): string[] {
  const needed = new Set(missingBibs(ws));
  return uris.filter((u) => !isOpenIn(ws, u) && (ws.bibs.has(u) || ws.missing.has(u) || needed.has(u) || langOf(u) === 'bib'));
}

/** The changed files that are manuscripts or project files, style files, or theme files. */
function otherChanges(ws: Workspace, uris: readonly string[], bibs: readonly string[]): { docs: string[]; touchedStyles: string[]; touchedThemes: string[] } {
  const themes = themesFileCandidates(ws);
  const docs = uris.filter((u) => !isOpenIn(ws, u) && !bibs.includes(u) && !themes.includes(u) && !ws.styleFiles.has(u) && (ws.docs.has(u) || isProjectFile(u)));
  return { docs, touchedStyles: uris.filter((u) => ws.styleFiles.has(u)), touchedThemes: uris.filter((u) => themes.includes(u)) };
}

function isProjectFile(uri: string): boolean {
  return isManuscript(langOf(uri)) || /\/_(quarto|metadata|bookdown)\.ya?ml$/.test(uri);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
