// Cited keys over the compilation unit: a LaTeX root with its chapters, a Quarto book, a bookdown
// book; a document outside any project stays a unit of its own.
import { describe, expect, it } from 'vitest';
import { citedKeys } from '../../../server/src/core/features/citedKeys';
import { formatReferences } from '../../../server/src/core/features/formatReferences';
import { themeTree } from '../../../server/src/core/features/themeTree';
import { build } from './workspace';

const bib = Array.from({ length: 12 }, (_, i) => `@article{w${i}, author = {Author${i}, A.}, title = {Work number ${i}}, journal = {J}, year = ${2000 + i}}`).join('\n');

/** Keys the unit of `file` cites, and the keys the cited-only sidebar shows for it. */
function check(fixture: string, file: string) {
  const { ws, uri } = build(fixture);
  const shown = themeTree(ws, { uri: uri(file), groupBy: 'year', onlyCited: true }).groups.flatMap((g) => g.entries.map((e) => e.key));
  return { cited: citedKeys(ws, uri(file)), shown: shown.sort() };
}

describe('compilation unit', () => {
  const thesis = `%! main.tex
\\documentclass{book}
\\begin{document}
\\include{chapters/intro}
\\input{chapters/methods}
\\bibliography{refs}
\\end{document}
%! chapters/intro.tex
\\chapter{Intro} \\cite{w0,w1,w2} \\citep{w3} \\textcite{w4}
%! chapters/methods.tex
\\section{Methods} \\cite{w5} \\cite{w6,w7} \\cite{w8} \\cite{w9} \\cite{w0}
%! other.tex
\\documentclass{article} \\cite{w11} \\bibliography{refs}
%! refs.bib
${bib}`;

  it('main.tex of a thesis cites what its chapters cite, in order of first citation', () => {
    const all = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9'];
    expect(check(thesis, 'main.tex')).toEqual({ cited: all, shown: [...all].sort() });
    // A chapter is compiled through its root: its ticks are the thesis's.
    expect(check(thesis, 'chapters/methods.tex').cited).toEqual(all);
    // A separate document of the same folder is its own unit.
    expect(check(thesis, 'other.tex')).toEqual({ cited: ['w11'], shown: ['w11'] });
  });

  it('Copy Bibliography of main.tex formats the chapters’ ten works', () => {
    const { ws, uri } = build(thesis);
    const keys = citedKeys(ws, uri('main.tex'));
    const result = formatReferences(ws, { keys, uri: uri('main.tex'), format: 'text' });
    expect(result.missing).toEqual([]);
    expect(result.text.split('\n').filter((l) => l.trim() !== '')).toHaveLength(10);
  });

  it('a Quarto book cites what all its chapters cite; a Quarto website page stays alone', () => {
    const book = (type: string) => `%! _quarto.yml
project:
  type: ${type}
book:
  chapters:
    - index.qmd
    - part: "Part one"
      chapters:
        - chapters/one.qmd
  appendices:
    - appendix.qmd
bibliography: refs.bib
%! index.qmd
# Preface
%! chapters/one.qmd
See [@w1; @w2].
%! appendix.qmd
And @w3.
%! drafts/unused.qmd
Not in the book [@w9].
%! refs.bib
${bib}`;
    expect(check(book('book'), 'index.qmd')).toEqual({ cited: ['w1', 'w2', 'w3'], shown: ['w1', 'w2', 'w3'] });
    expect(check(book('book'), 'drafts/unused.qmd').cited).toEqual(['w9']);
    expect(check(book('website'), 'index.qmd').cited).toEqual([]);
  });

  it('a bookdown book merges its folder’s Rmd files, or the ones rmd_files lists', () => {
    const book = (config: string) => `%! _bookdown.yml
${config}
%! index.Rmd
---
bibliography: refs.bib
---
# Preface [@w0]
%! 01-intro.Rmd
See [@w1].
%! _draft.Rmd
[@w9]
%! refs.bib
${bib}`;
    expect(check(book('book_filename: "b"'), 'index.Rmd').cited).toEqual(['w0', 'w1']);
    expect(check(book('rmd_files: ["01-intro.Rmd"]'), '01-intro.Rmd').cited).toEqual(['w1']);
  });
});
