// formatReferences(): the bibliography of some keys in a style, for Copy Bibliography.
import { formatEntries } from '../analysis/formatting';
import type { Workspace } from '../model/workspace';
import { sidebarIndex } from './themeTree';

export interface FormatParams {
  keys: string[];
  /** Look keys up in the bibliographies this document uses; all loaded ones when absent. */
  uri?: string;
  /** A bundled style id (see `citelens/styles`); defaults to the style of the document `uri`, else the setting's. */
  style?: string;
  format: 'text' | 'html';
}

/** The known keys formatted together (numbered styles number 1..n in the order asked), one reference per line for `text`. */
export interface FormatResult {
  text: string;
  /** Keys that are not in the index. */
  missing: string[];
  /** The title of the style used. */
  style: string;
}

export function formatReferences(ws: Workspace, params: FormatParams): FormatResult {
  const index = sidebarIndex(ws, params.uri);
  const entries = [];
  const missing: string[] = [];
  for (const key of params.keys) {
    const entry = index.lookup(key);
    if (entry) entries.push(entry);
    else missing.push(key);
  }
  const { text, title } = formatEntries(ws, entries, params.style, params.format, params.uri);
  return { text, missing, style: title };
}
