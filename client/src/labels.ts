// Text the client shows for server data: status bar, quick-pick rows, tree group labels.
// Pure (no vscode) so it can be unit-tested; the server decides content, this only words it.
import type { GroupBy, IndexStatus, SearchItem, TreeGroup } from '../../server/src/protocol';

export interface StatusText {
  /** Status-bar text with a codicon, e.g. `$(book) 254 entries`. */
  text: string;
  tooltip: string;
  /** True when the index has errors, so the item uses the warning colours. */
  warning: boolean;
}

export function statusText(status: IndexStatus | undefined): StatusText {
  if (!status || !status.ready) {
    return { text: '$(sync~spin) Citelens', tooltip: 'Citelens: indexing bibliographies…', warning: false };
  }
  if (status.files.length === 0) {
    return { text: '$(book) No bibliography', tooltip: 'Citelens: no bibliography found', warning: false };
  }
  const entries = plural(status.entries, 'entry', 'entries');
  const files = plural(status.files.length, 'file', 'files');
  const errors = status.errors.length;
  if (errors === 0) return { text: `$(book) ${entries}`, tooltip: `Citelens: ${entries} in ${files}`, warning: false };
  const errorText = plural(errors, 'error', 'errors');
  return {
    text: `$(warning) ${entries}, ${errorText}`,
    tooltip: `Citelens: ${entries} in ${files}, ${errorText} — click to list them`,
    warning: true,
  };
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `Theme (12)`: groups always show how many distinct entries they hold. */
export function groupLabel(group: Pick<TreeGroup, 'label' | 'count'>): string {
  return `${group.label} (${group.count})`;
}

export interface SearchRow {
  label: string;
  description: string;
  detail: string;
}

/** One quick-pick row per search hit: who and when as label, the key aside, title and themes below. */
export function searchRow(item: SearchItem): SearchRow {
  const who = [item.authors, item.year].filter((s) => s.trim() !== '').join(' ');
  const themes = item.themes.length > 0 ? ` · ${item.themes.join(', ')}` : '';
  return {
    label: who || item.key,
    description: item.key,
    detail: `${item.title || '(no title)'}${themes}`,
  };
}

export const groupByChoices: { value: GroupBy; label: string; description: string }[] = [
  { value: 'theme', label: 'Theme', description: 'explicit, rule-based and automatic themes' },
  { value: 'type', label: 'Entry type', description: 'article, book, inproceedings …' },
  { value: 'year', label: 'Year', description: 'publication year, newest first' },
  { value: 'file', label: 'File', description: 'the bibliography file that defines the entry' },
  { value: 'zotero', label: 'Zotero collections', description: 'the collections and tags of your Zotero library' },
];

/** The view's description line: what the tree currently shows besides the default. */
export function viewDescription(groupBy: GroupBy, filter: string | undefined, onlyCited: boolean): string {
  const parts: string[] = [];
  if (groupBy !== 'theme') parts.push(`by ${groupByChoices.find((c) => c.value === groupBy)?.label.toLowerCase() ?? groupBy}`);
  if (filter) parts.push(`“${filter}”`);
  if (onlyCited) parts.push('cited only');
  return parts.join(' · ');
}

/** The path shown for a file URI: relative to a workspace folder when it is inside one. */
export function shortPath(uri: string, folders: string[]): string {
  for (const folder of folders) {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (uri.startsWith(prefix)) return safeDecode(uri.slice(prefix.length));
  }
  return safeDecode(uri.startsWith('file://') ? uri.slice('file://'.length) : uri);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
