// formattedCitation(): the citation under the cursor (every key of its group, `[@a; @b]` or
// `\cite{a,b}`) formatted as the document's style writes it in the text, for "Copy Formatted Citation".
import { citationsOf } from '../analysis/citations';
import { formatCitationOf } from '../analysis/formatting';
import { docIndex } from '../analysis/scope';
import type { BibEntry } from '../model/entry';
import type { Span } from '../model/types';
import type { Workspace } from '../model/workspace';

export interface FormattedCitation {
  text: string;
  keys: string[];
  /** Keys of the group that no bibliography of the document defines (left out of `text`). */
  missing: string[];
  /** The style's title. */
  style: string;
  span: Span;
}

export function formattedCitation(ws: Workspace, uri: string, offset: number, format: 'text' | 'html' = 'text'): FormattedCitation | undefined {
  const doc = ws.docs.get(uri);
  if (!doc) return undefined;
  const group = citationsOf(ws, doc).filter((c) => !c.all && c.groupSpan.start <= offset && offset <= c.groupSpan.end);
  const first = group[0];
  if (!first) return undefined;
  const index = docIndex(ws, uri);
  const keys = [...new Set(group.filter((c) => c.groupSpan.start === first.groupSpan.start).map((c) => c.key))];
  const entries: BibEntry[] = [];
  const missing: string[] = [];
  for (const key of keys) {
    const found = index.lookup(key);
    if (found) entries.push(index.resolve(found));
    else missing.push(key);
  }
  const { text, title } = formatCitationOf(ws, entries, undefined, format, uri);
  return { text, keys, missing, style: title, span: first.groupSpan };
}
