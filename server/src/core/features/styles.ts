// styles(): the styles Copy Bibliography can use, by title, with the document's own first.
import { documentStyle } from '../analysis/documentStyle';
import type { Workspace } from '../model/workspace';
import { styleInfo } from '../syntax/cslStyle';

export interface StylesParams {
  /** The document whose own style (`csl:`, LaTeX style, or the setting) is marked. */
  uri?: string;
}

export interface StyleChoice {
  /** What `formatReferences` takes as `style`. */
  id: string;
  /** The CSL `<title>`. */
  title: string;
  /** The document's style (or the setting's, without a document). */
  current: boolean;
  /** Where the current style comes from, and any fallback, in sentences. */
  notes?: string[];
}

/** The bundled styles, the document's own first when it is a file. */
export interface StylesResult {
  styles: StyleChoice[];
}

export function styles(ws: Workspace, uri: string | undefined): StylesResult {
  const own = documentStyle(ws, uri);
  const list: StyleChoice[] = [...ws.styles.values()].map((s) => ({ id: s.id, title: styleInfo(s).title, current: s === own.style }));
  list.sort((a, b) => Number(b.current) - Number(a.current) || a.title.localeCompare(b.title));
  if (own.style && !list.some((s) => s.current)) list.unshift({ id: own.style.id, title: own.title, current: true });
  const first = list[0];
  if (first?.current && own.notes.length) first.notes = own.notes;
  return { styles: list };
}
