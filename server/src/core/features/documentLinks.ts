// documentLinks(): bibliography paths in \bibliography{}, \addbibresource{}, YAML `bibliography:`
// and _quarto.yml link to the files they name.
import { declaredBibliographies, quartoBibliographies } from '../syntax/project';
import type { Span } from '../model/types';
import { resolveUri, uriBasename } from '../model/uri';
import type { Workspace } from '../model/workspace';

export interface DocumentLink {
  span: Span;
  target: string;
}

export function documentLinks(ws: Workspace, uri: string): DocumentLink[] {
  const doc = ws.docs.get(uri);
  if (!doc) return [];
  if (doc.lang === 'latex' || doc.lang === 'markdown') {
    return declaredBibliographies(doc.text, doc.lang).map((d) => ({ span: d.span, target: resolveUri(uri, d.path) }));
  }
  if (/^_quarto\.ya?ml$/.test(uriBasename(uri))) {
    return quartoBibliographies(doc.text).map((d) => ({ span: d.span, target: resolveUri(uri, d.path) }));
  }
  return [];
}
