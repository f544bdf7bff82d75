// The citation context at the cursor, which completion starts from: whether the cursor is in a
// citation key at all, the part typed so far, and the span accepting a completion replaces.
import { describe, expect, it } from 'vitest';
import type { CiteLang } from '../../../server/src/core/syntax/cite/citation';
import { citationContext } from '../../../server/src/core/syntax/cite/context';
import { parseFixture } from '../../fixture';

/**
 * Asks for the context at the fixture's cursor (`|`, or `$0` where the text needs `|`) and
 * describes it as the replaced span with the cursor marked, e.g. `ab|c`, followed by ` in
 * brackets` when the key sits inside a Markdown `[...]` or LaTeX braces; `undefined` when the
 * cursor is in no key.
 */
function check(lang: CiteLang, fixture: string, expected: string | undefined, latexCommands?: string[]) {
  const { files, cursor } = parseFixture(fixture);
  if (!cursor) throw new Error('fixture without a cursor');
  const text = files.get(cursor.file) as string;
  const context = citationContext(text, cursor.offset, lang, { latexCommands });
  if (!context) {
    expect(context).toBe(expected);
    return;
  }
  const { start, end } = context.replaceSpan;
  expect(context.lang).toBe(lang);
  expect(context.prefix).toBe(text.slice(start, cursor.offset));
  expect(`${text.slice(start, cursor.offset)}|${text.slice(cursor.offset, end)}${context.inBrackets ? ' in brackets' : ''}`).toBe(expected);
}

describe('LaTeX citation context', () => {
  it('offers nothing where the finder sees no citation: verbatim, \\verb, listings, comments', () => {
    check('latex', '\\begin{verbatim}\n\\cite{lun|\n\\end{verbatim}', undefined);
    check('latex', 'Type \\verb|\\cite{lun$0| to cite.', undefined);
    check('latex', '\\begin{lstlisting}\n\\cite{a,lun|}\n\\end{lstlisting}', undefined);
    check('latex', '% \\cite{lun|', undefined);
    // After the verbatim text ends, citations are live again.
    check('latex', '\\begin{verbatim}x\\end{verbatim} \\cite{lun|', 'lun| in brackets');
    check('latex', 'Type \\verb+x+ and \\cite{lun|', 'lun| in brackets');
  });

  it('starts a key right after the brace or a comma', () => {
    check('latex', 'See \\cite{|', '| in brackets');
    check('latex', 'See \\cite{a,|', '| in brackets');
    check('latex', 'See \\cite{a, |}', '| in brackets');
    check('latex', '\\citep{a,\n  lun|', 'lun| in brackets');
  });

  it('replaces the whole key around the cursor, and only that key', () => {
    check('latex', '\\parencite[p.~3][]{ab|c}', 'ab|c in brackets');
    check('latex', '\\cite{first, ab|c, last}', 'ab|c in brackets');
    check('latex', '\\cite{doe:2020|}', 'doe:2020| in brackets');
  });

  it('reads optional notes, starred forms and later groups of multicite commands', () => {
    check('latex', '\\cites{a}{|', '| in brackets');
    check('latex', '\\cites[see][]{a}[p.~2][]{b|}', 'b| in brackets');
    check('latex', '\\autocites(pre)(post)[3]{a}{lu|}', 'lu| in brackets');
    check('latex', '\\citet*[see][ch.~2]{|}', '| in brackets');
    check('latex', '\\nocite{|}', '| in brackets');
    // \textcite takes one group; a second brace is the text after it.
    check('latex', '\\textcite{a}{|}', undefined);
  });

  it('knows custom citation commands only when configured', () => {
    check('latex', '\\mycite{ke|}', 'ke| in brackets', ['mycite']);
    check('latex', '\\mycite{ke|}', 'ke| in brackets', ['\\mycite']);
    check('latex', '\\mycite{ke|}', undefined);
  });

  it('skips comments, but not escaped percent signs', () => {
    check('latex', '% \\cite{|', undefined);
    check('latex', 'Text % old: \\cite{a|}', undefined);
    check('latex', '50\\% of \\cite{a|}', 'a| in brackets');
    check('latex', '\\cite{a, % first\n  b|}', 'b| in brackets');
  });

  it('finds no key outside citation braces', () => {
    check('latex', '\\ref{fig|}', undefined);
    check('latex', '\\cite{a} b|', undefined);
    check('latex', '\\cite{a}|', undefined);
    check('latex', '\\cite[p.~|]{a}', undefined);
  });
});

describe('Markdown citation context', () => {
  it('starts a key right after @, in brackets or not', () => {
    check('markdown', 'Blah [@|', '| in brackets');
    check('markdown', 'Blah [see @a; @|', '| in brackets');
    check('markdown', 'Blah [see @a, p. 3; -@|]', '| in brackets');
    check('markdown', 'As @|', '|');
  });

  it('replaces the key being typed and nothing after it', () => {
    check('markdown', 'As @ab|c says.', 'ab|c');
    check('markdown', '[@ab|c; @def]', 'ab|c in brackets');
    check('markdown', 'As @doe|.', 'doe|');
    check('markdown', 'Cf. @doe|2020, p. 3.', 'doe|2020');
    check('markdown', '[see @doe:20|20:x, p. 3]', 'doe:20|20:x in brackets');
  });

  it('reads braced keys up to white space or a brace', () => {
    check('markdown', 'As @{odd|', 'odd|');
    check('markdown', '[@{10.1000/|xyz} p. 3]', '10.1000/|xyz in brackets');
  });

  it('finds no key in code, comments, e-mail addresses, escapes or cross-references', () => {
    check('markdown', 'Run `@ab|` now.', undefined);
    check('markdown', 'Run ``x ` @ab|`` now.', undefined);
    check('markdown', '```\n@ab|\n```\n', undefined);
    check('markdown', 'Text\n\n    @ab|\n', undefined);
    check('markdown', '<!-- @ab| -->', undefined);
    check('markdown', 'Mail jane@ex|ample.org', undefined);
    check('markdown', 'Literal \\@ab|', undefined);
    check('markdown', 'See @fig-|', undefined);
    check('markdown', '$x = @ab|$', undefined);
  });

  it('finds no key in the structure of YAML front matter', () => {
    check('markdown', '---\ntitle: A\nbibliography: refs@|.bib\n---\n\nText.', undefined);
    check('markdown', '---\ntitle: A\n# comment @ab|\n---\n\nText.', undefined);
    check('markdown', '---\nnotes_: "ask @ab|"\n---\n\nText.', undefined);
  });

  it('completes in nocite values only, the one part of front matter the finder reads', () => {
    check('markdown', "---\nnocite: '@|'\n---\n", '|');
    check('markdown', '---\nnocite: |\n  @a, @b$0c\n---\n', 'b|c');
    check('markdown', '---\nabstract: |\n  As [@ab$0c] shows.\n---\n\nText.', undefined);
  });

  it('works after code and comments earlier in the paragraph', () => {
    check('markdown', 'Use `x` and <!-- c --> then [@ab|', 'ab| in brackets');
    check('markdown', '```\ncode\n```\n\n[@ab|]', 'ab| in brackets');
  });
});
