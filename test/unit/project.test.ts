// Which bibliographies and files a document names (project.ts), and the LaTeX project graph built
// from them: declarations in every form, paths as written with the span the missing-file
// diagnostic underlines, `% !TEX root`, \input and friends, YAML front matter and _quarto.yml.
import { describe, expect, it } from 'vitest';
import { declaredBibliographies, includedFiles, quartoBibliographies, texRoot } from '../../server/src/core/syntax/project';
import { scopeOf } from '../../server/src/core/analysis/scope';
import { parseFixture } from '../fixture';
import { build } from './features/workspace';

/**
 * Describes what project.ts reads from each file of a fixture, one line per finding:
 * `file: \command path (text under the span)` for a bibliography, `file: includes path (text)`
 * for an included file, `file: root path` for a magic comment. `_quarto.yml` files are read as
 * Quarto project files, `.tex` as LaTeX, anything else as Markdown. A cursor marker, when
 * present, must stand where the first span starts.
 */
function check(fixture: string, expected: string[]) {
  const { files, cursor } = parseFixture(fixture, { defaultName: 'main.tex' });
  const found: { file: string; start: number; line: string }[] = [];
  for (const [file, text] of files) {
    const spanned = (start: number, end: number) => `(${text.slice(start, end)})`;
    if (/(^|\/)_quarto\.ya?ml$/.test(file)) {
      for (const d of quartoBibliographies(text)) found.push({ file, start: d.span.start, line: `${file}: ${d.command} ${d.path} ${spanned(d.span.start, d.span.end)}` });
    } else if (file.endsWith('.tex')) {
      const root = texRoot(text);
      if (root !== undefined) found.push({ file, start: -1, line: `${file}: root ${root}` });
      for (const d of declaredBibliographies(text, 'latex')) found.push({ file, start: d.span.start, line: `${file}: ${d.command} ${d.path} ${spanned(d.span.start, d.span.end)}` });
      for (const i of includedFiles(text)) found.push({ file, start: i.span.start, line: `${file}: includes ${i.path} ${spanned(i.span.start, i.span.end)}` });
    } else {
      for (const d of declaredBibliographies(text, 'markdown')) found.push({ file, start: d.span.start, line: `${file}: ${d.command} ${d.path} ${spanned(d.span.start, d.span.end)}` });
    }
  }
  if (cursor) expect(found.find((f) => f.file === cursor.file && f.start >= 0)?.start).toBe(cursor.offset);
  expect(found.map((f) => f.line)).toEqual(expected);
}

/** The bibliography files a document of a workspace ends up using, and its LaTeX root. */
function project(fixture: string, file: string): { bibs: string[]; root?: string } {
  const { ws, uri } = build(fixture);
  const scope = scopeOf(ws, uri(file));
  const name = (u: string) => u.replace('file:///ws/', '');
  return scope.root ? { bibs: scope.bibs.map(name), root: name(scope.root) } : { bibs: scope.bibs.map(name) };
}

describe('LaTeX bibliography declarations', () => {
  it('reads \\bibliography as a comma list with the .bib extension optional', () => {
    check('\\bibliography{|refs}', ['main.tex: \\bibliography refs.bib (refs)']);
    check('\\bibliography{refs.bib, ../shared/other ,  third.BIB,}', [
      'main.tex: \\bibliography refs.bib (refs.bib)',
      'main.tex: \\bibliography ../shared/other.bib (../shared/other)',
      'main.tex: \\bibliography third.BIB (third.BIB)',
    ]);
    // bibentry's \nobibliography loads a bibliography without printing it.
    check('\\nobibliography{refs,more.bib}', ['main.tex: \\nobibliography refs.bib (refs)', 'main.tex: \\nobibliography more.bib (more.bib)']);
  });

  it('reads biblatex resources as written, options and all', () => {
    // A remote resource is biber's to fetch; it is no file of ours (and never a missing one).
    check('\\addbibresource{refs.bib}\n\\addbibresource[location=remote]{https://x.org/r.bib}\n\\addglobalbib{g.bib}\\addsectionbib{s.bib}', [
      'main.tex: \\addbibresource refs.bib (refs.bib)',
      'main.tex: \\addglobalbib g.bib (g.bib)',
      'main.tex: \\addsectionbib s.bib (s.bib)',
    ]);
    // biblatex needs the extension; a resource without one is named as written, so the
    // missing-file diagnostic reports the name the user typed.
    check('\\addbibresource{refs}', ['main.tex: \\addbibresource refs (refs)']);
    check('\\addbibresource{my refs.bib}', ['main.tex: \\addbibresource my refs.bib (my refs.bib)']);
  });

  it('skips comments but not escaped percent signs, and tells \\bibliographystyle apart', () => {
    check('% \\bibliography{old}\n50\\% done \\bibliography{new} % \\addbibresource{later.bib}\n\\bibliographystyle{plain}', ['main.tex: \\bibliography new.bib (new)']);
  });

  it('allows white space and one line break before the argument, as TeX does', () => {
    check('\\bibliography {spaced}\n\\addbibresource\n  {next-line.bib}', [
      'main.tex: \\bibliography spaced.bib (spaced)',
      'main.tex: \\addbibresource next-line.bib (next-line.bib)',
    ]);
  });

  it('declares no file whose name is a macro, which only TeX can expand', () => {
    check('\\bibliography{\\jobname,refs}\n\\addbibresource{\\jobname.bib}', ['main.tex: \\bibliography refs.bib (refs)']);
  });
});

