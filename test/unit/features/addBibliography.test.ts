// Choose a bibliography…: the declaration edit the server proposes, applied to the fixture files.
import { describe, expect, it } from 'vitest';
import { addBibliography, relativePath } from '../../../server/src/core/features/addBibliography';
import { build, root } from './workspace';

/** The text of each edited file after the edit, or the refusal's sentence. */
function check(fixture: string, doc: string, bib: string): Record<string, string> | string {
  const { ws, uri } = build(fixture);
  const r = addBibliography(ws, uri(doc), uri(bib));
  if (!r.ok) return `refused: ${r.message}`;
  const out: Record<string, string> = {};
  for (const f of r.files) {
    let text = ws.docs.get(f.uri)!.text;
    for (const e of [...f.edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    // The fixture format drops each file's last line break; so do the expectations.
    out[f.uri.slice(root.length)] = text.replace(/\n$/, '');
  }
  return out;
}

const refs = '%! refs/new.bib\n@misc{n, title = {N}}\n';

describe('Markdown front matter', () => {
  it('adds front matter when there is none', () => {
    expect(check(`%! paper.md\nText [@n].\n${refs}`, 'paper.md', 'refs/new.bib')).toEqual({ 'paper.md': '---\nbibliography: refs/new.bib\n---\n\nText [@n].' });
  });
  it('adds the key to front matter without one', () => {
    expect(check(`%! paper.qmd\n---\ntitle: T\n---\nText\n${refs}`, 'paper.qmd', 'refs/new.bib')).toEqual({ 'paper.qmd': '---\ntitle: T\nbibliography: refs/new.bib\n---\nText' });
  });
  it('turns one path into a list, and extends flow and block lists', () => {
    const old = '%! old.bib\n@misc{o, title = {O}}\n';
    expect(check(`%! a.md\n---\nbibliography: old.bib\n---\n${old}${refs}`, 'a.md', 'refs/new.bib')).toEqual({ 'a.md': '---\nbibliography: [old.bib, refs/new.bib]\n---' });
    expect(check(`%! a.md\n---\nbibliography: [old.bib]\n---\n${old}${refs}`, 'a.md', 'refs/new.bib')).toEqual({ 'a.md': '---\nbibliography: [old.bib, refs/new.bib]\n---' });
    expect(check(`%! a.md\n---\nbibliography:\n  - old.bib\ntitle: T\n---\n${old}${refs}`, 'a.md', 'refs/new.bib')).toEqual({ 'a.md': '---\nbibliography:\n  - old.bib\n  - refs/new.bib\ntitle: T\n---' });
  });
  it('quotes a path YAML would misread', () => {
    expect(check(`%! a.md\nx\n%! my refs: 1.bib\n@misc{n, title = {N}}\n`, 'a.md', 'my refs: 1.bib')).toEqual({ 'a.md': '---\nbibliography: "my refs: 1.bib"\n---\n\nx' });
  });
  it('refuses a file already used, and one Pandoc cannot read', () => {
    expect(check(`%! a.md\n---\nbibliography: refs/new.bib\n---\n${refs}`, 'a.md', 'refs/new.bib')).toBe('refused: The document already uses refs/new.bib.');
    expect(check(`%! a.md\nx\n%! notes.txt\nhello\n`, 'a.md', 'notes.txt')).toMatch(/^refused: Pandoc cannot read \.txt/);
  });
});

describe('Quarto project', () => {
  const doc = '%! chapters/intro.qmd\n---\ntitle: Intro\n---\nText [@n].\n';
  const project = (yaml: string) => `%! _quarto.yml\n${yaml}\n${doc}${refs}%! old.bib\n@misc{o, title = {O}}\n`;
  const add = (yaml: string) => check(project(yaml), 'chapters/intro.qmd', 'refs/new.bib');
  it('adds bibliography: to _quarto.yml, relative to the project, when the document has none', () => {
    expect(add('project:\n  type: book\n')).toEqual({ '_quarto.yml': 'project:\n  type: book\nbibliography: refs/new.bib' });
  });
  it('turns the project\'s one path into a list of two, keeping its comment', () => {
    expect(add('bibliography: old.bib  # shared by every chapter\nformat: html')).toEqual({ '_quarto.yml': 'bibliography: [old.bib, refs/new.bib]  # shared by every chapter\nformat: html' });
    expect(add('bibliography: "old.bib"\n')).toEqual({ '_quarto.yml': 'bibliography: ["old.bib", refs/new.bib]' });
  });
  it('extends a flow or block list in place', () => {
    expect(add('bibliography: [old.bib]\n')).toEqual({ '_quarto.yml': 'bibliography: [old.bib, refs/new.bib]' });
    expect(add('bibliography:\n    - old.bib # first\n# the end\nformat: pdf\n')).toEqual({ '_quarto.yml': 'bibliography:\n    - old.bib # first\n    - refs/new.bib\n# the end\nformat: pdf' });
  });
  it('edits the front matter when the document has its own bibliography:, which overrides the project\'s', () => {
    const own = '%! _quarto.yml\nbibliography: old.bib\n%! a.qmd\n---\nbibliography: old.bib\n---\n' + refs + '%! old.bib\n@misc{o, title = {O}}\n';
    expect(check(own, 'a.qmd', 'refs/new.bib')).toEqual({ 'a.qmd': '---\nbibliography: [old.bib, refs/new.bib]\n---' });
  });
  it('edits the _metadata.yml that gives the folder its bibliography', () => {
    const fixture = project('format: html\n') + '%! chapters/_metadata.yml\nbibliography: ../old.bib\n';
    expect(check(fixture, 'chapters/intro.qmd', 'refs/new.bib')).toEqual({ 'chapters/_metadata.yml': 'bibliography: [../old.bib, ../refs/new.bib]' });
  });
  it('refuses, touching nothing, a project file that is not valid YAML or not a mapping, and a file it already uses', () => {
    expect(add('bibliography: [old.bib\nformat: html\n')).toMatch(/^refused: _quarto\.yml is not valid YAML \(.+\); fix it/);
    expect(add('- a\n- b\n')).toMatch(/^refused: _quarto\.yml is not a block mapping/);
    expect(add('bibliography: >\n  old.bib\n')).toMatch(/^refused: _quarto\.yml has a bibliography: value that is neither/);
    expect(add('bibliography: refs/new.bib\n')).toBe('refused: The project already uses ../refs/new.bib, in _quarto.yml.');
  });
  it('leaves a Markdown file outside any Quarto project to its front matter', () => {
    expect(check(`%! a.qmd\nText\n${refs}`, 'a.qmd', 'refs/new.bib')).toEqual({ 'a.qmd': '---\nbibliography: refs/new.bib\n---\n\nText' });
  });
});

describe('LaTeX', () => {
  it('adds \\addbibresource after the last one (biblatex) in the root of a chapter', () => {
    const fixture = `%! main.tex\n\\documentclass{book}\n\\usepackage{biblatex}\n\\begin{document}\n\\include{ch1}\n\\end{document}\n%! ch1.tex\n%!TEX root = main.tex\n\\cite{n}\n${refs}`;
    expect(check(fixture, 'ch1.tex', 'refs/new.bib')).toEqual({ 'main.tex': '\\documentclass{book}\n\\usepackage{biblatex}\n\\addbibresource{refs/new.bib}\n\\begin{document}\n\\include{ch1}\n\\end{document}' });
  });
  it('extends \\bibliography, or writes one before \\end{document}', () => {
    expect(check(`%! a.tex\n\\bibliography{old}\n%! old.bib\n@misc{o, title = {O}}\n${refs}`, 'a.tex', 'refs/new.bib')).toEqual({ 'a.tex': '\\bibliography{old,refs/new}' });
    expect(check(`%! a.tex\n\\begin{document}\nx\n\\end{document}\n${refs}`, 'a.tex', 'refs/new.bib')).toEqual({ 'a.tex': '\\begin{document}\nx\n\\bibliography{refs/new}\n\\end{document}' });
  });
  it('refuses CSL JSON, and a path with a space', () => {
    expect(check(`%! a.tex\n\\end{document}\n%! refs.json\n[]\n`, 'a.tex', 'refs.json')).toMatch(/^refused: LaTeX reads BibTeX files only/);
    expect(check(`%! a.tex\n\\end{document}\n%! my refs.bib\n@misc{n, title = {N}}\n`, 'a.tex', 'my refs.bib')).toMatch(/^refused: The path my refs\.bib has a space/);
  });
});

describe('Typst', () => {
  it('appends #bibliography, or makes the existing one an array', () => {
    expect(check(`%! a.typ\nText @n\n${refs}`, 'a.typ', 'refs/new.bib')).toEqual({ 'a.typ': 'Text @n\n\n#bibliography("refs/new.bib")' });
    expect(check(`%! a.typ\n#bibliography("old.bib")\n%! old.bib\n@misc{o, title = {O}}\n${refs}`, 'a.typ', 'refs/new.bib')).toEqual({ 'a.typ': '#bibliography(("old.bib", "refs/new.bib"))' });
  });
  it('refuses CSL JSON', () => {
    expect(check(`%! a.typ\nx\n%! refs.json\n[]\n`, 'a.typ', 'refs.json')).toMatch(/^refused: Typst reads \.bib and Hayagriva/);
  });
});

describe('relativePath', () => {
  it('walks up and down from the document folder', () => {
    expect(relativePath('file:///w/a/b/doc.md', 'file:///w/a/refs.bib')).toBe('../refs.bib');
    expect(relativePath('file:///w/doc.md', 'file:///w/x/y.bib')).toBe('x/y.bib');
  });
});
