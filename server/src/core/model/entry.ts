// The entry model every bibliography format is read into, and the one every feature reads.
// Pure data; decoding helpers live in latex.ts and names.ts.
import type { ParseError, Span } from './types';

/** A person as BibTeX/CSL know it. `literal` is a corporate or otherwise unsplittable name. */
export interface Person {
  family: string;
  given?: string;
  /** The "von" part: van, de, von der ... */
  prefix?: string;
  /** Jr., III ... */
  suffix?: string;
  /** A corporate author, `{World Health Organization}`. */
  literal?: string;
}

/** One field as read from the source: the raw value (macros expanded, `#` joined) and where it stands. */
export interface BibField {
  /** Field name, lower case. */
  name: string;
  /** Raw value with @string macros expanded and `#` parts joined, LaTeX kept as written. */
  raw: string;
  /**
   * Where the value stands (the whole `{...}`, `"..."` or bare value), for formats with offsets,
   * counted from the start of the entry's span: an entry read again unchanged at another place in
   * its file keeps its fields. Two numbers rather than a Span object: a 100k-entry library has a
   * million fields, and an object each made parsing garbage-collector bound (measured: 49 -> 29 ms at 10k).
   */
  start?: number;
  end?: number;
}

/** The span of a field's value in its file, when the format records one. */
export function fieldSpan(entry: BibEntry, field: BibField): Span | undefined {
  if (field.start === undefined || field.end === undefined) return undefined;
  const at = entry.span.start;
  return { start: at + field.start, end: at + field.end };
}

export type BibFormat = 'bibtex' | 'csl-json' | 'csl-yaml' | 'ris' | 'hayagriva';

/**
 * One bibliography entry. Fields are raw; use `fieldText()` (bib/fields.ts) for Unicode text.
 * Entries are immutable once read; derived data is cached per entry outside this object.
 */
export interface BibEntry {
  key: string;
  /** Entry type, lower case (`article`, `inproceedings`, `online` ...). */
  type: string;
  /** Fields by lower-case name, in source order. */
  fields: ReadonlyMap<string, BibField>;
  /** The file (URI or path, as given to the reader) the entry comes from. */
  file: string;
  /** The whole entry, from `@` to its closing brace (or the key's line for formats without offsets). */
  span: Span;
  /** The key itself. */
  keySpan: Span;
  format: BibFormat;
  /** For entries read from CSL-JSON/YAML/RIS: the original CSL item, kept for lossless formatting. */
  csl?: Record<string, unknown>;
}

/** What reading one bibliography file yields. Reading never throws. */
export interface BibFile {
  file: string;
  format: BibFormat;
  entries: BibEntry[];
  /** `@string` macros defined in the file, name lower case -> raw value. */
  strings: Map<string, string>;
  errors: ParseError[];
  /**
   * The text that was read (after decoding bytes), in pieces whose concatenation is the file: a
   * large BibTeX file is kept an entry a piece, so each piece is one-byte text unless it holds a
   * character above U+00FF (one such character made a 61 MB file a 116 MB string). See fileText.ts.
   */
  chunks: readonly string[];
  /** The path actually read, when it is not `file`'s: a bibliography TeX finds in its own tree. */
  source?: string;
  /** Each key's entry, when the reader made one entry per key and kept the map (a Zotero library). */
  byKey?: ReadonlyMap<string, BibEntry>;
}