describe('LaTeX project files', () => {
  it('reads the % !TEX root magic comment in its spellings', () => {
    check('%! a.tex\n% !TEX root = ../main.tex\n%! b.tex\n%!TeX root=thesis\n%! c.tex\n% !TEX TS-program = xelatex\n% !TEX root = book.tex  \r\n%! d.tex\n\\section{x} % !TEX root = not-at-line-start.tex', [
      'a.tex: root ../main.tex',
      'b.tex: root thesis',
      'c.tex: root book.tex',
    ]);
  });

  it('reads \\input, \\include, \\subfile and the import family, extension optional', () => {
    check('\\input{|chapters/one}\\include{two.tex}\\include*{star}\\subfile{sub/three}', [
      'main.tex: includes chapters/one (chapters/one)',
      'main.tex: includes two.tex (two.tex)',
      'main.tex: includes star (star)',
      'main.tex: includes sub/three (sub/three)',
    ]);
    check('\\import{dir/}{file}\\subimport{a}{b.tex}\\inputfrom{x}{y}\\includegraphics{fig.png}', [
      'main.tex: includes dir/file (file)',
      'main.tex: includes a/b.tex (b.tex)',
      'main.tex: includes x/y (y)',
    ]);
    check('% \\input{commented}\n\\input{ padded }', ['main.tex: includes padded (padded)']);
  });

  it('reads the TeX primitive form \\input name', () => {
    check('\\input chapters/intro\n\\input preamble.tex % setup', ['main.tex: includes chapters/intro (chapters/intro)', 'main.tex: includes preamble.tex (preamble.tex)']);
  });

  const bibs = '%! refs.bib\n@misc{x, title = {X}}\n%! other.bib\n@misc{y, title = {Y}}';

  it('gives a document the bibliographies of its root, through \\input chains and the magic comment', () => {
    const fixture = `%! main.tex\n\\addbibresource{refs.bib}\n\\input{one}\n%! one.tex\n\\include{two}\n%! two.tex\nDeep.\n%! appendix.tex\n% !TEX root = main.tex\n${bibs}`;
    expect(project(fixture, 'two.tex')).toEqual({ bibs: ['refs.bib'], root: 'main.tex' });
    expect(project(fixture, 'appendix.tex')).toEqual({ bibs: ['refs.bib'], root: 'main.tex' });
  });

  it('stops at cycles in the \\input graph', () => {
    expect(project(`%! self.tex\n\\input{self}\n\\addbibresource{other.bib}\n${bibs}`, 'self.tex')).toEqual({ bibs: ['other.bib'] });
    expect(project(`%! a.tex\n\\input{b}\n\\addbibresource{other.bib}\n%! b.tex\n\\input{a}\n${bibs}`, 'b.tex')).toEqual({ bibs: ['other.bib'], root: 'a.tex' });
  });

  // TeX resolves `\input` against the directory it runs in, the root's, not the including file's.
  it('resolves \\input in a subdirectory against the root, as TeX does', () => {
    const fixture = `%! main.tex\n\\addbibresource{refs.bib}\n\\include{chapters/one}\n%! chapters/one.tex\n\\input{chapters/sections/a}\n%! chapters/sections/a.tex\nDeep.\n${bibs}`;
    expect(project(fixture, 'chapters/sections/a.tex')).toEqual({ bibs: ['refs.bib'], root: 'main.tex' });
  });
});

describe('Markdown bibliography declarations', () => {
  it('reads bibliography: as a string, quoted or not, or as a list', () => {
    check('%! a.md\n---\ntitle: A\nbibliography: |refs.bib\n---\n\nText.', ['a.md: bibliography refs.bib (refs.bib)']);
    check('%! a.md\n---\nbibliography: "my refs.bib"\n---\n', ['a.md: bibliography my refs.bib (my refs.bib)']);
    check("%! a.md\n---\nbibliography:\n  - a.bib\n  - 'b.json'\n  - \"../c.yaml\"\n---\n", [
      'a.md: bibliography a.bib (a.bib)',
      'a.md: bibliography b.json (b.json)',
      'a.md: bibliography ../c.yaml (../c.yaml)',
    ]);
    check('%! a.md\n---\nbibliography: [a.bib, "b.bib"] # two\n---\n', ['a.md: bibliography a.bib (a.bib)', 'a.md: bibliography b.bib (b.bib)']);
  });

  it('reads every metadata block, with Windows line endings too, and no YAML that is code', () => {
    check('%! a.md\n---\ntitle: x\n---\n\nText.\n\n---\nbibliography: late.bib\n...\n', ['a.md: bibliography late.bib (late.bib)']);
    check('%! a.md\n---\r\nbibliography: crlf.bib\r\n---\r\n', ['a.md: bibliography crlf.bib (crlf.bib)']);
    check('%! a.md\n```\n---\nbibliography: fenced.bib\n---\n```\n\nText\n\n    ---\n    bibliography: indented.bib\n    ---\n', []);
  });

  it('declares nothing for an empty value or an R expression it cannot evaluate', () => {
    check('%! a.md\n---\nbibliography:\n---\n', []);
    check('%! a.Rmd\n---\nbibliography: !expr here::here("refs.bib")\n---\n', []);
  });

  it('keeps the source span of a quoted path with escapes', () => {
    check('%! a.md\n---\nbibliography: "dir\\\\refs.bib"\n---\n', ['a.md: bibliography dir\\refs.bib (dir\\\\refs.bib)']);
  });
});

