// The citation model shared by the LaTeX, Markdown and Typst finders and everything that reads citations.
// Pure data; imports only core types.
import type { Span } from '../../model/types';

export type CiteLang = 'latex' | 'markdown' | 'typst';

/**
 * `textual` names the author in the running text (`@key`, `\textcite`), `suppress-author`
 * prints only the year (`-@key`, `\citeyear`), `nocite` adds to the bibliography without a mark.
 */
export type CitationKind = 'normal' | 'textual' | 'suppress-author' | 'nocite';

export interface Citation {
  /** The key as written (for `\nocite{*}` and Pandoc's `@*`, the `*`). */
  key: string;
  /** The key text only, without `@`, braces or spaces. */
  span: Span;
  /** `\parencite`, `\cites` ... (LaTeX, without `*`); `[@`, `@` or `nocite` (front matter) in Markdown. */
  command: string;
  /** The whole citation: `\cite[p. 3]{a,b}`, `[see @a; @b]`, `@a [p. 3]`. Shared by the keys of one group. */
  groupSpan: Span;
  kind: CitationKind;
  /** `\nocite{*}` or `nocite: '@*'`: every entry of the bibliography; never a key to look up. */
  all?: true;
  /**
   * Typst's `@key` and `#ref(<key>)`: a cross-reference when the document defines a label `<key>`,
   * a citation otherwise. The project decides, since labels may stand in any included file.
   */
  reference?: true;
}

export interface FindOptions {
  /** Extra LaTeX citation commands, with or without the backslash (`mycite`). */
  latexCommands?: readonly string[];
}
