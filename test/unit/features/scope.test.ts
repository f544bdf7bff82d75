import { describe, expect, it } from 'vitest';
import { scopeOf } from '../../../server/src/core/analysis/scope';
import { build } from './workspace';

/** The bibliography file names a document uses. */
function check(fixture: string, file: string, settings: { bibliographies?: string[] } = {}) {
  const { ws, uri } = build(fixture, settings.bibliographies ? { bibliographies: settings.bibliographies.map((b) => `file:///ws/${b}`) } : {});
  return scopeOf(ws, uri(file)).bibs.map((b) => b.replace('file:///ws/', ''));
}

const bibs = `%! a.bib\n@misc{a, title={A}}\n%! b.bib\n@misc{b, title={B}}\n%! sub/c.bib\n@misc{c, title={C}}`;

describe('which bibliographies a document uses', () => {
  it('reads LaTeX declarations, with the extension optional and several files per command', () => {
    expect(check(`%! p.tex\n\\bibliography{a,b}\n${bibs}`, 'p.tex')).toEqual(['a.bib', 'b.bib']);
    expect(check(`%! p.tex\n\\addbibresource[label=x]{sub/c.bib}\n\\addglobalbib{a.bib}\n${bibs}`, 'p.tex')).toEqual(['sub/c.bib', 'a.bib']);
  });

  it('follows % !TEX root and the \\input graph to the root document', () => {
    const project = `%! main.tex\n\\addbibresource{a.bib}\n\\input{chapters/one}\n%! chapters/one.tex\n\\cite{a}\n%! chapters/two.tex\n% !TEX root = ../main.tex\n\\cite{a}\n${bibs}`;
    expect(check(project, 'chapters/one.tex')).toEqual(['a.bib']);
    expect(check(project, 'chapters/two.tex')).toEqual(['a.bib']);
  });

  it('reads Markdown front matter, then _quarto.yml, then the setting, then the workspace', () => {
    expect(check(`%! p.md\n---\nbibliography:\n  - a.bib\n  - sub/c.bib\n---\n${bibs}`, 'p.md')).toEqual(['a.bib', 'sub/c.bib']);
    expect(check(`%! _quarto.yml\nbibliography: b.bib\n%! chapters/p.qmd\ntext\n${bibs}`, 'chapters/p.qmd')).toEqual(['b.bib']);
    expect(check(`%! p.md\ntext\n${bibs}`, 'p.md', { bibliographies: ['sub/c.bib'] })).toEqual(['sub/c.bib']);
    expect(check(`%! p.md\ntext\n${bibs}`, 'p.md')).toEqual(['a.bib', 'b.bib', 'sub/c.bib']);
  });
});
