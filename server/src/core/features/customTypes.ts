// Parameter and result types of the custom requests that have no feature module of their own
// (cited keys and reference import), shared with the client through protocol.ts.

export interface CitedKeysParams {
  uri: string;
}

/** Distinct keys in order of first citation in the document. */
export interface CitedKeysResult {
  keys: string[];
}

export interface ImportParams {
  /** A pasted reference list. */
  text: string;
  /** Bibliography file to append to; when absent the server only previews. */
  into?: string;
}

export interface ImportResult {
  /** The BibTeX text of the parsed entries. */
  bibtex: string;
  keys: string[];
  /** References not imported, with why; `duplicate` when the work is already there (or listed twice). */
  skipped: { text: string; reason: string; duplicate?: boolean }[];
  /** "3 skipped: 2 already there, 1 not understood." — or '' when nothing was skipped. */
  summary?: string;
  /** Set when the entries were appended. */
  appendedTo?: string;
}

export interface FormatCitationParams {
  uri: string;
  position: { line: number; character: number };
  format: 'text' | 'html';
}

/** The citation at the position in the document's style; null when there is none. */
export interface FormatCitationResult {
  text: string;
  keys: string[];
  missing: string[];
  style: string;
}
