// Formatted references in the workspace's CSL style, for hovers, completion documentation and
// copied bibliographies. Formatting a single entry is cached per entry and style.
import type { BibEntry } from '../model/entry';
import { toCsl } from '../syntax/bib/csl';
import { formatBibliography, formatReferences, prepareStyle, type OutputFormat, type StyleSpec } from '../format/format';
import { formatPlain } from '../format/plain';
import type { Workspace } from '../model/workspace';

const cache = new WeakMap<BibEntry, Map<string, string>>();

function styleOf(ws: Workspace, id: string): StyleSpec | undefined {
  const xml = ws.styles.get(id) ?? ws.styles.get('nature');
  return xml ? { id: ws.styles.has(id) ? id : 'nature', xml } : undefined;
}

function cslOf(entry: BibEntry) {
  return entry.csl && entry.format !== 'bibtex' ? { ...(entry.csl as Record<string, unknown>), id: entry.key } as ReturnType<typeof toCsl> : toCsl(entry);
}

/** Builds the configured style's citeproc engine so the first hover does not pay for it. */
export function prepareFormatting(ws: Workspace): void {
  const style = styleOf(ws, ws.settings.style);
  if (style) prepareStyle(style);
}

/** One entry as plain text in the workspace's style (with inherited fields already resolved by the caller). */
export function formatEntry(ws: Workspace, entry: BibEntry): string {
  const style = styleOf(ws, ws.settings.style);
  let byStyle = cache.get(entry);
  const cacheKey = style?.id ?? 'plain';
  const hit = byStyle?.get(cacheKey);
  if (hit !== undefined) return hit;
  const item = cslOf(entry);
  const text = style ? (formatReferences([item], style, 'text')[0] ?? formatPlain(item)) : formatPlain(item);
  if (!byStyle) cache.set(entry, (byStyle = new Map()));
  byStyle.set(cacheKey, text);
  return text;
}

/** A bibliography of several entries, ordered and numbered as the style says. */
export function formatEntries(ws: Workspace, entries: readonly BibEntry[], styleId: string, format: OutputFormat): string {
  const style = styleOf(ws, styleId);
  const items = entries.map(cslOf);
  if (!style) return items.map((i) => formatPlain(i, format)).join('\n');
  return formatBibliography(items, style, format);
}
