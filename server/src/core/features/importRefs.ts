// importReferences() for the editor: a pasted or selected reference list -> BibTeX text with
// fresh keys, plus what was skipped. The parsing itself lives in core/refs.
import { writeBibtex } from '../syntax/bib/bibtexWriter';
import type { BibEntry } from '../model/entry';
import { indexEntries } from '../refs/sameWork';
import { parseReference } from '../refs/parse';
import { splitReferences } from '../refs/split';
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
  const result = importList(text, { taken: options.taken, existing: indexEntries(options.existing ?? []) });
  return {
    bibtex: writeBibtex(result.imported.map((r) => r.entry)),
    keys: result.imported.map((r) => r.key),
    skipped: result.skipped.map(({ text: t, reason }) => ({ text: t, reason })),
    unsure: result.imported.filter((r) => r.lowConfidence.length).map((r) => ({ key: r.key, fields: r.lowConfidence })),
  };
}

/**
 * Whether a selection looks like a reference list worth offering to import: at least one
 * reference with authors, a title and a year.
 */
export function looksLikeReferences(text: string): boolean {
  if (text.trim().length < 40 || !/\b(1[89]|20)\d\d\b/.test(text)) return false;
  // The first few references decide: reading a long selection whole on every code-action request
  // would cost the editor a noticeable pause.
  return splitReferences(text).refs.slice(0, 5).some((r) => {
    const parsed = parseReference(r.text);
    return parsed.authors.length > 0 && !!parsed.title && !!parsed.year;
  });
}
