// Turns bibliography entries into the plain ThemeInput the themes feature reads. The only
// module of the feature that knows the entry model; it reads fields through bib/fields.ts.
import type { BibEntry } from '../model/entry';
import { fieldText } from '../syntax/bib/fields';
import type { GroupNode, ThemeInput } from './types';

function list(text: string, separators: RegExp): string[] {
  return text
    .split(separators)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '');
}

const ownFields = new Set(['title', 'abstract', 'keywords', 'journal', 'journaltitle', 'booktitle', 'groups', 'mendeley-groups']);

/**
 * One ThemeInput per entry. Keywords (Zotero tags as Better BibTeX writes them) split at `,` or `;`;
 * `groups` and `mendeley-groups` at `,`. `extraFields` are copied into `fields` for JabRef groups
 * that search other fields (see `groupFields`).
 */
export function themeInputs(entries: readonly BibEntry[], extraFields: readonly string[] = []): ThemeInput[] {
  const extra = extraFields.map((f) => f.toLowerCase()).filter((f) => !ownFields.has(f));
  return entries.map((entry) => {
    const input: ThemeInput = {
      key: entry.key,
      title: fieldText(entry, 'title'),
      abstract: fieldText(entry, 'abstract'),
      keywords: list(fieldText(entry, 'keywords'), /[,;]/),
      journal: fieldText(entry, 'journal') || fieldText(entry, 'journaltitle') || fieldText(entry, 'booktitle'),
      groups: [...list(fieldText(entry, 'groups'), /,/), ...list(fieldText(entry, 'mendeley-groups'), /,/)],
    };
    if (extra.length) input.fields = Object.fromEntries(extra.map((f) => [f, fieldText(entry, f)]));
    return input;
  });
}

/** The fields a JabRef group tree searches beyond the ones every ThemeInput has. */
export function groupFields(tree: readonly GroupNode[]): string[] {
  const out = new Set<string>();
  const walk = (nodes: readonly GroupNode[]): void => {
    for (const n of nodes) {
      if (n.field && !ownFields.has(n.field)) out.add(n.field);
      const m = n.kind === 'search' ? /^([\w-]+)\s*(?:==|=|contains|matches)/i.exec(n.term ?? '') : null;
      if (m && !ownFields.has((m[1] as string).toLowerCase())) out.add((m[1] as string).toLowerCase());
      walk(n.children);
    }
  };
  walk(tree);
  return [...out].sort();
}
