// Core results -> LSP types. Offsets become positions through each document's line table.
import type { Diagnostic, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { CoreDiagnostic } from '../core/features/diagnostics';
import { lineStartsOf, offsetAt, positionAt, type Position, type Span } from '../core/model/types';
import type { Workspace } from '../core/model/workspace';

/** The line table of the document or bibliography whose text a URI's offsets refer to (an open editor's first). */
function linesOf(ws: Workspace, uri: string): number[] {
  const owner = ws.docs.get(uri) ?? ws.bibs.get(uri);
  return owner ? lineStartsOf(owner) : [0];
}

export function toRange(ws: Workspace, uri: string, span: Span): Range {
  const starts = linesOf(ws, uri);
  return { start: positionAt(starts, span.start), end: positionAt(starts, span.end) };
}

export function toOffset(ws: Workspace, uri: string, pos: Position): number {
  return offsetAt(linesOf(ws, uri), pos);
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
  if (d.code === 'bib.unused-entry') out.tags = [1];
  return out;
}
