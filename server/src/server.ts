// The language server: capabilities and handlers. Each handler takes the current snapshot, calls
// one core feature and converts the result with lsp/convert. Host I/O goes through load.ts/host.ts.
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readBibliography } from './core/syntax/bib/read';
import { codeActions } from './core/features/codeActions';
import { complete, resolveCompletion } from './core/features/completion';
import { diagnose, type CoreDiagnostic } from './core/features/diagnostics';
import { documentLinks } from './core/features/documentLinks';
import { documentSymbols } from './core/features/documentSymbols';
import { hover } from './core/features/hover';
import { definition, highlights, references } from './core/features/navigation';
import { prepareRename, rename } from './core/features/rename';
import { docIndex } from './core/analysis/scope';
import { prepareFormatting } from './core/analysis/formatting';
import { searchIndexFor } from './core/analysis/entrySearch';
import { normalizeUri } from './core/model/uri';
import { applyChange, defaultSettings, emptyWorkspace, langOf, type Workspace } from './core/model/workspace';
import { loadDoc, scanFolders, watchFiles } from './host';
import { loadMissingBibs, loadMissingStyles, loadThemesFiles, loadWorkspace, reloadBibs, themesFileCandidates } from './load';
import { toDiagnostic, toOffset, toRange } from './lsp/convert';
import { registerCustomRequests } from './lsp/custom';
import { Notifications } from './protocol';
import { toCoreSettings, type UserSettings } from './settings';

/**
 * The language of an editor document. An unsaved BibTeX buffer (an import preview, a scratch
 * file) is not a bibliography of the workspace, so it is not indexed.
 */