describe('Quarto project files', () => {
  it('reads the top-level bibliography of _quarto.yml', () => {
    check('%! _quarto.yml\nproject:\n  type: book\nbibliography:\n  - |refs.bib\n  - more.bib\n', [
      '_quarto.yml: bibliography refs.bib (refs.bib)',
      '_quarto.yml: bibliography more.bib (more.bib)',
    ]);
    check('%! _quarto.yml\nbook:\n  title: Not here\nformat: html\n', []);
  });

  it('gives documents below it the project bibliography unless they declare their own', () => {
    const fixture = '%! _quarto.yml\nbibliography: refs.bib\n%! chapters/intro.qmd\nText @x.\n%! chapters/own.qmd\n---\nbibliography: own.bib\n---\n%! refs.bib\n@misc{x, title = {X}}\n%! chapters/own.bib\n@misc{y, title = {Y}}';
    expect(project(fixture, 'chapters/intro.qmd')).toEqual({ bibs: ['refs.bib'] });
    expect(project(fixture, 'chapters/own.qmd')).toEqual({ bibs: ['chapters/own.bib'] });
  });
});

describe('LaTeX declarations TeX reads, and those it does not', () => {
  it('reads \\begin{refsection}[files] and skips declarations in verbatim, \\verb, \\Verb, listings and comment environments', () => {
    check(
      [
        '\\begin{refsection}[$0a.bib, sub/b.bib]',
        '\\begin{verbatim}\n\\addbibresource{v1.bib}\n\\end{verbatim}',
        '\\verb|\\bibliography{v2}| \\Verb+\\addbibresource{v3.bib}+',
        '\\begin{lstlisting}\n\\bibliography{v4}\n\\end{lstlisting}',
        '\\begin{comment}\n\\bibliography{v5}\n\\end{comment}',
        '\\begin{minted}{latex}\n\\addbibresource{v6.bib}\n\\end{minted}',
        '\\bibliography{real}',
      ].join('\n'),
      ['main.tex: refsection a.bib (a.bib)', 'main.tex: refsection sub/b.bib (sub/b.bib)', 'main.tex: \\bibliography real.bib (real)'],
    );
  });
});

describe('Lua filters of a pandoc pipeline', () => {
  it('reads filters: lists, --lua-filter and -L options, keeping only Lua files', async () => {
    const { namedLuaFilters } = await import('../../server/src/core/syntax/project');
    expect(namedLuaFilters('filters:\n  - cito.lua\n  - pandoc-crossref\n  - path: lua/x.lua\n    type: lua\n', 'yaml')).toEqual(['cito.lua', 'lua/x.lua']);
    expect(namedLuaFilters('---\ntitle: x\nfilters: [a.lua]\n---\nText\n', 'markdown')).toEqual(['a.lua']);
    expect(namedLuaFilters('---\nfilters: [unclosed\n---\n', 'markdown')).toEqual([]);
    expect(namedLuaFilters('pdf:\n\tpandoc --lua-filter=f/cito.lua -L "b.lua" --filter pandoc-crossref in.md\n\tpandoc --lua-filter c.lua x.md', 'command')).toEqual(['f/cito.lua', 'b.lua', 'c.lua']);
  });

  it("reads a CiTO filter's properties and aliases, and nothing from another filter", async () => {
    const { citoProperties } = await import('../../server/src/core/syntax/project');
    const lua = "local properties_and_aliases = {\n  agrees_with = {\n    'agree_with'\n  },\n  cites = {\n  },\n  uses_data_from = { \"data\", 'data_from' },\n}\nlocal function split_cito_from_id (id) end\n";
    expect([...(citoProperties(lua) ?? [])].sort()).toEqual(['agree_with', 'agrees_with', 'cites', 'data', 'data_from', 'uses_data_from']);
    expect(citoProperties('return { { Cite = function (c) return c end } }')).toBeUndefined();
    expect(citoProperties('local properties_and_aliases = {')).toBeUndefined();
  });
});
