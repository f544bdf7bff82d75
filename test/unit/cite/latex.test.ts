// LaTeX citation finding: every command family, multicites, comments, verbatim and user commands.
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../../server/src/core/syntax/cite/index';
import { parseFixture } from '../../fixture';

/**
 * Finds citations in a one-file fixture and describes each as `command kind key [group text]`.
 * Every key span must cover exactly the key; a `$0` marker, when present, must stand where the
 * first key starts.
 */
function check(fixture: string, expected: string[], latexCommands?: string[]) {
  const { files, cursor } = parseFixture(fixture, { marker: '$0' });
  const text = files.get('main') as string;
  const { citations } = findCitations(text, 'latex', { latexCommands });
  for (const c of citations) expect(text.slice(c.span.start, c.span.end)).toBe(c.key);
  if (cursor) expect(citations[0]?.span.start).toBe(cursor.offset);
  const described = citations.map((c) => `${c.command} ${c.kind} ${c.key}${c.all ? ' all' : ''} [${text.slice(c.groupSpan.start, c.groupSpan.end)}]`);
  expect(described).toEqual(expected);
}

describe('LaTeX citations', () => {
  it('reads natbib commands with optional notes and comma lists', () => {
    check('See \\citep[see][p.~3]{$0lundberg2017, ribeiro2016}.', [
      '\\citep normal lundberg2017 [\\citep[see][p.~3]{lundberg2017, ribeiro2016}]',
      '\\citep normal ribeiro2016 [\\citep[see][p.~3]{lundberg2017, ribeiro2016}]',
    ]);
    check('\\citet{a} \\Citet{b} \\citealp{c} \\citealt*{d} \\citeauthor{e} \\Citeauthor{f} \\citeyear{g} \\citeyearpar{h}', [
      '\\citet textual a [\\citet{a}]',
      '\\Citet textual b [\\Citet{b}]',
      '\\citealp normal c [\\citealp{c}]',
      '\\citealt normal d [\\citealt*{d}]',
      '\\citeauthor normal e [\\citeauthor{e}]',
      '\\Citeauthor normal f [\\Citeauthor{f}]',
      '\\citeyear suppress-author g [\\citeyear{g}]',
      '\\citeyearpar suppress-author h [\\citeyearpar{h}]',
    ]);
  });

  it('reads BibLaTeX commands, capitalised and starred', () => {
    const names = ['parencite', 'Parencite', 'autocite', 'Autocite', 'footcite', 'footcitetext', 'smartcite', 'supercite', 'fullcite', 'citetitle', 'citeurl', 'citedate', 'Cite'];
    const text = names.map((n, i) => `\\${n}${i % 2 ? '*' : ''}{k${i}}`).join(' ');
    check(
      text,
      names.map((n, i) => `\\${n} normal k${i} [\\${n}${i % 2 ? '*' : ''}{k${i}}]`),
    );
    check('\\textcite{a} \\Textcite[p. 4]{b}', ['\\textcite textual a [\\textcite{a}]', '\\Textcite textual b [\\Textcite[p. 4]{b}]']);
  });

  it('reads multicite groups with their notes and global notes', () => {
    const cmd = '\\parencites(see)(for more)[p. 1]{a}[chap. 2]{b, c}{d}';
    check(`${cmd} and more`, [
      `\\parencites normal a [${cmd}]`,
      `\\parencites normal b [${cmd}]`,
      `\\parencites normal c [${cmd}]`,
      `\\parencites normal d [${cmd}]`,
    ]);
    check('\\textcites{a}\n  {b} \\cites{c}{d} {e}', [
      '\\textcites textual a [\\textcites{a}\n  {b}]',
      '\\textcites textual b [\\textcites{a}\n  {b}]',
      '\\cites normal c [\\cites{c}{d} {e}]',
      '\\cites normal d [\\cites{c}{d} {e}]',
      '\\cites normal e [\\cites{c}{d} {e}]',
    ]);
  });

  it('takes only the first key group of a single cite, so braces after it stay text', () => {
    check('\\cite{a}{b}', ['\\cite normal a [\\cite{a}]']);
  });

  it('splits key lists across spaces and line breaks and ignores empty keys', () => {
    check('\\cite{\n  $0alpha,\n  beta ,,gamma,\n}', [
      '\\cite normal alpha [\\cite{\n  alpha,\n  beta ,,gamma,\n}]',
      '\\cite normal beta [\\cite{\n  alpha,\n  beta ,,gamma,\n}]',
      '\\cite normal gamma [\\cite{\n  alpha,\n  beta ,,gamma,\n}]',
    ]);
  });

  it('ignores % comments but not \\%', () => {
    check('% \\cite{commented}\n50\\% of \\cite{kept} % \\cite{tail}', ['\\cite normal kept [\\cite{kept}]']);
    check('\\cite{a, % b, c\n d}', ['\\cite normal a [\\cite{a, % b, c\n d}]', '\\cite normal d [\\cite{a, % b, c\n d}]']);
    check('\\cite % the note\n  [p. 2]{a}', ['\\cite normal a [\\cite % the note\n  [p. 2]{a}]']);
  });

  it('ignores verbatim-like environments and \\verb', () => {
    check(
      [
        '\\begin{verbatim}\\cite{v1}\\end{verbatim}',
        '\\begin{Verbatim}[frame=single]\n\\cite{v2}\n\\end{Verbatim}',
        '\\begin{lstlisting}\n\\cite{v3}\n\\end{lstlisting}',
        '\\begin{minted}{latex}\n\\cite{v4}\n\\end{minted}',
        '\\begin{comment}\n\\cite{v5}\n\\end{comment}',
        '\\verb|\\cite{v6}| \\verb+\\cite{v7}+ \\cite{real}',
        '\\begin{figure}\\cite{infig}\\end{figure}',
      ].join('\n'),
      ['\\cite normal real [\\cite{real}]', '\\cite normal infig [\\cite{infig}]'],
    );
  });

  it('reads \\nocite{*} as all entries, never as a key', () => {
    check('\\nocite{*} \\nocite{x}', ['\\nocite nocite * all [\\nocite{*}]', '\\nocite nocite x [\\nocite{x}]']);
  });

  it('reads user commands from the options, with or without backslash', () => {
    check('\\mycite{a} \\othercite[p]{b} \\mycitex{c}', ['\\mycite normal a [\\mycite{a}]', '\\othercite normal b [\\othercite[p]{b}]'], ['mycite', '\\othercite']);
    check('\\mycite{a}', []);
  });

  it('leaves commands without a key list alone', () => {
    check('\\cite \\citeauthorfoo{x} \\cite[p. 3] text {y}', []);
    check('\\citetitle{x}', ['\\citetitle normal x [\\citetitle{x}]']);
  });

  it('keeps the keys of a half-typed command and reports it unclosed', () => {
    const text = 'As shown by \\cite{lundberg2017, rib';
    const { citations, errors } = findCitations(text, 'latex');
    expect(citations.map((c) => c.key)).toEqual(['lundberg2017', 'rib']);
    expect(errors.map((e) => e.code)).toEqual(['citation.unclosed']);
    check('\\cite{lun\n\nNext paragraph \\cite{b}', ['\\cite normal lun [\\cite{lun]', '\\cite normal b [\\cite{b}]']);
  });

  it('reads no prose as keys after a list left open, but keeps keys listed one a line', () => {
    const keysOf = (text: string) => findCitations(text, 'latex').citations.map((c) => c.key);
    expect(keysOf('See \\cite{a,\nThe next line of the paper.')).toEqual(['a']);
    expect(keysOf('See \\cite{a,\n  b,\n  c\n')).toEqual(['a', 'b', 'c']);
    expect(keysOf('See \\cite{a, b and more')).toEqual(['a', 'b']);
    expect(keysOf('See \\cite{a and more')).toEqual(['a']);
    expect(keysOf('See \\cite{a, b\nmore text')).toEqual(['a', 'b']);
    // A closed list keeps its keys across lines.
    expect(keysOf('See \\cite{a,\nb}')).toEqual(['a', 'b']);
  });
});

