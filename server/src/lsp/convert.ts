// Core results -> LSP types, and LSP parameters -> core offsets. Offsets become positions through
// each document's line table; positions from the editor are validated and clamped here, so a
// malformed request is an error and never a loop in the core.
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DocumentHighlightKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Location,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { CodeAction as CoreCodeAction } from '../core/features/codeActions';
import type { CompletionResult, EntryKind } from '../core/features/completion';
import type { CoreDiagnostic } from '../core/features/diagnostics';
import type { BibSymbol } from '../core/features/documentSymbols';
import type { Location as CoreLocation } from '../core/features/navigation';
import type { FileEdits } from '../core/features/rename';
import { lineStartsOf, positionAt, type Position, type Span } from '../core/model/types';
import { normalizeUri } from '../core/model/uri';
import type { Doc, Workspace } from '../core/model/workspace';
import type { BibFile } from '../core/model/entry';
import { fileCharCodeAt, fileLength } from '../core/model/fileText';

/** The text whose offsets a URI's spans refer to: an open editor's first, else the parsed bibliography. */
function ownerOf(ws: Workspace, uri: string): Doc | BibFile | undefined {
  return ws.docs.get(uri) ?? ws.bibs.get(uri);
}

function linesOf(ws: Workspace, uri: string): number[] {
  const owner = ownerOf(ws, uri);
  return owner ? lineStartsOf(owner) : [0];
}

export function toRange(ws: Workspace, uri: string, span: Span): Range {
  const starts = linesOf(ws, uri);
  return { start: positionAt(starts, span.start), end: positionAt(starts, span.end) };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/**
 * An edit Citelens will not make, said in a sentence. `data.citelens = 'refused'` lets the VS Code
 * client tell it from a failure (and keep other rename providers away, see client/src/rename.ts).
 */
export function refused(message: string, data: Record<string, unknown> = {}): ResponseError<unknown> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message, { citelens: 'refused', ...data });
}

/** The document URI of a request, or an InvalidParams error. */
export function uriParam(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  if (typeof uri !== 'string' || uri === '') throw invalidParams('textDocument.uri must be a non-empty string.');
  return normalizeUri(uri);
}

/** A position checked to be two non-negative integers, else an InvalidParams error. */
export function positionParam(value: unknown, name = 'position'): Position {
  const p = value as { line?: unknown; character?: unknown } | null | undefined;
  if (!p || typeof p !== 'object' || !isCount(p.line) || !isCount(p.character)) {
    throw invalidParams(`${name} must be { line, character } with non-negative integers.`);
  }
  return { line: p.line, character: p.character };
}

/** The offset of a position, clamped to the document: a line past the end is the end, a character past the line's end is the line's end. */
export function toOffset(ws: Workspace, uri: string, pos: Position): number {
  const owner = ownerOf(ws, uri);
  if (!owner) return 0;
  const starts = lineStartsOf(owner);
  const pieces = 'chunks' in owner ? owner : { chunks: [owner.text] };
  const length = fileLength(pieces);
  if (pos.line >= starts.length) return length;
  const start = starts[pos.line] as number;
  let end = pos.line + 1 < starts.length ? (starts[pos.line + 1] as number) : length;
  // The line's end is before its line break.
  while (end > start && (fileCharCodeAt(pieces, end - 1) === 10 || fileCharCodeAt(pieces, end - 1) === 13)) end--;
  return Math.min(start + pos.character, end);
}

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export function toDiagnostic(ws: Workspace, uri: string, d: CoreDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: toRange(ws, uri, d.span),
    severity: severities[d.severity],
    code: d.code,
    source: 'citelens',
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.data?.related) {
    out.relatedInformation = d.data.related.map((r) => ({ location: { uri: r.uri, range: toRange(ws, r.uri, r.span) }, message: r.message }));
  }
  if (d.code === 'bib.unused-entry') out.tags = [DiagnosticTag.Unnecessary];
  return out;
}

/** The server command that appends a Zotero item to a document's bibliography (workspace/executeCommand). */
export const addFromZoteroCommand = 'citelens.server.addFromZotero';

