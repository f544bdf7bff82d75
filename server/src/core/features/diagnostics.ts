// diagnose(): the problems of one document. Manuscripts get unknown keys and missing bibliography
// files; bibliography files get syntax errors, duplicate keys, missing crossref parents and unused entries.
import { xdataKeys } from '../analysis/crossref';
import { fieldSpan } from '../model/entry';
import { citationErrorsOf, citationsOf } from '../analysis/citations';
import { docIndex, scopeOf } from '../analysis/scope';
import type { Span } from '../model/types';
import { uriBasename } from '../model/uri';
import { isManuscript, type Severity, type Workspace } from '../model/workspace';
import type { Citation } from '../syntax/cite/citation';
import { typstDefinitions, typstLabels, typstSyntaxOf } from '../analysis/typstProject';

export interface CoreDiagnostic {
  span: Span;
  severity: Exclude<Severity, 'off'>;
  code: string;
  message: string;
  /** Extra data for quick fixes: the unknown key, the missing file. */
  data?: { key?: string; target?: string; related?: { uri: string; span: Span; message: string }[] };
}

export function diagnose(ws: Workspace, uri: string): CoreDiagnostic[] {
  const doc = ws.docs.get(uri);
  const found: Omit<CoreDiagnostic, 'severity'>[] = [];
  if (doc && isManuscript(doc.lang)) {
    const scope = scopeOf(ws, uri);
    const index = docIndex(ws, uri);
    for (const d of scope.declarations) {
      if (d.uri === uri && ws.missing.has(d.target)) {
        found.push({
          span: d.span,
          code: 'bib.missing-file',
          message: `Bibliography file not found: ${d.path}`,
          data: { target: d.target },
        });
      }
    }
    for (const e of citationErrorsOf(ws, doc)) found.push({ span: e.span, code: e.code, message: e.message });
    const loaded = scope.bibs.some((b) => ws.bibs.has(b));
    if (doc.lang === 'typst' && !typstDefinitions(ws, uri).mayHaveBibliography && ws.settings.bibliographies.length === 0) {
      // Typst has no bibliography but the one a document calls: every citation fails to compile,
      // whatever .bib files the workspace holds.
      for (const c of citationsOf(ws, doc)) {
        if (c.all) continue;
        const message = c.reference ? `label \`<${c.key}>\` does not exist in the document, and the document does not contain a bibliography` : 'the document does not contain a bibliography';
        found.push({ span: c.span, code: 'citation.no-bibliography', message, data: { key: c.key } });
      }
    } else if (loaded) {
      for (const c of citationsOf(ws, doc)) {
        if (c.all || index.lookup(c.key)) continue;
        found.push({ span: c.span, code: 'citation.unknown-key', message: doc.lang === 'typst' ? typstUnknown(c) : `Unknown citation key '${c.key}'`, data: { key: c.key } });
      }
      if (doc.lang === 'typst') {
        // Typst refuses a reference it could read both ways.
        const labels = typstLabels(ws, uri);
        for (const c of typstSyntaxOf(doc).citations) {
          if (c.reference && labels.has(c.key) && index.lookup(c.key)) {
            found.push({ span: c.span, code: 'citation.label-and-key', message: `label \`<${c.key}>\` occurs both in the document and its bibliography; change either the label or the key`, data: { key: c.key } });
          }
        }
      }
    }
  } else if (ws.bibs.has(uri)) {
    found.push(...diagnoseBib(ws, uri));
  }
  return applySeverity(ws, found);
}

/**
 * The Typst compiler's own wording: `#cite` asks the bibliography only, while `@key` and `#ref`
 * look for a label first and are reported as a missing label.
 */
function typstUnknown(c: Citation): string {
  return c.reference
    ? `label \`<${c.key}>\` does not exist in the document, nor key \`${c.key}\` in the bibliography`
    : `key \`${c.key}\` does not exist in the bibliography`;
}

function diagnoseBib(ws: Workspace, uri: string): Omit<CoreDiagnostic, 'severity'>[] {
  const file = ws.bibs.get(uri);
  if (!file) return [];
  const out: Omit<CoreDiagnostic, 'severity'>[] = [];
  for (const e of file.errors) out.push({ span: e.span, code: e.code || 'bib.syntax', message: e.message });
  const index = docIndex(ws, uri);
  const seen = new Map<string, number>();
  for (const entry of file.entries) seen.set(entry.key, (seen.get(entry.key) ?? 0) + 1);
  for (const entry of file.entries) {
    if ((seen.get(entry.key) ?? 0) > 1) {
      const others = file.entries.filter((e) => e.key === entry.key && e !== entry);
      out.push({
        span: entry.keySpan,
        code: 'bib.duplicate-key',
        message: `Duplicate key '${entry.key}' (also defined on ${others.length === 1 ? 'another line' : `${others.length} other lines`})`,
        data: { key: entry.key, related: others.map((o) => ({ uri, span: o.keySpan, message: 'Also defined here' })) },
      });
    }
    const parent = entry.fields.get('crossref');
    if (parent) {
      const parentKey = parent.raw.trim();
      if (parentKey && !index.lookup(parentKey)) {
        out.push({
          span: fieldSpan(parent) ?? entry.keySpan,
          code: 'bib.missing-crossref',
          message: `Entry '${entry.key}' inherits from '${parentKey}', which is not defined`,
          data: { key: parentKey },
        });
      }
    }
    const xdata = entry.fields.get('xdata');
    for (const key of xdata ? xdataKeys(xdata) : []) {
      if (!index.lookup(key)) {
        out.push({
          span: (xdata && fieldSpan(xdata)) ?? entry.keySpan,
          code: 'bib.missing-xdata',
          message: `Entry '${entry.key}' takes data from '${key}', which is not defined`,
          data: { key },
        });
      }
    }
  }
  // Cross-file duplicates: a key this file defines that another file of the same workspace also defines.
  for (const other of ws.bibs.values()) {
    if (other.file === uri) continue;
    for (const entry of other.entries) {
      if (!seen.has(entry.key)) continue;
      const mine = file.entries.find((e) => e.key === entry.key);
      if (!mine) continue;
      out.push({
        span: mine.keySpan,
        code: 'bib.duplicate-key',
        message: `Key '${entry.key}' is also defined in ${uriBasename(other.file)}`,
        data: { key: entry.key, related: [{ uri: other.file, span: entry.keySpan, message: 'Also defined here' }] },
      });
    }
  }
  if ((ws.settings.severity['bib.unused-entry'] ?? 'off') !== 'off') {
    const cited = new Set<string>();
    let citesAll = false;
    for (const doc of ws.docs.values()) {
      for (const c of citationsOf(ws, doc)) {
        if (c.all) citesAll = true;
        else cited.add(c.key);
      }
    }
    if (!citesAll) {
      for (const entry of file.entries) {
        if (!cited.has(entry.key)) {
          out.push({ span: entry.keySpan, code: 'bib.unused-entry', message: `'${entry.key}' is not cited in the workspace` });
        }
      }
    }
  }
  return out;
}

function applySeverity(ws: Workspace, found: Omit<CoreDiagnostic, 'severity'>[]): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const d of found) {
    const severity = ws.settings.severity[d.code] ?? 'warning';
    if (severity !== 'off') out.push({ ...d, severity });
  }
  return out;
}
