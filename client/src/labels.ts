// Text the client shows for server data: status bar, quick-pick rows, tree group labels.
// Pure (no vscode) so it can be unit-tested; the server decides content, this only words it.
import type { GroupBy, IndexStatus, SearchItem, TreeEntry, TreeGroup } from '../../server/src/protocol';

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

/**
 * The view's description line: the grouping in a word, and "cited" when only cited entries show.
 * A narrow sidebar cuts the header off after the title and its buttons, so it stays short; the
 * filter is in the view's message instead, where it is never cut.
 */
export function viewDescription(groupBy: GroupBy, onlyCited: boolean): string {
  const word = groupBy === 'zotero' ? 'Zotero' : groupBy;
  return onlyCited ? `by ${word} · cited` : `by ${word}`;
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

/**
 * An entry row: the key as the label, so it stays visible in a narrow sidebar (the description is
 * cut first), and who, when and what beside it; a tick in front when the manuscript cites it.
 */
export function entryRow(entry: Pick<TreeEntry, 'key' | 'label' | 'cited'>): { label: string; description: string } {
  return { label: entry.key, description: `${entry.cited ? '✓ ' : ''}${entry.label}` };
}

/** A group row's description: how much of it the manuscript cites (nothing when none). */
export function groupDescription(group: Pick<TreeGroup, 'count' | 'cited'>): string {
  return group.cited > 0 ? `${group.cited} cited` : '';
}

// Codicons by entry type, BibTeX/BibLaTeX and CSL names alike; anything else is a plain file.
const typeIcons: [RegExp, string][] = [
  [/^(article|article-journal|article-magazine|article-newspaper|periodical|suppperiodical|review|review-book)$/, 'note'],
  [/^(book|mvbook|inbook|bookinbook|suppbook|collection|mvcollection|incollection|suppcollection|chapter|reference|mvreference|inreference|entry-encyclopedia|entry-dictionary|booklet)$/, 'book'],
  [/^(inproceedings|conference|proceedings|mvproceedings|paper-conference|speech|presentation)$/, 'organization'],
  [/^(thesis|phdthesis|mastersthesis)$/, 'mortar-board'],
  [/^(report|techreport|manual|standard|legislation|legal_case|legal-case|regulation)$/, 'law'],
  [/^(online|webpage|post|post-weblog|electronic|www)$/, 'globe'],
  [/^(software|code)$/, 'code'],
  [/^(dataset|data)$/, 'database'],
  [/^(patent)$/, 'lightbulb'],
  [/^(unpublished|preprint|manuscript|draft)$/, 'edit'],
  [/^(image|graphic|figure|artwork|map)$/, 'file-media'],
  [/^(video|audio|motion_picture|motion-picture|song|broadcast|music|movie)$/, 'play-circle'],
];

/** The codicon of an entry type. */
export function typeIcon(type: string): string {
  const t = type.toLowerCase();
  return typeIcons.find(([re]) => re.test(t))?.[1] ?? 'file';
}

/**
 * Backslash-escapes every ASCII punctuation character CommonMark gives a meaning, so bibliography
 * text renders as written: `*stars*` stay stars, `<b>` stays text, `[x](y)` is no link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&"'$:=^]/g, (c) => `\\${c}`).replace(/\n/g, '  \n');
}

/** An entry's tooltip as Markdown: the key and type, then the reference as the document's style prints it, all escaped. */
export function entryTooltip(entry: Pick<TreeEntry, 'key' | 'type' | 'cited' | 'tooltip'>, reference: { text: string; style: string } | undefined): string {
  const head = `**${escapeMarkdown(entry.key)}** · ${escapeMarkdown(entry.type)}${entry.cited ? ' · cited' : ''}`;
  const body = reference ? `${escapeMarkdown(reference.text.trim())}\n\n*${escapeMarkdown(reference.style)}*` : escapeMarkdown(entry.tooltip);
  return `${head}\n\n${body}`;
}