/** An icon per entry type, from the protocol's kinds (editors draw their own icons for them). */
const completionKinds: Record<EntryKind, CompletionItemKind> = {
  article: CompletionItemKind.Reference,
  book: CompletionItemKind.Module,
  chapter: CompletionItemKind.Struct,
  paper: CompletionItemKind.Event,
  thesis: CompletionItemKind.Class,
  report: CompletionItemKind.File,
  web: CompletionItemKind.Interface,
  software: CompletionItemKind.Method,
  data: CompletionItemKind.Field,
  other: CompletionItemKind.Text,
};

export function toCompletionList(ws: Workspace, uri: string, result: CompletionResult): CompletionList {
  return {
    isIncomplete: result.isIncomplete,
    items: result.items.map(
      (item): CompletionItem => ({
        label: item.key,
        kind: completionKinds[item.kind],
        detail: item.detail,
        labelDetails: { detail: ` ${item.detail}`, description: item.description },
        sortText: item.sortText,
        filterText: item.filterText,
        textEdit: { range: toRange(ws, uri, item.replaceSpan), newText: item.key },
        data: item.data,
        // Choosing a Zotero item also adds its entry to the document's bibliography.
        ...(item.zotero ? { command: { title: 'Add from Zotero', command: addFromZoteroCommand, arguments: [{ uri, key: item.key }] } } : {}),
      }),
    ).concat(
      (result.actions ?? []).map(
        (row, i): CompletionItem => ({
          label: row.label,
          kind: CompletionItemKind.Event,
          detail: row.detail,
          // After every key: the rows are a way out, not a match.
          sortText: `~${String(i).padStart(3, '0')}`,
          filterText: row.filterText,
          textEdit: { range: toRange(ws, uri, row.replaceSpan), newText: row.newText },
          ...(row.aroundEdits?.length ? { additionalTextEdits: row.aroundEdits.map((e) => ({ range: toRange(ws, uri, e.span), newText: e.newText })) } : {}),
          command: { command: row.command.id, title: row.command.title, arguments: row.command.args },
        }),
      ),
    ),
  };
}

export function toLocations(ws: Workspace, list: readonly CoreLocation[]): Location[] {
  return list.map((l) => ({ uri: l.uri, range: toRange(ws, l.uri, l.span) }));
}

export function toHighlights(ws: Workspace, uri: string, spans: readonly Span[]) {
  return spans.map((span) => ({ range: toRange(ws, uri, span), kind: DocumentHighlightKind.Text }));
}

export function toWorkspaceEdit(ws: Workspace, files: readonly FileEdits[]): WorkspaceEdit {
  return {
    documentChanges: files.map((f) => ({
      textDocument: { uri: f.uri, version: f.version >= 0 ? f.version : null },
      edits: f.edits.map((e) => ({ range: toRange(ws, f.uri, e.span), newText: e.newText })),
    })),
  };
}

export function toSymbols(ws: Workspace, uri: string, symbols: readonly BibSymbol[]): DocumentSymbol[] {
  return symbols.map((s) => ({
    name: s.name,
    detail: s.detail,
    kind: s.kind === 'entry' ? SymbolKind.Struct : SymbolKind.Constant,
    range: toRange(ws, uri, s.span),
    selectionRange: toRange(ws, uri, s.selectionSpan),
  }));
}

export function toCodeAction(ws: Workspace, uri: string, a: CoreCodeAction): CodeAction {
  const action: CodeAction = { title: a.title, kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite };
  if (a.diagnostic) action.diagnostics = [toDiagnostic(ws, uri, a.diagnostic)];
  if (a.preferred) action.isPreferred = true;
  if (a.createFile) action.edit = { documentChanges: [{ kind: 'create', uri: a.createFile, options: { ignoreIfExists: true } }] };
  if (a.edits) action.edit = toWorkspaceEdit(ws, a.edits);
  if (a.command) {
    const args = a.command.replace ? [...a.command.args, { uri, range: toRange(ws, uri, a.command.replace) }] : a.command.args;
    action.command = { command: a.command.id, title: a.command.title, arguments: args };
  }
  if (a.disabled) action.disabled = { reason: a.disabled };
  return action;
}
