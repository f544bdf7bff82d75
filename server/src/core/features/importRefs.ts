// importReferences() for the editor: a pasted or selected reference list -> BibTeX text with
// fresh keys, plus what was skipped. The parsing itself lives in core/refs.
import { writeBibtex } from '../syntax/bib/bibtexWriter';
import type { BibEntry } from '../model/entry';
import { entryTitle, entryYear, fieldText, foldForSearch } from '../syntax/bib/fields';
import { importReferences as importList } from '../refs/toEntry';

export interface ImportPreview {
  bibtex: string;
  keys: string[];
  skipped: { text: string; reason: string }[];
  /** Fields the parser was unsure of, per key, for the user to check. */
  unsure: { key: string; fields: string[] }[];
}

export interface ImportOptions {
  /** Keys the new entries must not take. */
  taken: ReadonlySet<string>;
  /** Entries already in the bibliography: a reference that is one of them is skipped, not copied. */
  existing?: readonly BibEntry[];
}

export function importReferences(text: string, options: ImportOptions): ImportPreview {
  const result = importList(text, { taken: options.taken });
  const known = knownWorks(options.existing ?? []);
  const kept = [];
  const skipped = [...result.skipped];
  for (const r of result.imported) {
    const doi = r.parsed.doi?.toLowerCase();
    const same = (doi && known.byDoi.get(doi)) || known.byTitle.get(titleKey(r.parsed.title ?? '', r.parsed.year ?? ''));
    if (same) skipped.push({ text: r.parsed.text, reason: `already in the bibliography as '${same}'` });
    else kept.push(r);
  }
  return {
    bibtex: writeBibtex(kept.map((r) => r.entry)),
    keys: kept.map((r) => r.key),
    skipped,
    unsure: kept.filter((r) => r.lowConfidence.length).map((r) => ({ key: r.key, fields: r.lowConfidence })),
  };
}

function titleKey(title: string, year: string): string {
  return `${foldForSearch(title).replace(/[^a-z0-9]+/g, ' ').trim()}|${year}`;
}

function knownWorks(entries: readonly BibEntry[]): { byDoi: Map<string, string>; byTitle: Map<string, string> } {
  const byDoi = new Map<string, string>();
  const byTitle = new Map<string, string>();
  for (const e of entries) {
    const doi = fieldText(e, 'doi').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').trim().toLowerCase();
    if (doi) byDoi.set(doi, e.key);
    const title = entryTitle(e);
    if (title) byTitle.set(titleKey(title, entryYear(e)), e.key);
  }
  return { byDoi, byTitle };
}

/**
 * Whether a selection looks like a reference list worth offering to import: at least one
 * reference with authors, a title and a year.
 */
export function looksLikeReferences(text: string): boolean {
  if (text.trim().length < 40 || !/\b(1[89]|20)\d\d\b/.test(text)) return false;
  const result = importList(text, {});
  return result.imported.some((r) => r.parsed.authors.length > 0 && !!r.parsed.title && !!r.parsed.year);
}
