// indexStatus(): what is loaded — files, entries, read errors, missing bibliographies — for the
// status bar and for editors that want to know whether the first load has finished.
import { lineStartsOf, positionAt } from '../model/types';
import type { Workspace } from '../model/workspace';
import { isUnusedLookup } from '../analysis/scope';

export interface IndexStatus {
  ready: boolean;
  entries: number;
  files: { uri: string; entries: number; errors: number }[];
  errors: { uri: string; line: number; message: string }[];
  /** The Zotero library in a sentence: what was read from where, or where it was looked for and why not. */
  zotero?: string;
}

export function indexStatus(ws: Workspace, ready: boolean): IndexStatus {
  const files = [...ws.bibs.values()].map((f) => ({ uri: f.file, entries: f.entries.length, errors: f.errors.length }));
  const errors = [...ws.bibs.values()].flatMap((f) => {
    const starts = lineStartsOf(f);
    return f.errors.map((e) => ({ uri: f.file, line: positionAt(starts, e.span.start).line, message: e.message }));
  });
  for (const uri of ws.missing) if (!isUnusedLookup(ws, uri)) errors.push({ uri, line: 0, message: ws.unreadable.has(uri) ? `Bibliography file not read: it ${ws.unreadable.get(uri)}` : 'Bibliography file not found' });
  const zotero = zoteroStatus(ws);
  return { ready, entries: files.reduce((n, f) => n + f.entries, 0), files, errors, ...(zotero ? { zotero } : {}) };
}

function zoteroStatus(ws: Workspace): string | undefined {
  const z = ws.zotero;
  if (!z) return undefined;
  if (!z.data) return z.problem ? `Zotero: ${z.lookedFor} could not be read (${z.problem})` : `Zotero: off (${z.lookedFor})`;
  const n = z.data.libraries.reduce((k, l) => k + l.file.entries.length, 0);
  const groups = z.data.libraries.length - 1;
  const read = `Zotero: ${n} ${n === 1 ? 'item' : 'items'}${groups > 0 ? ` (with ${groups} group ${groups === 1 ? 'library' : 'libraries'})` : ''} from ${z.lookedFor}`;
  return z.problem ? `${read}; the latest copy could not be read (${z.problem})` : read;
}
