// Formatted references in a document's CSL style (analysis/documentStyle.ts), for hovers,
// completion documentation and copied bibliographies. A single entry's rendering is memoised on
// the entry object, per style object and locale, so both go with the snapshot that holds them.
import type { BibEntry } from '../model/entry';
import type { StyleSpec } from '../model/style';
import { toCsl } from '../syntax/bib/csl';
import { formatBibliography, formatCitation, formatReferences, prepareStyle, type OutputFormat } from '../format/format';
import { formatPlain } from '../format/plain';
import type { Workspace } from '../model/workspace';
import { styleInfo } from '../syntax/cslStyle';
import { documentStyle, type DocumentStyle } from './documentStyle';

// By the entry's fields, which an entry read again at another place in its file keeps (bibtex.ts).
const cache = new WeakMap<BibEntry['fields'], WeakMap<StyleSpec, Map<string, string>>>();

function cslOf(entry: BibEntry) {
  return toCsl(entry);
}

function localeOf(ws: Workspace, style: DocumentStyle) {
  return style.lang ? { locales: ws.locales, lang: style.lang } : { locales: ws.locales };
}

/** Builds the setting's (or a document's) citeproc engine so the first hover does not pay for it. */
export function prepareFormatting(ws: Workspace, uri?: string): void {
  const style = documentStyle(ws, uri);
  if (style.style) prepareStyle(style.style, localeOf(ws, style));
}

/** One entry as plain text in the style of the document `uri` (or the setting's), inherited fields already resolved by the caller. */
export function formatEntry(ws: Workspace, entry: BibEntry, uri?: string): string {
  const docStyle = documentStyle(ws, uri);
  const style = docStyle.style;
  if (!style) return formatPlain(cslOf(entry));
  let byStyle = cache.get(entry.fields);
  if (!byStyle) cache.set(entry.fields, (byStyle = new WeakMap()));
  let byLocale = byStyle.get(style);
  if (!byLocale) byStyle.set(style, (byLocale = new Map()));
  const key = docStyle.lang ?? '';
  let text = byLocale.get(key);
  if (text === undefined) {
    const item = cslOf(entry);
    text = formatReferences([item], style, 'text', undefined, localeOf(ws, docStyle))[0] ?? formatPlain(item);
    byLocale.set(key, text);
  }
  return text;
}

/**
 * A bibliography of several entries, ordered and numbered as the style says: the style `styleId`
 * (a bundled id) when given, else the document's.
 */
export function formatEntries(ws: Workspace, entries: readonly BibEntry[], styleId: string | undefined, format: OutputFormat, uri?: string): { text: string; title: string } {
  const docStyle = chosenStyle(ws, styleId, uri);
  const items = entries.map(cslOf);
  if (!docStyle.style) return { text: items.map((i) => formatPlain(i, format)).join('\n'), title: docStyle.title };
  return { text: formatBibliography(items, docStyle.style, format, undefined, localeOf(ws, docStyle)), title: docStyle.title };
}

/** The in-text citation of the entries in the document's style (or `styleId`). */
export function formatCitationOf(ws: Workspace, entries: readonly BibEntry[], styleId: string | undefined, format: OutputFormat, uri?: string): { text: string; title: string } {
  const docStyle = chosenStyle(ws, styleId, uri);
  if (!docStyle.style) return { text: entries.map((e) => e.key).join('; '), title: docStyle.title };
  return { text: formatCitation(entries.map(cslOf), docStyle.style, format, undefined, localeOf(ws, docStyle)), title: docStyle.title };
}

function chosenStyle(ws: Workspace, styleId: string | undefined, uri: string | undefined): DocumentStyle {
  const docStyle = documentStyle(ws, uri);
  const picked = styleId ? (ws.styles.get(styleId) ?? ws.styleFiles.get(styleId)?.style) : undefined;
  if (!picked || picked === docStyle.style) return docStyle;
  return { ...docStyle, style: picked, title: styleInfo(picked).title, notes: [] };
}
