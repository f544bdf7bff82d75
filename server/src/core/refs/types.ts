// The result type of the reference-string parser: one bibliographic record recovered from a pasted
// reference, with a confidence per field so callers can flag what needs a human look.
import type { Person } from '../model/entry';

export type RefStyle = 'nature' | 'vancouver' | 'apa' | 'ieee' | 'harvard' | 'chicago';
export type RefType = 'article' | 'inproceedings' | 'book' | 'incollection' | 'report' | 'phdthesis' | 'mastersthesis' | 'misc' | 'online';

/** A person as read from a reference string; `initials` are the given-name initials without dots ("MP"). */
export interface RefPerson extends Person {
  initials?: string;
}

export type RefField =
  | 'type' | 'authors' | 'title' | 'container' | 'editors' | 'volume' | 'issue' | 'pages'
  | 'year' | 'publisher' | 'doi' | 'arxiv' | 'url' | 'annote';

export interface ParsedReference {
  /** The reference text as given (trimmed). */
  text: string;
  style: RefStyle;
  type: RefType;
  authors: RefPerson[];
  /** True when the author list was cut short ("et al."), written as `and others`. */
  others: boolean;
  title?: string;
  /** Journal or proceedings/book title, abbreviations kept as written. */
  container?: string;
  editors: RefPerson[];
  editorsOthers: boolean;
  volume?: string;
  issue?: string;
  /** Page range with an en dash, or an article number (`e232471`). */
  pages?: string;
  year?: string;
  publisher?: string;
  doi?: string;
  arxiv?: string;
  url?: string;
  /** An annotation sentence that followed the reference. */
  annote?: string;
  /** 0..1 per field that was filled (or expected and missing). */
  confidence: Partial<Record<RefField, number>>;
  /** What the parser was unsure of, in words. */
  notes: string[];
}

export function emptyReference(text: string, style: RefStyle): ParsedReference {
  return { text, style, type: 'misc', authors: [], others: false, editors: [], editorsOthers: false, confidence: {}, notes: [] };
}
