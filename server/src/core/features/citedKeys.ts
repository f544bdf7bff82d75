// citedKeys(): the distinct keys a document cites, in order of first citation.
import { citationsOf } from '../analysis/citations';
import type { Workspace } from '../model/workspace';

export function citedKeys(ws: Workspace, uri: string): string[] {
  const doc = ws.docs.get(uri);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const c of doc ? citationsOf(ws, doc) : []) {
    if (c.all || seen.has(c.key)) continue;
    seen.add(c.key);
    keys.push(c.key);
  }
  return keys;
}
