// Core results -> LSP types. Offsets become positions through each document's line table.
import type { Diagnostic, Range } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { CoreDiagnostic } from '../core/features/diagnostics';
import { lineStarts, offsetAt, positionAt, type Position, type Span } from '../core/types';
import type { Workspace } from '../core/workspace';

const lineCache = new Map<string, { text: string; starts: number[] }>();

/** The line table of a document or bibliography text, cached while the text is the same. */
export function linesOf(uri: string, text: string): number[] {
  const hit = lineCache.get(uri);
  if (hit && hit.text === text) return hit.starts;
  const starts = lineStarts(text);
  lineCache.set(uri, { text, starts });
  return starts;
}

export function textOf(ws: Workspace, uri: string): string | undefined {
  return ws.docs.get(uri)?.text ?? ws.bibs.get(uri)?.text;
}

export function toRange(ws: Workspace, uri: string, span: Span): Range {
  const text = textOf(ws, uri) ?? '';
  const starts = linesOf(uri, text);
  return { start: positionAt(starts, span.start), end: positionAt(starts, span.end) };
}

export function toOffset(ws: Workspace, uri: string, pos: Position): number {
  const text = textOf(ws, uri) ?? '';
  return offsetAt(linesOf(uri, text), pos);
}

export function forget(uri: string): void {
  lineCache.delete(uri);
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
