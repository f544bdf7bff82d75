// documentLinks(): bibliography paths in \bibliography{}, \addbibresource{}, YAML `bibliography:`,
// Typst's `#bibliography(...)` and _quarto.yml link to the files they name.
import { declaredBibliographies, quartoBibliographies } from '../syntax/project';
import type { Span } from '../model/types';
import { resolveUri, uriBasename } from '../model/uri';
import { isManuscript, type Workspace } from '../model/workspace';
import { typstPath } from '../analysis/typstProject';

export interface DocumentLink {
  span: Span;
  target: string;
}

export function documentLinks(ws: Workspace, uri: string): DocumentLink[] {
  const doc = ws.docs.get(uri);
  if (!doc) return [];
  if (isManuscript(doc.lang)) {
    const resolve = doc.lang === 'typst' ? (path: string) => typstPath(ws, uri, path) : (path: string) => resolveUri(uri, path);
    return declaredBibliographies(doc.text, doc.lang).map((d) => ({ span: d.span, target: resolve(d.path) }));
  }
  if (/^_quarto\.ya?ml$/.test(uriBasename(uri))) {
    return quartoBibliographies(doc.text).map((d) => ({ span: d.span, target: resolveUri(uri, d.path) }));
  }
  return [];
}
