// codeActions(): quick fixes — replace an unknown key by the closest existing keys, create a
// missing bibliography file — and importing a selected reference list into the bibliography.
import { docIndex } from '../scope';
import type { Span } from '../types';
import type { Workspace } from '../workspace';
import type { CoreDiagnostic } from './diagnostics';
import type { FileEdits } from './rename';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  diagnostic?: CoreDiagnostic;
  preferred?: boolean;
  edits?: FileEdits[];
  createFile?: string;
}

export function codeActions(ws: Workspace, uri: string, span: Span, diagnostics: CoreDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code === 'citation.unknown-key' && d.data?.key) {
      closestKeys(ws, uri, d.data.key, 5).forEach((key, i) => {
        out.push({
          title: `Change to '${key}'`,
          kind: 'quickfix',
          diagnostic: d,
          preferred: i === 0,
          edits: [{ uri, version: ws.docs.get(uri)?.version ?? -1, edits: [{ span: d.span, newText: key }] }],
        });
      });
    }
    if (d.code === 'bib.missing-file' && d.data?.target) {
      out.push({ title: `Create ${decodeURIComponent(d.data.target.replace(/^file:\/\//, ''))}`, kind: 'quickfix', diagnostic: d, createFile: d.data.target });
    }
  }
  void span;
  return out;
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
