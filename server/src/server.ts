// The language server: capabilities, then a table of handlers, one line each: validate the
// request, wait for the state to be ready, call one core feature on the current snapshot, convert
// with lsp/convert. The snapshot's only writer is lsp/state; document sync, watching and
// notifications live in lsp/session.
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { codeActions } from './core/features/codeActions';
import { citedKeys } from './core/features/citedKeys';
import { complete, resolveCompletion } from './core/features/completion';
import { diagnose } from './core/features/diagnostics';
import { documentLinks } from './core/features/documentLinks';
import { documentSymbols } from './core/features/documentSymbols';
import { formatReferences } from './core/features/formatReferences';
import { hover } from './core/features/hover';
import { overview } from './core/features/overview';
import { formattedCitation } from './core/features/formattedCitation';
import { styles } from './core/features/styles';
import { indexStatus } from './core/features/indexStatus';
import { insertCitation } from './core/features/insertCitation';
import { addBibliography } from './core/features/addBibliography';
import { definition, highlights, references } from './core/features/navigation';
import { pickEntries } from './core/features/pickEntries';
import { prepareRename, rename } from './core/features/rename';
import { treeLevel } from './core/features/themeTree';
import { normalizeUri } from './core/model/uri';
import type { Workspace } from './core/model/workspace';
import {
  invalidParams,
  positionParam,
  refused,
  toCodeAction,
  toCompletionList,
  toDiagnostic,
  toHighlights,
  toLocations,
  toOffset,
  toRange,
  toSymbols,
  toWorkspaceEdit,
  uriParam,
  addFromZoteroCommand,
} from './lsp/convert';
import { importInto } from './lsp/importRequest';
import { addFromZoteroRequest } from './lsp/addFromZotero';
import { startSession } from './lsp/session';
import { Requests, type AddBibliographyReply, type InsertCitationReply } from './protocol';

// The data type is whatever the request declares; a cancellation carries none.
const cancelled = () => new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');