describe('LaTeX citation macros the document defines', () => {
  it('reads no key "#1" in a definition, and makes the defined macro a citation command', () => {
    check('\\newcommand{\\mycite}[1]{\\parencite{#1}}\nSee \\mycite{a, b}.', ['\\mycite normal a [\\mycite{a, b}]', '\\mycite normal b [\\mycite{a, b}]']);
    check('\\newrobustcmd*{\\seecite}[2][]{see \\cite[#1]{#2}}\n\\seecite[p.~3]{c}', ['\\seecite normal c [\\seecite[p.~3]{c}]']);
    check('\\NewDocumentCommand{\\sidecite}{o o o m}{%\n  \\footcite[#2][#3]{#4}}\n\\sidecite[][][p. 2]{d}', ['\\sidecite normal d [\\sidecite[][][p. 2]{d}]']);
    check('\\DeclareCiteCommand{\\citejournal}{}{\\printfield{journaltitle}}{}{}\n\\citejournal[see][]{e}', ['\\citejournal normal e [\\citejournal[see][]{e}]']);
    check('\\def\\tc#1{\\textcite{#1}}\n\\tc{f}', ['\\tc normal f [\\tc{f}]']);
  });

  it('skips the arguments before the keys, and leaves macros that cite no parameter alone', () => {
    check('\\newcommand{\\quoted}[2]{``#1\'\' \\cite{#2}}\n\\quoted{Some text}{g}', ['\\quoted normal g [\\quoted{Some text}{g}]']);
    check('\\newcommand{\\me}{\\cite{self}}\n\\me{} and \\newcommand{\\bold}[1]{\\textbf{#1}}\\bold{x}', ['\\cite normal self [\\cite{self}]']);
  });
});

describe('LaTeX citation forms beyond \\cite', () => {
  it('reads \\citen, biblatex field and list access, the \\notecite family and natbib aliases', () => {
    check('\\citen{a} \\citefield{b}[x]{title} \\citename{c}{author} \\citelist[p][q]{d}{publisher} \\notecite[p. 3]{e} \\Pnotecite{f} \\citetalias{g} \\citepalias[see][]{h}', [
      '\\citen normal a [\\citen{a}]',
      '\\citefield normal b [\\citefield{b}]',
      '\\citename normal c [\\citename{c}]',
      '\\citelist normal d [\\citelist[p][q]{d}]',
      '\\notecite normal e [\\notecite[p. 3]{e}]',
      '\\Pnotecite normal f [\\Pnotecite{f}]',
      '\\citetalias normal g [\\citetalias{g}]',
      '\\citepalias normal h [\\citepalias[see][]{h}]',
    ]);
  });

  it('takes the volume of \\volcite for no key', () => {
    check('\\volcite{2}[45]{k1} \\pvolcite[see]{3}{k2} \\volcites{1}{k3}{4}[5]{k4}', [
      '\\volcite normal k1 [\\volcite{2}[45]{k1}]',
      '\\pvolcite normal k2 [\\pvolcite[see]{3}{k2}]',
      '\\volcites normal k3 [\\volcites{1}{k3}{4}[5]{k4}]',
      '\\volcites normal k4 [\\volcites{1}{k3}{4}[5]{k4}]',
    ]);
  });
});
