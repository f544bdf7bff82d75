// citedKeys(): the distinct keys a document's compilation unit cites (a LaTeX root with its
// chapters, a Quarto or bookdown book with all its chapters), in order of first citation.
import { citationsOf } from '../analysis/citations';
import { compilationUnit } from '../analysis/unit';
import type { Workspace } from '../model/workspace';

export function citedKeys(ws: Workspace, uri: string): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const member of compilationUnit(ws, uri)) {
    const doc = ws.docs.get(member);
    for (const c of doc ? citationsOf(ws, doc) : []) {
      if (c.all || seen.has(c.key)) continue;
      seen.add(c.key);
      keys.push(c.key);
    }
  }
  return keys;
}
