import { fileText } from '../../../server/src/core/model/fileText';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../server/src/core/features/diagnostics';
import { applyChange, emptyWorkspace, type CoreSettings } from '../../../server/src/core/model/workspace';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { build } from './workspace';
import { codeActions } from '../../../server/src/core/features/codeActions';

const bib = `%! refs.bib
@article{known, author = {Doe, Jane}, title = {Known}, year = 2020}
@book{parent, title = {The Book}, year = 2019}
@incollection{child, author = {Roe, R.}, title = {Chapter}, crossref = {parent}}`;

/** Diagnostics of one file as `line:code:text-under-range`. */
function check(fixture: string, file: string, settings: Partial<CoreSettings> = {}) {
  const { ws, uri } = build(fixture, settings);
  const text = ws.docs.get(uri(file))?.text ?? (ws.bibs.has(uri(file)) ? fileText(ws.bibs.get(uri(file))!) : undefined) ?? '';
  return diagnose(ws, uri(file)).map((d) => `${text.slice(0, d.span.start).split('\n').length}:${d.code}:${d.severity}:${text.slice(d.span.start, d.span.end)}`);
}

describe('diagnostics', () => {
  it('flags unknown keys in LaTeX and Markdown at the key itself', () => {
    expect(check(`%! a.tex\n\\cite{known, unknwn}\n${bib}`, 'a.tex')).toEqual(['1:citation.unknown-key:error:unknwn']);
    expect(check(`%! a.md\nSee [@known; @missing2021], and @alsomissing says.\n${bib}`, 'a.md')).toEqual([
      '1:citation.unknown-key:error:missing2021',
      '1:citation.unknown-key:error:alsomissing',
    ]);
  });

  it('warns about a LaTeX key list that is never closed, and still checks the keys before it', () => {
    expect(check(`%! a.tex\n\\cite{known, nope\n\nNext paragraph.\n${bib}`, 'a.tex')).toEqual([
      '1:citation.unclosed:warning:{known, nope',
      '1:citation.unknown-key:error:nope',
    ]);
  });

  it('never flags \\nocite{*}, Quarto cross-references, e-mail addresses or code', () => {
    const md = '%! a.md\nSee @fig-plot and @tbl-1, write to me@example.org, `@notakey` and\n\n```\n@nokey\n```\n';
    expect(check(md + bib, 'a.md')).toEqual([]);
    expect(check(`%! a.tex\n\\nocite{*}\n% \\cite{commented}\n${bib}`, 'a.tex')).toEqual([]);
  });

  it('never flags pandoc-crossref ids (also capitalised) and the custom kinds of a document or its Quarto project', () => {
    const md = '%! a.md\nSee @fig:plot, @Sec:intro, [@eq:e; @tbl:t; @lst:l; @known] and @figure:x.\n';
    expect(check(md + bib, 'a.md')).toEqual(['1:citation.unknown-key:error:figure:x']);
    const custom = '%! a.qmd\n---\ncrossref:\n  custom:\n    - kind: float\n      key: vid\n---\nSee @vid-1, @dia-2 and @supp-3.\n';
    expect(check(custom + bib, 'a.qmd')).toEqual(['7:citation.unknown-key:error:dia-2', '7:citation.unknown-key:error:supp-3']);
    const project = '%! _quarto.yml\ncrossref:\n  custom:\n    - key: dia\n%! sub/_metadata.yml\ncrossref:\n  custom:\n    - key: supp\n';
    expect(check(custom.replace('a.qmd', 'sub/a.qmd') + project + bib, 'sub/a.qmd')).toEqual([]);
  });

  it('reports a declared bibliography that does not exist on the line naming it', () => {
    expect(check(`%! a.tex\n\\addbibresource{refs.bib}\n\\bibliography{nothere}\n\\cite{known}\n${bib}`, 'a.tex')).toEqual([
      '2:bib.missing-file:error:nothere',
    ]);
    expect(check(`%! a.md\n---\nbibliography: [refs.bib, gone.json]\n---\n[@known]\n${bib}`, 'a.md')).toEqual(['2:bib.missing-file:error:gone.json']);
  });

  it('says why a declared bibliography that exists was not read, instead of calling it missing', () => {
    const { ws, uri } = build(`%! a.tex\n\\addbibresource{pipe.bib}\n\\cite{x}`);
    const refused = applyChange(ws, { unreadable: [{ uri: uri('pipe.bib'), reason: 'is a named pipe (FIFO)' }] });
    expect(diagnose(refused, uri('a.tex')).map((d) => `${d.code}:${d.severity}:${d.message}`)).toEqual([
      'bib.unreadable:error:Bibliography file not read: pipe.bib is a named pipe (FIFO)',
    ]);
    // Once it can be read again, the refusal is forgotten.
    const back = applyChange(refused, { missing: [uri('pipe.bib')] });
    expect(diagnose(back, uri('a.tex')).map((d) => d.code)).toEqual(['bib.missing-file']);
  });

  it('reports syntax errors, duplicate keys and missing crossref parents in the .bib', () => {
    const broken = `%! refs.bib\n@article{a, title = {One}}\n@article{a, title = {Two}}\n@article{b, title = {Broken}\n@article{c, crossref = {nowhere}, title = {C}}\n@article{d, title = {Fine}}`;
    const found = check(`%! x.tex\n\\cite{a}\n${broken}`, 'refs.bib');
    expect(found.filter((d) => d.includes('bib.duplicate-key'))).toEqual(['1:bib.duplicate-key:warning:a', '2:bib.duplicate-key:warning:a']);
    expect(found.some((d) => d.startsWith('3:bib.syntax:error'))).toBe(true);
    expect(found).toContain('4:bib.missing-crossref:warning:{nowhere}');
  });

  it('reports the reader\'s own codes: undefined macros, repeated fields, missing xdata', () => {
    const fixture = `%! x.tex\n\\cite{a}\n%! refs.bib\n@article{a, journal = jnl, title = {One}, title = {Again}}\n@article{b, xdata = {shared, gone}, title = {B}}\n@xdata{shared, publisher = {P}}`;
    expect(check(fixture, 'refs.bib')).toEqual([
      '1:bib.undefined-string:warning:jnl',
      '1:bib.duplicate-field:warning:title',
      '2:bib.missing-xdata:warning:{shared, gone}',
    ]);
    expect(check(fixture, 'refs.bib', { severity: { 'bib.undefined-string': 'off', 'bib.duplicate-field': 'error' } })).toEqual([
      '1:bib.duplicate-field:error:title',
      '2:bib.missing-xdata:warning:{shared, gone}',
    ]);
  });

  it('finds a crossref parent the way inheritance does, case-insensitively like BibTeX', () => {
    const fixture = `%! x.tex\n\\cite{child}\n%! refs.bib\n@book{Parent, title = {The Book}}\n@incollection{child, crossref = {PARENT}, title = {Ch}}\n@incollection{orphan, crossref = {nobody}}`;
    expect(check(fixture, 'refs.bib')).toEqual(['3:bib.missing-crossref:warning:{nobody}']);
  });

  it('checks a bibliography that is neither open nor in the workspace folders against itself', () => {
    const uri = 'file:///elsewhere/refs.bib';
    const text = '@book{parent, title = {P}}\n@inbook{child, crossref = {parent}}\n@misc{d, title = {1}}\n@misc{d, title = {2}}\n@misc{o, crossref = {gone}}';
    const ws = applyChange(emptyWorkspace(), { bibs: [readBibliography(uri, text)] });
    expect(diagnose(ws, uri).map((d) => `${d.code} ${d.message}`)).toEqual([
      "bib.duplicate-key Duplicate key 'd' (also defined on another line)",
      "bib.duplicate-key Duplicate key 'd' (also defined on another line)",
      "bib.missing-crossref Entry 'o' inherits from 'gone', which is not defined",
    ]);
  });

  it('reports 10,000 entries sharing a key in linear work, each pointing to a bounded list of the others', () => {
    const n = 10_000;
    const text = Array.from({ length: n }, (_, i) => `@misc{same, note = {${i}}}`).join('\n');
    const { ws, uri } = build(`%! refs.bib\n${text}`);
    const found = diagnose(ws, uri('refs.bib'));
    expect(found).toHaveLength(n);
    expect(found[0]?.message).toBe(`Duplicate key 'same' (also defined on ${n - 1} other lines)`);
    expect(Math.max(...found.map((d) => d.data?.related?.length ?? 0))).toBe(20);
    expect(found[1]?.data?.related?.some((r) => r.span.start === found[1]?.span.start)).toBe(false);
  });

  it('reports cross-file duplicates of a 100k-entry file and its same-content backup once per key', () => {
    const n = 100_000;
    const text = Array.from({ length: n }, (_, i) => `@misc{k${i}, title = {T${i}}}`).join('\n');
    const { ws, uri } = build(`%! refs.bib\n${text}\n%! backup.bib\n${text}`);
    const found = diagnose(ws, uri('refs.bib'));
    expect(found).toHaveLength(n);
    expect(found[n - 1]).toMatchObject({ code: 'bib.duplicate-key', message: `Key 'k${n - 1}' is also defined in backup.bib` });
  });

  it('applies per-code severities, including off', () => {
    const fixture = `%! a.tex\n\\cite{nope}\n${bib}`;
    expect(check(fixture, 'a.tex', { severity: { 'citation.unknown-key': 'warning' } })).toEqual(['1:citation.unknown-key:warning:nope']);
    expect(check(fixture, 'a.tex', { severity: { 'citation.unknown-key': 'off' } })).toEqual([]);
  });

  it('hints at unused entries only when asked to', () => {
    const fixture = `%! a.tex\n\\cite{known}\n${bib}`;
    expect(check(fixture, 'refs.bib').filter((d) => d.includes('unused'))).toEqual([]);
    expect(check(fixture, 'refs.bib', { severity: { 'bib.unused-entry': 'hint' } }).filter((d) => d.includes('unused'))).toEqual([
      '2:bib.unused-entry:hint:parent',
      '3:bib.unused-entry:hint:child',
    ]);
  });
});

