// codeActions(): quick fixes — replace an unknown key by the closest existing keys, create a
// missing bibliography file — and importing a selected reference list into the bibliography.
import { docIndex, scopeOf } from '../analysis/scope';
import { uriBasename } from '../model/uri';
import { endsWithNewline, fileLength, fileSlice } from '../model/fileText';
import { importReferences, looksLikeReferences } from './importRefs';
import { addFromZotero } from './addFromZotero';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';
import type { CoreDiagnostic } from './diagnostics';
import type { FileEdits } from './rename';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  diagnostic?: CoreDiagnostic;
  preferred?: boolean;
  edits?: FileEdits[];
  createFile?: string;
  /**
   * A client command to run instead of an edit; with `replace`, the LSP layer passes that span of
   * the document as a last argument `{ uri, range }` (the text the command may replace).
   */
  command?: { id: string; title: string; args: unknown[]; replace?: Span };
  /** Why the action cannot be applied (shown greyed out, with this reason). */
  disabled?: string;
}

export function codeActions(ws: Workspace, uri: string, span: Span, diagnostics: CoreDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code === 'citation.unknown-key' && d.data?.key) {
      const close = closestKeys(ws, uri, d.data.key, 5);
      close.forEach((key, i) => {
        out.push({
          title: `Change to '${key}'`,
          kind: 'quickfix',
          diagnostic: d,
          preferred: i === 0,
          edits: [{ uri, version: ws.docs.get(uri)?.version ?? -1, edits: [{ span: d.span, newText: key }] }],
        });
      });
      // The key may be a half-remembered author or word: search with it, and replace the key by the pick.
      const key = d.data.key;
      const title = 'Search the bibliography…';
      out.push({ title: `Search the bibliography for '${key}'…`, kind: 'quickfix', diagnostic: d, command: { id: 'citelens.insertCitation', title, args: [key], replace: d.span } });
      if (close.length === 0) out.push({ title: 'Import references…', kind: 'quickfix', diagnostic: d, command: { id: 'citelens.importReferences', title: 'Import references…', args: [] } });
    }
    if (d.code === 'citation.unknown-key' && d.data?.key && d.data.zotero) {
      const added = addFromZotero(ws, uri, d.data.key);
      // A refusal is shown as a disabled action, so the writer sees why nothing can be added.
      if (added.ok) out.unshift({ title: `Add '${d.data.key}' from Zotero to ${uriBasename(added.target)}`, kind: 'quickfix', diagnostic: d, preferred: true, edits: added.files });
      else out.unshift({ title: `Add '${d.data.key}' from Zotero`, kind: 'quickfix', diagnostic: d, disabled: added.message });
    }
    if (d.code === 'citation.case-mismatch' && d.data?.replacement) {
      const key = d.data.replacement;
      out.push({ title: `Change to '${key}'`, kind: 'quickfix', diagnostic: d, preferred: true, edits: [{ uri, version: ws.docs.get(uri)?.version ?? -1, edits: [{ span: d.span, newText: key }] }] });
    }
    if (d.code === 'bib.missing-file' && d.data?.target) {
      out.push({ title: `Create ${decodeURIComponent(d.data.target.replace(/^file:\/\//, ''))}`, kind: 'quickfix', diagnostic: d, createFile: d.data.target });
    }
  }
  if (span.end > span.start) {
    const action = importAction(ws, uri, span);
    if (action) out.push(action);
  }
  return out;
}

/**
 * On a selected reference list: in a .bib file, replace it by BibTeX entries; in a manuscript,
 * append the entries to the first bibliography the document uses.
 */
function importAction(ws: Workspace, uri: string, span: Span): CodeAction | undefined {
  const doc = ws.docs.get(uri);
  const bib = ws.bibs.get(uri);
  const selected = doc ? doc.text.slice(span.start, span.end) : bib ? fileSlice(bib, span.start, span.end) : undefined;
  if (selected === undefined) return undefined;
  if (!looksLikeReferences(selected)) return undefined;
  const index = docIndex(ws, uri);
  const taken = new Set(index.entries.map((e) => e.key));
  const preview = importReferences(selected, { taken, existing: index.entries });
  if (preview.keys.length === 0) return undefined;
  const n = preview.keys.length === 1 ? '1 reference' : `${preview.keys.length} references`;
  if (ws.bibs.has(uri) && (!doc || doc.lang === 'bib')) {
    return {
      title: `Convert ${n} to BibTeX entries`,
      kind: 'refactor',
      edits: [{ uri, version: doc?.version ?? -1, edits: [{ span, newText: preview.bibtex }] }],
    };
  }
  const target = scopeOf(ws, uri).bibs.find((b) => ws.bibs.get(b)?.format === 'bibtex');
  const into = target ? ws.bibs.get(target) : undefined;
  if (!target || !into) return undefined;
  const end = fileLength(into);
  const lead = endsWithNewline(into) ? '' : '\n';
  return {
    title: `Import ${n} into ${uriBasename(target)}`,
    kind: 'refactor',
    edits: [{ uri: target, version: ws.docs.get(target)?.version ?? -1, edits: [{ span: { start: end, end }, newText: `${lead}\n${preview.bibtex}` }] }],
  };
}

/** The existing keys nearest to a mistyped one, by edit distance with a bonus for a shared prefix. */
export function closestKeys(ws: Workspace, uri: string, key: string, limit: number): string[] {
  const wanted = key.toLowerCase();
  const maxDistance = Math.max(2, Math.ceil(wanted.length * 0.4));
  const scored: { key: string; score: number }[] = [];
  for (const entry of docIndex(ws, uri).entries) {
    const candidate = entry.key.toLowerCase();
    if (Math.abs(candidate.length - wanted.length) > maxDistance) continue;
    const d = boundedDistance(wanted, candidate, maxDistance);
    if (d > maxDistance) continue;
    let prefix = 0;
    while (prefix < wanted.length && wanted[prefix] === candidate[prefix]) prefix++;
    scored.push({ key: entry.key, score: d - Math.min(prefix, 4) * 0.1 });
  }
  scored.sort((a, b) => a.score - b.score || a.key.localeCompare(b.key));
  return [...new Set(scored.map((s) => s.key))].slice(0, limit);
}

/** Levenshtein distance with transpositions, giving up (returning max + 1) once it exceeds max. */
export function boundedDistance(a: string, b: string, max: number): number {
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prevPrev[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n] as number;
}