export function startServer(connection: Connection): void {
  const session = startSession(connection);
  const { state } = session;

  /** Waits for what the document needs, then runs the feature on the current snapshot. */
  const at =
    <P, R>(run: (ws: Workspace, uri: string, offset: number, params: P) => R) =>
    async (params: P, token: CancellationToken) => {
      const uri = uriParam(params);
      const position = positionParam((params as { position?: unknown }).position);
      await state.ready(uri);
      if (token.isCancellationRequested) return cancelled();
      const ws = state.current();
      return run(ws, uri, toOffset(ws, uri, position), params);
    };
  const inDoc =
    <P, R>(run: (ws: Workspace, uri: string, params: P) => R) =>
    async (params: P, token: CancellationToken) => {
      const uri = uriParam(params);
      await state.ready(uri);
      if (token.isCancellationRequested) return cancelled();
      return run(state.current(), uri, params);
    };
  const custom =
    <P, R>(run: (ws: Workspace, params: P) => R | Promise<R>) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<never>> => {
      if (params !== undefined && (params === null || typeof params !== 'object')) throw invalidParams('The parameters must be an object.');
      const uri = (params as { uri?: unknown } | undefined)?.uri;
      if (uri !== undefined && typeof uri !== 'string') throw invalidParams('uri must be a string.');
      await state.ready(uri === undefined ? undefined : normalizeUri(uri));
      if (token.isCancellationRequested) return cancelled();
      return run(state.current(), params);
    };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    session.initialize(params);
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
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        ...(session.pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        executeCommandProvider: { commands: [addFromZoteroCommand] },
      },
      serverInfo: { name: 'citelens', version: '0.1.0' },
    };
  });

  connection.onCompletion(at((ws, uri, offset) => { const r = complete(ws, uri, offset); return r ? toCompletionList(ws, uri, r) : null; }));
  connection.onCompletionResolve(async (item) => { await state.ready(); return resolveItem(state.current(), item); });
  connection.onHover(at((ws, uri, offset) => { const r = hover(ws, uri, offset); return r ? { contents: { kind: 'markdown' as const, value: r.markdown }, range: toRange(ws, uri, r.span) } : null; }));
  connection.onDefinition(at((ws, uri, offset) => toLocations(ws, definition(ws, uri, offset))));
  connection.onReferences(at((ws, uri, offset, p) => toLocations(ws, references(ws, uri, offset, !!p.context?.includeDeclaration))));
  connection.onDocumentHighlight(at((ws, uri, offset) => toHighlights(ws, uri, highlights(ws, uri, offset))));
  connection.onPrepareRename(at((ws, uri, offset) => toPrepared(ws, uri, prepareRename(ws, uri, offset))));
  connection.onRenameRequest(async (p, token) => renameRequest(p, token));
  connection.onDocumentLinks(inDoc((ws, uri) => documentLinks(ws, uri).map((l) => ({ range: toRange(ws, uri, l.span), target: l.target }))));
  connection.onDocumentSymbol(inDoc((ws, uri) => toSymbols(ws, uri, documentSymbols(ws, uri))));
  connection.onCodeAction(inDoc((ws, uri, p) => codeActionsAt(ws, uri, p.range)));
  connection.languages.diagnostics.on(inDoc((ws, uri) => ({ kind: DocumentDiagnosticReportKind.Full, items: diagnose(ws, uri).map((d) => toDiagnostic(ws, uri, d)) })));

  connection.onExecuteCommand(async (p) => (p.command === addFromZoteroCommand ? addFromZoteroRequest(state, connection, p.arguments) : null));
  connection.onRequest(Requests.themeTree, custom((ws, p) => treeLevel(ws, { ...p, ...(p.uri ? { uri: normalizeUri(p.uri) } : {}) })));
  connection.onRequest(Requests.indexStatus, () => indexStatus(state.current(), state.loaded));
  connection.onRequest(Requests.formatReferences, custom((ws, p) => formatReferences(ws, { ...p, keys: stringList(p.keys, 'keys'), ...(p.uri ? { uri: normalizeUri(p.uri) } : {}) })));
  connection.onRequest(Requests.citedKeys, custom((ws, p) => ({ keys: citedKeys(ws, normalizeUri(String(p.uri))) })));
  connection.onRequest(Requests.search, custom((ws, p) => pickEntries(ws, { ...p, query: String(p.query ?? ''), ...(p.uri ? { uri: normalizeUri(p.uri) } : {}) })));
  connection.onRequest(Requests.importReferences, custom((_ws, p) => importInto(state, p)));
  connection.onRequest(Requests.styles, custom((ws, p) => styles(ws, p?.uri ? normalizeUri(p.uri) : undefined)));
  connection.onRequest(Requests.formatCitation, custom((ws, p) => citationAt(ws, p)));
  connection.onRequest(Requests.overview, custom((ws, p) => overview(ws, p?.uri ? { uri: normalizeUri(p.uri) } : {})));
  connection.onRequest(Requests.insertCitation, custom((ws, p) => insertionAt(ws, p)));
  connection.onRequest(Requests.addBibliography, custom((ws, p) => declareBibliography(ws, p)));

  async function renameRequest(p: { textDocument: { uri: string }; position: unknown; newName: unknown }, token: CancellationToken) {
    const uri = uriParam(p);
    const position = positionParam(p.position);
    if (typeof p.newName !== 'string') throw invalidParams('newName must be a string.');
    await state.ready(uri);
    // Closed files are edited at offsets computed from their text: read them as they are on disk now.
    for (let attempt = 0; ; attempt++) {
      if (token.isCancellationRequested) return cancelled();
      const ws = state.current();
      const result = rename(ws, uri, toOffset(ws, uri, position), p.newName);
      if (!result.ok) throw refused(result.message);
      const changed = await state.refreshClosed(result.files.filter((f) => f.version < 0).map((f) => f.uri));
      if (!changed.length) return toWorkspaceEdit(ws, result.files);
      if (attempt > 0) throw refused('Files changed on disk while the rename was computed; nothing was renamed. Try again.');
    }
  }

  function toPrepared(ws: Workspace, uri: string, found: ReturnType<typeof prepareRename>) {
    if (!found) return null;
    if (found.ok) return { range: toRange(ws, uri, found.span), placeholder: found.key };
    // Inside a citation but not on a key: refuse, and say which span is ours (an editor client
    // uses it to keep other rename providers, such as a Markdown link rename, away from it).
    throw refused(found.message, { claim: toRange(ws, uri, found.claim) });
  }

  function resolveItem<T extends { data?: unknown; documentation?: unknown }>(ws: Workspace, item: T): T {
    const raw = item.data as { key?: unknown; bibUri?: unknown; uri?: unknown } | undefined;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const data = raw && typeof raw === 'object' ? { key: str(raw.key), bibUri: str(raw.bibUri), uri: str(raw.uri) } : undefined;
    const value = resolveCompletion(ws, data as { key?: string; bibUri?: string; uri?: string } | undefined);
    if (value) item.documentation = { kind: 'markdown', value };
    return item;
  }

  function citationAt(ws: Workspace, p: { uri?: unknown; position?: unknown; format?: unknown }) {
    if (typeof p?.uri !== 'string') throw invalidParams('uri must be a string.');
    const uri = normalizeUri(p.uri);
    const found = formattedCitation(ws, uri, toOffset(ws, uri, positionParam(p.position)), p.format === 'html' ? 'html' : 'text');
    return found ? { text: found.text, keys: found.keys, missing: found.missing, style: found.style } : null;
  }

  function insertionAt(ws: Workspace, p: { uri?: unknown; position?: unknown; keys?: unknown; prefix?: unknown; locator?: unknown; command?: unknown }): InsertCitationReply {
    if (typeof p?.uri !== 'string') throw invalidParams('uri must be a string.');
    const text = (v: unknown, name: string) => {
      if (v !== undefined && typeof v !== 'string') throw invalidParams(`${name} must be a string.`);
      return v;
    };
    const uri = normalizeUri(p.uri);
    const offset = toOffset(ws, uri, positionParam(p.position));
    const options = { keys: stringList(p.keys, 'keys'), prefix: text(p.prefix, 'prefix'), locator: text(p.locator, 'locator'), command: text(p.command, 'command') };
    const r = insertCitation(ws, uri, offset, options);
    return r.ok ? { ...r, range: toRange(ws, uri, r.span) } : r;
  }

  function declareBibliography(ws: Workspace, p: { uri?: unknown; bibliography?: unknown }): AddBibliographyReply {
    if (typeof p?.uri !== 'string') throw invalidParams('uri must be a string.');
    if (typeof p.bibliography !== 'string') throw invalidParams('bibliography must be a string.');
    const r = addBibliography(ws, normalizeUri(p.uri), normalizeUri(p.bibliography));
    if (!r.ok) return r;
    const edit = toWorkspaceEdit(ws, r.files) as Extract<AddBibliographyReply, { ok: true }>['edit'];
    return { ok: true, edit, where: r.where };
  }

  function codeActionsAt(ws: Workspace, uri: string, range: unknown) {
    const r = range as { start?: unknown; end?: unknown } | undefined;
    const start = toOffset(ws, uri, positionParam(r?.start, 'range.start'));
    const end = toOffset(ws, uri, positionParam(r?.end, 'range.end'));
    const diagnostics = diagnose(ws, uri).filter((d) => d.span.start <= end && d.span.end >= start);
    return codeActions(ws, uri, { start, end }, diagnostics).map((a) => toCodeAction(ws, uri, a));
  }

  // Benchmarks start the server with `node --expose-gc` to measure what stays alive, not what the
  // collector has not reached yet; without the flag this request does not exist.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) connection.onRequest('citelens/debug/memory', () => (collect(), process.memoryUsage()));

  session.listen();
}

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalidParams(`${name} must be a list of strings.`);
  return value;
}