describe('citation macros across a LaTeX project', () => {
  it('checks keys cited through a macro the root or a local package defines', () => {
    const project = `%! main.tex\n\\documentclass{book}\n\\usepackage{mybib}\n\\newcommand{\\mycite}[1]{\\parencite{#1}}\n\\addbibresource{refs.bib}\n\\input{ch1}\n%! ch1.tex\n\\mycite{known,gone} \\sidecite[p. 2]{gone2}\n%! mybib.sty\n\\NewDocumentCommand{\\sidecite}{o m}{\\footcite[#1]{#2}}\n${bib}`;
    expect(check(project, 'ch1.tex')).toEqual(['1:citation.unknown-key:error:gone', '1:citation.unknown-key:error:gone2']);
    expect(check(project, 'main.tex')).toEqual([]);
  });
});

describe('duplicate keys across files', () => {
  it('names the other file by its path in the workspace', () => {
    const fixture = `%! a/refs.bib\n@misc{k, title = {A}}\n%! b/refs.bib\n@misc{k, title = {B}}\n%! p.md\n[@k]`;
    const { ws, uri } = build(fixture);
    expect(diagnose(ws, uri('a/refs.bib')).map((d) => d.message)).toEqual(["Key 'k' is also defined in b/refs.bib"]);
  });
});

