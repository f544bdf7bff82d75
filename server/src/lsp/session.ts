// The server's side of the conversation with one editor: what the client can do, document sync
// (validated, so a malformed notification is logged and dropped), settings per folder, the one
// file watcher in use, and what is sent when the snapshot changes (diagnostics, sidebar
// notifications). Every snapshot change goes through lsp/state.
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  type Connection,
  type Disposable,
  type FileSystemWatcher,
  type InitializeParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hasSearchIndex, searchIndexFor } from '../core/analysis/entrySearch';
import { prepareFormatting } from '../core/analysis/formatting';
import { citationsOf } from '../core/analysis/citations';
import { docIndex } from '../core/analysis/scope';
import { diagnose } from '../core/features/diagnostics';
import { normalizeUri, uriDirname } from '../core/model/uri';
import { fileLength } from '../core/model/fileText';
import { isManuscript, langOf, type Doc, type Workspace } from '../core/model/workspace';
import { pathOf, watchFiles } from '../host';
import type { FolderOptions } from '../load';
import { Notifications, type InitializationOptions } from '../protocol';
import { checkSettings, folderOptions, initialSections, settingsKey } from '../settings';
import { toDiagnostic } from './convert';
import { holdHeapClose, superseded } from './memory';
import { createState } from './state';
import { startZotero } from './zotero';
import { libraryIndex } from '../core/analysis/zotero';

/** Files whose changes matter, as globs the editor's own watcher can take (relative to each folder). */
const workspaceGlobs = ['**/*.{bib,bibtex,biblatex,json,yaml,yml,ris,tex,ltx,sty,cls,md,markdown,qmd,rmd,Rmd,typ}'];

/**
 * The language of an editor document. An unsaved BibTeX buffer (an import preview, a scratch
 * file) is not a bibliography of the workspace, so it is not indexed.
 */
function docLang(uri: string, languageId: string) {
  const lang = langOf(uri, languageId);
  return lang === 'bib' && !uri.startsWith('file:') ? 'other' : lang;
}