function docLang(uri: string, languageId: string) {
  const lang = langOf(uri, languageId);
  return lang === 'bib' && !uri.startsWith('file:') ? 'other' : lang;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let ws: Workspace = emptyWorkspace([], defaultSettings);
  let folders: string[] = [];
  let userSettings: UserSettings | undefined;
  let pullDiagnostics = false;
  let configurationRequests = false;
  let ready = false;
  let queue: Promise<void> = Promise.resolve();
  const bibParseTimers = new Map<string, NodeJS.Timeout>();

  const watcher = watchFiles((uri) => enqueue(async (current) => reloadFromDisk(current, [uri])));

  /** Serialises snapshot updates so concurrent events never lose one another's changes. */
  function enqueue(change: (current: Workspace) => Promise<Workspace> | Workspace): Promise<void> {
    queue = queue
      .then(async () => {
        const before = ws;
        const next = await change(ws);
        if (next === before) return;
        ws = withOpenDocs(await loadMissingStyles(await loadMissingBibs(next)));
        if (ws.bibs !== before.bibs || ws.missing !== before.missing) {
          watcher.set([...ws.bibs.keys(), ...ws.missing, ...themesFileCandidates(ws), ...ws.styleFiles.keys()]);
          refreshAll();
        }
      })
      .catch((err: unknown) => connection.console.error(`citelens: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    return queue;
  }

  /**
   * Manuscript edits are applied to the snapshot at once, outside the queue; a queued change that
   * started from an older snapshot must not undo them, so open documents are merged back in.
   */
  function withOpenDocs(next: Workspace): Workspace {
    const stale = [];
    for (const d of documents.all()) {
      const uri = normalizeUri(d.uri);
      const lang = docLang(uri, d.languageId);
      if (lang === 'bib') continue;
      const have = next.docs.get(uri);
      if (!have || have.version !== d.version) stale.push({ uri, text: d.getText(), lang, version: d.version });
    }
    return stale.length ? applyChange(next, { docs: stale }) : next;
  }

  async function reloadFromDisk(current: Workspace, uris: string[]): Promise<Workspace> {
    // An open .bib is indexed from its editor buffer; the disk copy matters once it is closed.
    const closed = uris.filter((u) => !documents.get(u));
    let next = current;
    const bibs = closed.filter((u) => current.bibs.has(u) || current.missing.has(u) || langOf(u) === 'bib');
    if (bibs.length) next = await reloadBibs(next, bibs);
    // Manuscripts, _quarto.yml and theme files the snapshot already holds are re-read as they are on disk.
    const docs = closed.filter((u) => !bibs.includes(u) && (current.docs.has(u) || langOf(u) === 'latex' || langOf(u) === 'markdown' || /_(quarto|metadata)\.ya?ml$/.test(u)));
    for (const uri of docs) {
      const doc = await loadDoc(uri);
      next = doc ? applyChange(next, { docs: [doc] }) : applyChange(next, { removeDocs: [uri] });
    }
    return loadMissingStyles(await loadThemesFiles(next), closed);
  }

  /** Builds the search indexes of the open documents' scopes before the first completion asks. */
  function warm(): void {
    setImmediate(() => {
      for (const d of documents.all()) {
        const uri = normalizeUri(d.uri);
        const lang = docLang(uri, d.languageId);
        if (lang === 'latex' || lang === 'markdown') searchIndexFor(docIndex(ws, uri));
      }
      setImmediate(() => prepareFormatting(ws));
    });
  }

  function refreshAll(): void {
    if (!ready) return;
    warm();
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const doc of documents.all()) publish(doc.uri);
    void connection.sendNotification(Notifications.indexChanged, { revision: ws.revision });
  }

  function publish(uri: string): void {
    const diagnostics = diagnose(ws, uri).map((d) => toDiagnostic(ws, uri, d));
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  async function fetchSettings(): Promise<UserSettings | undefined> {
    if (!configurationRequests) return userSettings;
    try {
      return ((await connection.workspace.getConfiguration({ section: 'citelens', scopeUri: folders[0] })) as UserSettings | null) ?? undefined;
    } catch {
      return userSettings;
    }
  }

  async function reloadEverything(): Promise<void> {
    await enqueue(async () => {
      userSettings = await fetchSettings();
      const loaded = await loadWorkspace({
        folders,
        settings: toCoreSettings(userSettings),
        bibliographyPatterns: userSettings?.bibliographies ?? [],
        ...(userSettings?.themesFile ? { themesFile: userSettings.themesFile } : {}),
      });
      if (loaded.truncated) connection.console.warn('citelens: the workspace has more than 20,000 files; only the first were scanned.');
      let next = loaded.ws;
      // Open editors win over the disk.
      next = applyChange(next, {
        docs: documents.all().map((d) => ({ uri: normalizeUri(d.uri), text: d.getText(), lang: docLang(d.uri, d.languageId), version: d.version })),
        bibs: documents
          .all()
          .filter((d) => docLang(d.uri, d.languageId) === 'bib')
          .map((d) => readBibliography(normalizeUri(d.uri), d.getText())),
      });
      return next;
    });
    ready = true;
    refreshAll();
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationRequests = !!caps.workspace?.configuration;
    folders = (params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : [])).map((u) =>
      normalizeUri(u.endsWith('/') ? u : `${u}/`),
    );
    userSettings = (params.initializationOptions as { settings?: UserSettings } | undefined)?.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['{', ',', '@', ';', '[', '-'], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'citelens', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    void reloadEverything();
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => normalizeUri(f.uri.endsWith('/') ? f.uri : `${f.uri}/`)));
      folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => normalizeUri(f.uri.endsWith('/') ? f.uri : `${f.uri}/`))];
      void reloadEverything();
    });
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as { citelens?: UserSettings } | undefined)?.citelens;
    if (section) userSettings = section;
    void reloadEverything();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changed = params.changes.map((c) => normalizeUri(c.uri));
    const created = params.changes.some((c) => c.type !== FileChangeType.Changed);
    void enqueue(async (current) => {
      let next = await reloadFromDisk(current, changed);
      if (created && folders.length) next = applyChange(next, { workspaceBibs: (await scanFolders(folders)).bibs });
      return next;
    });
  });

  documents.onDidOpen((e) => onEdit(e.document, true));
  documents.onDidChangeContent((e) => onEdit(e.document, false));
  documents.onDidClose((e) => {
    const uri = normalizeUri(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
    void enqueue(async (current) => {
      // A closed .bib is indexed from disk again; its editor text must not linger as a document.
      const isBib = docLang(uri, e.document.languageId) === 'bib';
      const base = isBib ? applyChange(current, { removeDocs: [uri] }) : current;
      const inFolder = folders.some((f) => uri.startsWith(f));
      if (isBib || inFolder) return reloadFromDisk(base, [uri]);
      return applyChange(base, { removeDocs: [uri] });
    });
  });

  function onEdit(document: TextDocument, opened: boolean): void {
    const uri = normalizeUri(document.uri);
    const lang = docLang(uri, document.languageId);
    const text = document.getText();
    const doc = { uri, text, lang, version: document.version };
    if (lang === 'bib') {
      // Re-reading a large bibliography on every keystroke would stall the server: wait for a pause.
      clearTimeout(bibParseTimers.get(uri));
      const delay = opened || text.length < 200_000 ? 0 : 300;
      bibParseTimers.set(
        uri,
        setTimeout(() => {
          bibParseTimers.delete(uri);
          const current = documents.get(document.uri);
          if (!current) return;
          void enqueue((ws0) => applyChange(ws0, { docs: [{ ...doc, text: current.getText(), version: current.version }], bibs: [readBibliography(uri, current.getText())] })).then(
            () => !pullDiagnostics && publish(uri),
          );
        }, delay),
      );
      return;
    }
    // Manuscript edits are applied synchronously, so a pull right after a keystroke sees them.
    ws = applyChange(ws, { docs: [doc] });
    void enqueue((current) => current).then(() => {
      if (!pullDiagnostics && ready) publish(uri);
    });
    void enqueue(async (current) => loadMissingBibs(current));
  }

  connection.onCompletion((params, token) => {
    const uri = normalizeUri(params.textDocument.uri);
    const result = complete(ws, uri, toOffset(ws, uri, params.position));
    if (!result || token.isCancellationRequested) return null;
    return {
      isIncomplete: result.isIncomplete,
      items: result.items.map((item) => ({
        label: item.key,
        kind: 18,
        detail: item.detail,
        labelDetails: { detail: ` ${item.detail}`, description: item.description },
        sortText: item.sortText,
        filterText: item.filterText,
        textEdit: { range: toRange(ws, uri, item.replaceSpan), newText: item.key },
        data: item.data,
      })),
    };
  });

  connection.onCompletionResolve((item) => {
    const value = resolveCompletion(ws, item.data as { key?: string; bibUri?: string; uri?: string } | undefined);
    if (value) item.documentation = { kind: 'markdown', value };
    return item;
  });

  connection.onHover((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    const result = hover(ws, uri, toOffset(ws, uri, params.position));
    return result ? { contents: { kind: 'markdown', value: result.markdown }, range: toRange(ws, uri, result.span) } : null;
  });

  connection.onDefinition((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return definition(ws, uri, toOffset(ws, uri, params.position)).map((l) => ({ uri: l.uri, range: toRange(ws, l.uri, l.span) }));
  });

  connection.onReferences((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return references(ws, uri, toOffset(ws, uri, params.position), params.context.includeDeclaration).map((l) => ({
      uri: l.uri,
      range: toRange(ws, l.uri, l.span),
    }));
  });

  connection.onDocumentHighlight((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return highlights(ws, uri, toOffset(ws, uri, params.position)).map((span) => ({ range: toRange(ws, uri, span), kind: 1 }));
  });

  connection.onPrepareRename((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    const found = prepareRename(ws, uri, toOffset(ws, uri, params.position));
    return found ? { range: toRange(ws, uri, found.span), placeholder: found.key } : null;
  });

  connection.onRenameRequest((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    const result = rename(ws, uri, toOffset(ws, uri, params.position), params.newName);
    if (!result.ok) throw new Error(result.message);
    const edit: WorkspaceEdit = {
      documentChanges: result.files.map((f) => ({
        textDocument: { uri: f.uri, version: f.version >= 0 ? f.version : null },
        edits: f.edits.map((e) => ({ range: toRange(ws, f.uri, e.span), newText: e.newText })),
      })),
    };
    return edit;
  });

  connection.onDocumentLinks((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return documentLinks(ws, uri).map((l) => ({ range: toRange(ws, uri, l.span), target: l.target }));
  });

  connection.onDocumentSymbol((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return documentSymbols(ws, uri).map((s) => ({
      name: s.name,
      detail: s.detail,
      kind: s.kind === 'entry' ? 23 : 14,
      range: toRange(ws, uri, s.span),
      selectionRange: toRange(ws, uri, s.selectionSpan),
    }));
  });

  connection.onCodeAction((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    const start = toOffset(ws, uri, params.range.start);
    const end = toOffset(ws, uri, params.range.end);
    const diagnostics: CoreDiagnostic[] = diagnose(ws, uri).filter((d) => d.span.start <= end && d.span.end >= start);
    return codeActions(ws, uri, { start, end }, diagnostics).map((a) => {
      const action: CodeAction = { title: a.title, kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite };
      if (a.diagnostic) action.diagnostics = [toDiagnostic(ws, uri, a.diagnostic)];
      if (a.preferred) action.isPreferred = true;
      if (a.createFile) action.edit = { documentChanges: [{ kind: 'create', uri: a.createFile, options: { ignoreIfExists: true } }] };
      if (a.edits) {
        action.edit = {
          documentChanges: a.edits.map((f) => ({
            textDocument: { uri: f.uri, version: f.version >= 0 ? f.version : null },
            edits: f.edits.map((e) => ({ range: toRange(ws, f.uri, e.span), newText: e.newText })),
          })),
        };
      }
      return action;
    });
  });

  connection.languages.diagnostics.on((params) => {
    const uri = normalizeUri(params.textDocument.uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnose(ws, uri).map((d) => toDiagnostic(ws, uri, d)) };
  });

  registerCustomRequests(connection, () => ws, (change) => enqueue(change), () => ready);

  connection.onShutdown(() => {
    watcher.close();
  });

  documents.listen(connection);
  connection.listen();
}