describe('inline references in front matter', () => {
  it('reads references: as a bibliography, alone or with bibliography files, as pandoc does', () => {
    const inline = '%! a.md\n---\nreferences:\n  - id: inline1\n    title: Inline\n---\n[@inline1; @gone]\n';
    expect(check(inline, 'a.md')).toEqual(['6:citation.unknown-key:error:gone']);
    const both = '%! b.md\n---\nbibliography: refs.bib\nreferences:\n- id: inline2\n  type: book\n---\n@inline2 @known @gone\n';
    expect(check(both + bib, 'b.md')).toEqual(['7:citation.unknown-key:error:gone']);
  });
});

describe('R Markdown builds', () => {
  it('takes a bibliography knitr::write_bib writes for generated, with its R-<package> keys', () => {
    const doc = "%! a.Rmd\n---\nbibliography: [refs.bib, packages.bib]\n---\n[@R-knitr; @R-base; @known; @R-other]\n\n```{r}\nknitr::write_bib(c(.packages(), 'knitr'), file = 'packages.bib')\n```\n";
    expect(check(doc + bib, 'a.Rmd')).toEqual(['4:citation.unknown-key:error:R-other']);
    expect(check(doc.replace('packages.bib]', 'other.bib]') + bib, 'a.Rmd')).toEqual(['2:bib.missing-file:error:other.bib', '4:citation.unknown-key:error:R-knitr', '4:citation.unknown-key:error:R-base', '4:citation.unknown-key:error:R-other']);
  });

  it("gives a bookdown chapter index.Rmd's bibliography, and declares nothing for inline R", () => {
    const book = '%! _bookdown.yml\nbook_filename: x\n%! index.Rmd\n---\nbibliography: [refs.bib]\n---\n%! 01-intro.Rmd\n[@known; @gone]\n%! other.bib\n@misc{gone, title = {G}}\n';
    expect(check(book + bib, '01-intro.Rmd')).toEqual(['1:citation.unknown-key:error:gone']);
    const inlineR = '%! b.Rmd\n---\nbibliography: \'`r here::here("refs.bib")`\'\n---\n[@known]\n';
    expect(check(inlineR + bib, 'b.Rmd')).toEqual([]);
  });
});

describe('BibTeX key case', () => {
  it('warns about a key that matches only without case when BibTeX reads the bibliography, and offers the exact key', () => {
    const bibtex = `%! a.tex\n\\documentclass{article}\n\\citet{KNOWN} \\cite{Known}\n\\bibliography{refs}\n${bib}`;
    expect(check(bibtex, 'a.tex')).toEqual(['2:citation.case-mismatch:warning:KNOWN', '2:citation.case-mismatch:warning:Known']);
    const { ws, uri } = build(bibtex);
    const d = diagnose(ws, uri('a.tex'));
    expect(codeActions(ws, uri('a.tex'), d[0]!.span, d.slice(0, 1)).map((a) => `${a.title}:${a.edits?.[0]?.edits[0]?.newText}`)).toEqual(["Change to 'known':known"]);
  });

  it('keeps keys exact for biblatex (biber) and Markdown (pandoc)', () => {
    expect(check(`%! a.tex\n\\usepackage[backend=biber]{biblatex}\n\\cite{Known}\n\\bibliography{refs}\n${bib}`, 'a.tex')).toEqual(['2:citation.unknown-key:error:Known']);
    expect(check(`%! a.tex\n\\addbibresource{refs.bib}\n\\cite{Known}\n${bib}`, 'a.tex')).toEqual(['2:citation.unknown-key:error:Known']);
    expect(check(`%! a.md\n---\nbibliography: refs.bib\n---\n@Known\n${bib}`, 'a.md')).toEqual(['4:citation.unknown-key:error:Known']);
  });
});
