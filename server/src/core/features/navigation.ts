// definition(), references() and highlights(): from a citation or a .bib key to every place
// the key is defined or cited.
import { bibKeyAt, citationAt, citationsOf, citationsOfKey } from '../analysis/citations';
import { docIndex } from '../analysis/scope';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';

export interface Location {
  uri: string;
  span: Span;
}

/** The key under the cursor, in a manuscript citation or on an entry of a .bib file. */
export function keyAt(ws: Workspace, uri: string, offset: number): { key: string; span: Span } | undefined {
  const doc = ws.docs.get(uri);
  if (!doc) return undefined;
  const cite = citationAt(ws, doc, offset);
  if (cite) return { key: cite.key, span: cite.span };
  return doc.lang === 'bib' ? bibKeyAt(ws, doc, offset) : undefined;
}

export function definition(ws: Workspace, uri: string, offset: number): Location[] {
  const found = keyAt(ws, uri, offset);
  if (!found) return [];
  return docIndex(ws, uri)
    .definitions(found.key)
    .map((e) => ({ uri: e.file, span: e.keySpan }));
}

export function references(ws: Workspace, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const found = keyAt(ws, uri, offset);
  if (!found) return [];
  const out: Location[] = citationsOfKey(ws, found.key).map(({ doc, citation }) => ({ uri: doc.uri, span: citation.span }));
  if (includeDeclaration) out.push(...definition(ws, uri, offset));
  return out;
}

export function highlights(ws: Workspace, uri: string, offset: number): Span[] {
  const doc = ws.docs.get(uri);
  const found = keyAt(ws, uri, offset);
  if (!doc || !found) return [];
  if (doc.lang === 'bib') return [found.span];
  return citationsOf(ws, doc)
    .filter((c) => c.key === found.key)
    .map((c) => c.span);
}