export function startSession(connection: Connection) {
  const open = new Map<string, TextDocument>();
  let folders: string[] = [];
  let initSettings: unknown;
  let pushedSettings: unknown;
  let pullDiagnostics = false;
  let configurationRequests = false;
  let workspaceFolders = false;
  let refreshSupport = false;
  let clientWatches = false;
  let relativePatterns = false;
  let externalRegistration: Promise<Disposable> | undefined;
  let externalKey = '';
  /** The folders and settings the workspace was last loaded with, and the last settings request. */
  let appliedSettings = '';
  let settingsAsked = 0;
  const bibTimers = new Map<string, NodeJS.Timeout>();
  const citedSeen = new Map<string, string>();
  const citedTimers = new Map<string, NodeJS.Timeout>();
  const warned = new Set<string>();

  const log = (level: 'info' | 'warn' | 'error', message: string) => connection.console[level === 'warn' ? 'warn' : level](`citelens: ${message}`);
  const ownWatcher = watchFiles((uri) => void state.diskChanged([uri], false));

  const state = createState({
    log,
    watch(uris) {
      const outside = uris.filter((u) => !folders.some((f) => u.startsWith(f)));
      if (!clientWatches) ownWatcher.set(uris);
      else if (relativePatterns) void watchOutside(outside);
      else ownWatcher.set(outside);
    },
    changed(before, after) {
      if (!state.loaded) return;
      const indexChanged =
        after.bibs !== before.bibs ||
        after.missing !== before.missing ||
        after.settings !== before.settings ||
        after.folderSettings !== before.folderSettings ||
        after.workspaceBibs !== before.workspaceBibs ||
        after.zotero !== before.zotero;
      if (indexChanged) {
        let old = 0;
        for (const [uri, file] of before.bibs) if (after.bibs.get(uri) !== file) old += fileLength(file);
        if (old) superseded(old);
        // A re-read (a re-export, a Zotero write) gets its search indexes now, in the pause its
        // parse already makes: one stall per re-read instead of two. A first read leaves them to
        // warm(), so that the requests waiting for it are answered first, from the quick scan.
        const reread = [...after.bibs].some(([u, f]) => before.bibs.has(u) && before.bibs.get(u) !== f) || (!!before.zotero?.data && after.zotero !== before.zotero);
        if (reread) buildIndexes(after, before);
        else warm();
        // After the replies to the requests that waited for this change (written from
        // setImmediate callbacks): diagnosing every open document first delayed them (60 ms at 100k).
        setTimeout(refreshDiagnostics, 0);
        // Not before the requests that waited for the first read are answered (it ends in a full collection).
        if (after.bibs.size) setTimeout(holdHeapClose, 1000).unref();
        void connection.sendNotification(Notifications.indexChanged, { revision: after.revision });
        return;
      }
      const changed = [...open.keys()].filter((u) => after.docs.get(u) !== before.docs.get(u));
      // A closed file, a LaTeX file or a Quarto project file can change what other documents use.
      const wide = [...after.docs.keys()].some((u) => !open.has(u) && after.docs.get(u) !== before.docs.get(u)) || changed.some((u) => after.docs.get(u)?.lang === 'latex');
      if (!pullDiagnostics) for (const u of wide ? [...open.keys()] : changed) publish(after, u);
      else if (wide) refreshDiagnostics();
      for (const u of changed) citationsMayHaveChanged(after, u);
      if (changed.length) warm();
    },
  });

  const zotero = startZotero(state, log);

  // The search indexes of open documents' bibliographies (and of the Zotero library) are built
  // in one piece: a 100k-entry library takes over two seconds to index. After a first read they
  // are built once requests pause; until then completion answers from the quick scan, in
  // milliseconds, and says it is incomplete. Measured in bench/soak.mjs at 100k entries
  // (2026-12-02, 6 re-exports): building 30 ms after each re-export stalled a second request per
  // re-export (storm completion p95 117 ms); building in 8 ms slices between requests was worse
  // (p50 139 ms, p95 3.7 s: every request waited behind several slices).
  let warming = false;
  /** A pause in requests this long starts the build; after MAX it starts regardless. */
  const WARM_QUIET_MS = 250;
  const WARM_MAX_WAIT_MS = 10_000;
  function warm(): void {
    if (warming) return;
    warming = true;
    const since = Date.now();
    const attempt = (): void => {
      const quiet = Date.now() - state.lastAsked;
      if (quiet < WARM_QUIET_MS && Date.now() - since < WARM_MAX_WAIT_MS) {
        setTimeout(attempt, WARM_QUIET_MS - quiet);
        return;
      }
      warming = false;
      buildIndexes(state.current());
    };
    // Not setImmediate: the protocol library writes replies from setImmediate callbacks, and the
    // requests that waited for this change must get theirs out first.
    setTimeout(attempt, WARM_QUIET_MS);
  }

  /**
   * With `before` (the snapshot a re-read replaced), each index is made from the one the same
   * document (or the library) had there, when that one was complete.
   */
  function buildIndexes(ws: Workspace, before?: Workspace): void {
    const library = libraryIndex(ws);
    const docs = [...open.keys()].filter((uri) => isManuscript(ws.docs.get(uri)?.lang ?? 'bib'));
    const wanted = [...docs.map((uri) => [docIndex(ws, uri), before?.docs.has(uri) ? docIndex(before, uri) : undefined] as const), ...(library ? [[library, before && libraryIndex(before)] as const] : [])];
    const pending = wanted.filter(([bib]) => !hasSearchIndex(bib));
    for (const [bib, earlier] of pending) searchIndexFor(bib, earlier && hasSearchIndex(earlier) ? earlier : undefined);
    // The formatter's first use (style, locale, engine) costs a hover about 100 ms; pay it now.
    if (pending.length) setImmediate(() => prepareFormatting(state.current()));
  }

  function refreshDiagnostics(): void {
    if (!pullDiagnostics) {
      for (const uri of open.keys()) publish(state.current(), uri);
    } else if (refreshSupport) {
      // A client may answer the refresh with an error; that must not take the server down.
      connection.languages.diagnostics.refresh().catch((err: unknown) => log('warn', `The editor refused a diagnostics refresh: ${String(err)}`));
    }
  }

  function publish(ws: Workspace, uri: string): void {
    if (!ws.docs.has(uri)) return;
    void connection.sendDiagnostics({ uri, diagnostics: diagnose(ws, uri).map((d) => toDiagnostic(ws, uri, d)) });
  }

  /** The sidebar's cited ticks follow typing: tell the client when a document's cited keys change. */
  function citationsMayHaveChanged(ws: Workspace, uri: string): void {
    const doc = ws.docs.get(uri);
    if (!doc || !isManuscript(doc.lang)) return;
    const keysOf = (w: Workspace, d: Doc) => [...new Set(citationsOf(w, d).map((c) => c.key))].sort().join('\n');
    // The first sight of a document is the baseline that later edits are compared with.
    if (!citedSeen.has(uri)) {
      citedSeen.set(uri, keysOf(ws, doc));
      return;
    }
    clearTimeout(citedTimers.get(uri));
    citedTimers.set(
      uri,
      setTimeout(() => {
        citedTimers.delete(uri);
        const current = state.current();
        const now = current.docs.get(uri);
        if (!now) return;
        const keys = keysOf(current, now);
        if (citedSeen.get(uri) === keys) return;
        citedSeen.set(uri, keys);
        void connection.sendNotification(Notifications.citationsChanged, { uri, revision: current.revision });
      }, 200),
    );
  }

  async function watchOutside(uris: string[]): Promise<void> {
    const key = uris.join('\n');
    if (key === externalKey) return;
    externalKey = key;
    const previous = externalRegistration;
    externalRegistration = undefined;
    if (previous) (await previous.catch(() => undefined))?.dispose();
    if (!uris.length) return;
    const watchers: FileSystemWatcher[] = uris.map((u) => ({
      globPattern: { baseUri: `${uriDirname(u)}/`, pattern: decodeURIComponent(u.slice(uriDirname(u).length + 1)) },
      kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete,
    }));
    externalRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    externalRegistration.catch((err: unknown) => log('warn', `The editor could not watch files outside the workspace: ${String(err)}`));
  }

  async function settingsFor(scopeUris: (string | undefined)[]): Promise<unknown[]> {
    if (!configurationRequests) return scopeUris.map(() => pushedSettings ?? initSettings);
    try {
      return await connection.workspace.getConfiguration(scopeUris.map((scopeUri) => (scopeUri ? { section: 'citelens', scopeUri } : { section: 'citelens' })));
    } catch (err) {
      log('warn', `Reading the citelens settings failed (${String(err)}); the defaults are used.`);
      return scopeUris.map(() => initSettings);
    }
  }

  function checked(raw: unknown, where: string): FolderOptions {
    const { settings, problems } = checkSettings(raw);
    for (const p of problems) {
      const message = `${p}${where ? ` (${where})` : ''}`;
      log('warn', message);
      if (!warned.has(message)) {
        warned.add(message);
        void connection.window.showWarningMessage(`Citelens: ${message}`);
      }
    }
    return folderOptions(settings);
  }

  /**
   * Reads the settings and reloads the workspace when they or the folders changed. VS Code sends
   * the settings unasked right after `initialized`, while the first load is under way; reloading for
   * that (same folders, same settings) threw the first load away and read everything twice.
   */
  async function reload(): Promise<void> {
    const asked = ++settingsAsked;
    const raw = await settingsFor([folders[0], ...folders]);
    // An older reply arriving after a newer one must not undo it.
    if (asked !== settingsAsked) return;
    await apply(raw);
  }

  /** Loads the workspace with these raw sections ([the first folder's, then each folder's]) unless it already was. */
  async function apply(raw: unknown[]): Promise<void> {
    const key = settingsKey([folders, raw]);
    if (key === appliedSettings) return;
    appliedSettings = key;
    const perFolder = new Map<string, FolderOptions>();
    folders.forEach((f, i) => perFolder.set(f, checked(raw[i + 1], pathOf(f))));
    void zotero.configure(checkSettings(raw[0]).settings.zotero?.dataDirectory);
    await state.reload({ folders, ...checked(raw[0], ''), perFolder });
  }

  function edit(uri: string, doc: TextDocument, opened: boolean): void {
    const lang = docLang(uri, doc.languageId);
    const make = (): Doc => ({ uri, text: doc.getText(), lang, version: doc.version });
    if (lang !== 'bib') return state.edit(make());
    // Re-reading a large bibliography on every keystroke would stall the server: wait for a pause.
    clearTimeout(bibTimers.get(uri));
    const delay = opened || doc.getText().length < 200_000 ? 0 : 300;
    const apply = () => {
      bibTimers.delete(uri);
      if (open.get(uri) === doc) state.edit(make());
    };
    if (delay === 0) apply();
    else bibTimers.set(uri, setTimeout(apply, delay));
  }

  const asFolderUri = (u: string) => normalizeUri(u.endsWith('/') ? u : `${u}/`);

  connection.onInitialized(() => {
    if (clientWatches) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: workspaceGlobs.map((globPattern) => ({ globPattern })) })
        .catch((err: unknown) => log('warn', `The editor could not watch the workspace (${String(err)}); Citelens watches files itself.`));
    }
    void reload();
    if (workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => asFolderUri(f.uri)));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => asFolderUri(f.uri))];
        void reload();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as { citelens?: unknown } | undefined)?.citelens;
    if (section !== undefined) pushedSettings = section;
    void reload();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes = Array.isArray(params?.changes) ? params.changes.filter((c) => typeof c?.uri === 'string') : [];
    if (!changes.length) return;
    void state.diskChanged(
      changes.map((c) => normalizeUri(c.uri)),
      changes.some((c) => c.type !== FileChangeType.Changed),
    );
  });

  connection.onDidOpenTextDocument((p) => {
    const d = p?.textDocument;
    if (!d || typeof d.uri !== 'string' || typeof d.text !== 'string') return log('warn', 'Ignored a didOpen without a uri and a text.');
    const uri = normalizeUri(d.uri);
    const doc = TextDocument.create(uri, typeof d.languageId === 'string' ? d.languageId : '', Number.isInteger(d.version) ? d.version : 0, d.text);
    open.set(uri, doc);
    edit(uri, doc, true);
  });

  connection.onDidChangeTextDocument((p) => {
    const uri = typeof p?.textDocument?.uri === 'string' ? normalizeUri(p.textDocument.uri) : undefined;
    const doc = uri ? open.get(uri) : undefined;
    if (!uri || !doc) return log('warn', `Ignored a change of a document that is not open${uri ? `: ${uri}` : ''}.`);
    const changes = Array.isArray(p.contentChanges) ? p.contentChanges.filter(validChange) : [];
    if (!changes.length) return;
    const next = TextDocument.update(doc, changes, Number.isInteger(p.textDocument.version) ? p.textDocument.version : doc.version + 1);
    open.set(uri, next);
    edit(uri, next, false);
  });

  connection.onDidCloseTextDocument((p) => {
    const uri = typeof p?.textDocument?.uri === 'string' ? normalizeUri(p.textDocument.uri) : undefined;
    if (!uri || !open.has(uri)) return;
    open.delete(uri);
    clearTimeout(bibTimers.get(uri));
    citedSeen.delete(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    void state.close(uri);
  });

  connection.onShutdown(() => {
    ownWatcher.close();
    zotero.close();
    for (const t of [...bibTimers.values(), ...citedTimers.values()]) clearTimeout(t);
  });

  return {
    state,
    get pullDiagnostics() {
      return pullDiagnostics;
    },
    initialize(params: InitializeParams): void {
      const caps = params.capabilities ?? {};
      pullDiagnostics = !!caps.textDocument?.diagnostic;
      configurationRequests = !!caps.workspace?.configuration;
      workspaceFolders = !!caps.workspace?.workspaceFolders;
      refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
      clientWatches = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
      relativePatterns = !!caps.workspace?.didChangeWatchedFiles?.relativePatternSupport;
      const list = Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri) : params.rootUri ? [params.rootUri] : [];
      folders = list.filter((u): u is string => typeof u === 'string').map(asFolderUri);
      initSettings = (params.initializationOptions as InitializationOptions | undefined)?.settings;
      // Citelens' client sends every folder's settings with initialize: the first load starts now,
      // not after the configuration round trips that follow `initialized` (which still confirm them).
      const given = initialSections(params.initializationOptions, folders, asFolderUri);
      if (given) void apply(given);
    },
    listen(): void {
      connection.listen();
    },
  };
}

function validChange(c: TextDocumentContentChangeEvent): boolean {
  if (!c || typeof c.text !== 'string') return false;
  if (!('range' in c) || c.range === undefined) return true;
  const ok = (p: unknown) => {
    const q = p as { line?: unknown; character?: unknown } | undefined;
    return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && (q.line as number) >= 0 && (q.character as number) >= 0;
  };
  return ok(c.range?.start) && ok(c.range?.end);
}
