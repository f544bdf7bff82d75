// documentSymbols(): the outline of a bibliography file — one symbol per entry and per @string.
import { entryTitle } from '../syntax/bib/fields';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';

export interface BibSymbol {
  name: string;
  detail: string;
  kind: 'entry' | 'string';
  span: Span;
  selectionSpan: Span;
}

export function documentSymbols(ws: Workspace, uri: string): BibSymbol[] {
  const file = ws.bibs.get(uri);
  if (!file) return [];
  return file.entries.map((entry) => ({
    name: entry.key,
    detail: `@${entry.type} ${entryTitle(entry)}`.trim(),
    kind: 'entry' as const,
    span: entry.span,
    selectionSpan: entry.keySpan,
  }));
}
