// Finding citations in a manuscript: the entry point that picks the LaTeX or Markdown finder.
// Pure; the finders live in latex.ts and markdown.ts.
import type { ParseError, Span } from '../../model/types';
import type { Citation, CiteLang, FindOptions } from './citation';
import { findLatexCitations } from './latex';
import { findMarkdownCitations } from './markdown';

export type { Citation, CitationKind, CiteLang, FindOptions } from './citation';

/** Every citation of a document in text order, with the exact span of each key and of its group. */
export function findCitations(text: string, lang: CiteLang, options: FindOptions = {}): { citations: Citation[]; errors: ParseError[]; skipped: Span[] } {
  return lang === 'latex' ? findLatexCitations(text, options) : { ...findMarkdownCitations(text), skipped: [] };
}
