// Finding citations in a manuscript: the entry point that picks the LaTeX, Markdown or Typst finder.
// Pure; the finders live in latex.ts, markdown.ts and typst.ts.
import type { ParseError, Span } from '../../model/types';
import type { Citation, CiteLang, FindOptions } from './citation';
import { findLatexCitations } from './latex';
import { findMarkdownCitations } from './markdown';
import { findTypstCitations } from './typst';

export type { Citation, CitationKind, CiteLang, FindOptions } from './citation';

/** Every citation of a document in text order, with the exact span of each key and of its group. */
export function findCitations(text: string, lang: CiteLang, options: FindOptions = {}): { citations: Citation[]; errors: ParseError[]; skipped: Span[] } {
  if (lang === 'typst') return { ...findTypstCitations(text), skipped: [] };
  return lang === 'latex' ? findLatexCitations(text, options) : { ...findMarkdownCitations(text), skipped: [] };
}
