// diagnose(): the problems of one document. Manuscripts get unknown keys and missing bibliography
// files; bibliography files get syntax errors, duplicate keys, missing crossref parents and unused entries.
import { onlyInLibrary } from '../analysis/zotero';
import { definedKeys, keyDefinitions } from '../analysis/bibIndex';
import { citationErrorsOf, citationsOf } from '../analysis/citations';
import { docIndex, indexFor, inlineReferences, isGenerated, scopeOf, texTreeNote, usesBibtex } from '../analysis/scope';
import type { Span } from '../model/types';
import { uriBasename } from '../model/uri';
import { isManuscript, settingsFor, type Severity, type Workspace } from '../model/workspace';
import type { Citation } from '../syntax/cite/citation';
import { typstDefinitions, typstLabels, typstSyntaxOf } from '../analysis/typstProject';

export interface CoreDiagnostic {
  span: Span;
  severity: Exclude<Severity, 'off'>;
  code: string;
  message: string;
  /** Extra data for quick fixes: the unknown key, the missing file. */
  data?: { key?: string; replacement?: string; target?: string; related?: { uri: string; span: Span; message: string }[]; zotero?: string };
}

export function diagnose(ws: Workspace, uri: string): CoreDiagnostic[] {
  const doc = ws.docs.get(uri);
  const found: Omit<CoreDiagnostic, 'severity'>[] = [];
  if (doc && isManuscript(doc.lang)) {
    const scope = scopeOf(ws, uri);
    const index = docIndex(ws, uri);
    for (const d of scope.declarations) {
      const refused = d.uri === uri ? ws.unreadable.get(d.target) : undefined;
      if (refused !== undefined) {
        found.push({ span: d.span, code: 'bib.unreadable', message: `Bibliography file not read: ${d.path} ${refused}`, data: { target: d.target } });
      } else if (d.uri === uri && ws.missing.has(d.target) && !isGenerated(ws, d.target)) {
        found.push({
          span: d.span,
          code: 'bib.missing-file',
          message: `Bibliography file not found: ${d.path}${texTreeNote(ws, d.target)}`,
          data: { target: d.target },
        });
      }
    }
    for (const e of citationErrorsOf(ws, doc)) found.push({ span: e.span, code: e.code, message: e.message });
    const loaded = scope.bibs.some((b) => ws.bibs.has(b) || isGenerated(ws, b)) || inlineReferences(ws, uri) !== undefined;
    const cites = citationsOf(ws, doc).filter((c) => !c.all);
    // Keys nobody can check are not fine keys: without a bibliography the document's citations are
    // unchecked, and saying so once (unless a missing file of its own already says it) fails `check`.
    // A missing or refused file that this document names (or the setting names) is reported as
    // such; one named only by the LaTeX root or _quarto.yml is not reported here, so this one is.
    const ownMissing = scope.bibs.some((b) => (ws.missing.has(b) || ws.unreadable.has(b)) && !scope.declarations.some((d) => d.target === b && d.uri !== uri));
    const first = cites[0];
    if (doc.lang === 'typst' && !typstDefinitions(ws, uri).mayHaveBibliography && ws.settings.bibliographies.length === 0) {
      // Typst has no bibliography but the one a document calls: every citation fails to compile,
      // whatever .bib files the workspace holds.
      for (const c of cites) {
        const message = c.reference ? `label \`<${c.key}>\` does not exist in the document, and the document does not contain a bibliography` : 'the document does not contain a bibliography';
        found.push({ span: c.span, code: 'citation.no-bibliography', message, data: { key: c.key } });
      }
    } else if (!loaded && first && !ownMissing) {
      const n = cites.length;
      found.push({
        span: first.span,
        code: 'citation.no-bibliography',
        message: `No bibliography found for ${uriBasename(uri)}: its ${n} citation${n === 1 ? ' is' : 's are'} not checked`,
      });
    } else if (loaded) {
      const bibtex = usesBibtex(ws, uri);
      for (const c of citationsOf(ws, doc)) {
        if (c.all || index.lookup(c.key)) continue;
        const folded = bibtex ? index.lookupIgnoringCase(c.key) : undefined;
        if (folded) {
          found.push({ span: c.span, code: 'citation.case-mismatch', message: `Citation key '${c.key}' matches '${folded.key}' only without case: BibTeX accepts it, biber and pandoc do not`, data: { key: c.key, replacement: folded.key } });
          continue;
        }
        // The key is still unknown to the toolchain; the library having it is what the quick fix offers.
        const library = onlyInLibrary(ws, uri, c.key)?.library.name;
        const message = doc.lang === 'typst' ? typstUnknown(c) : `Unknown citation key '${c.key}'`;
        found.push({ span: c.span, code: 'citation.unknown-key', message: library ? `${message} (it is in your Zotero library, ${library}: the quick fix adds it)` : message, data: { key: c.key, ...(library ? { zotero: library } : {}) } });
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
    // One by one: a generated library can have more problems than a call may take arguments.
    for (const d of diagnoseBib(ws, uri)) found.push(d);
  }
  return applySeverity(ws, uri, found);
}

/** How many other definitions a duplicate-key diagnostic points to; the message still counts them all. */
const maxRelated = 20;

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
  // The file's own index, as BibTeX reads one file: a closed .bib's scope need not include the file itself.
  const index = indexFor(ws, [uri]);
  // Duplicates within the file are the index's; across files they come from per-file key maps. The
  // work is linear in the entries, and each diagnostic lists a bounded number of the other places.
  for (const [key, all] of index.duplicates) {
    const list = all.length === keyDefinitions(file, key).length ? all : all.filter((e) => e.file === uri);
    if (list.length < 2) continue;
    const head = list.slice(0, maxRelated + 1);
    for (const entry of list) {
      const others = list.length - 1;
      const related = head.filter((e) => e !== entry).slice(0, maxRelated);
      out.push({
        span: entry.keySpan,
        code: 'bib.duplicate-key',
        message: `Duplicate key '${key}' (also defined on ${others === 1 ? 'another line' : `${others} other lines`})`,
        data: { key, related: related.map((o) => ({ uri, span: o.keySpan, message: 'Also defined here' })) },
      });
    }
  }
  // Missing crossref/xdata parents and cut chains, as inheritance itself resolved them (BibTeX's
  // case-insensitive crossref keys included): one resolution, read by display and diagnostics alike.
  for (const e of index.inheritanceErrors) {
    if (e.file === uri) out.push({ span: e.span, code: e.code, message: e.message, data: { key: e.key } });
  }
  // Cross-file duplicates: a key this file defines that another file of the same workspace also defines.
  for (const other of ws.bibs.values()) {
    if (other.file === uri) continue;
    for (const key of definedKeys(other)) {
      const first = keyDefinitions(file, key)[0];
      if (!first) continue;
      const theirs = keyDefinitions(other, key);
      out.push({
        span: first.keySpan,
        code: 'bib.duplicate-key',
        message: `Key '${key}' is also defined in ${workspacePath(ws, other.file)}`,
        data: { key, related: theirs.slice(0, maxRelated).map((e) => ({ uri: other.file, span: e.keySpan, message: 'Also defined here' })) },
      });
    }
  }
  if ((settingsFor(ws, uri).severity['bib.unused-entry'] ?? 'off') !== 'off') {
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

/** A file's path relative to its workspace folder (two `refs.bib` in different folders differ), else its name. */
function workspacePath(ws: Workspace, uri: string): string {
  const folder = ws.folders.find((f) => uri.startsWith(f));
  const path = folder ? uri.slice(folder.length) : uriBasename(uri);
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function applySeverity(ws: Workspace, uri: string, found: Omit<CoreDiagnostic, 'severity'>[]): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const d of found) {
    const severity = settingsFor(ws, uri).severity[d.code] ?? 'warning';
    if (severity !== 'off') out.push({ ...d, severity });
  }
  return out;
}
