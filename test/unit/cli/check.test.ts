// `citelens check`, run as a user would: the built CLI on a folder of manuscripts.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './workspace';

/** Runs the CLI in a folder; returns exit status and stdout lines. */
function check(folder: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd: folder, encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

const fixture = `%! refs.bib
@article{known2020, author = {Doe, Jane}, title = {Known}, year = 2020}
@article{broken, title = {Broken} year = 2021}
@article{fine2021, title = {Fine}, year = 2021}
%! paper.md
---
bibliography: refs.bib
---
See [@known2020; @unknwn2020] and @fig-one, or mail a@b.org.
%! chapters/intro.tex
% !TEX root = ../main.tex
\\cite{fine2021,nothere}
%! main.tex
\\addbibresource{refs.bib}
\\input{chapters/intro}`;

describe('citelens check', () => {
  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const r = check(workspace(fixture));
    expect(r.status).toBe(1);
    expect(r.out.split('\n').sort()).toEqual([
      'chapters/intro.tex:2:16 error citation.unknown-key Unknown citation key \'nothere\'',
      'paper.md:4:19 error citation.unknown-key Unknown citation key \'unknwn2020\'',
      "refs.bib:2:35 error bib.syntax Missing ',' before this field in entry 'broken'",
    ].sort());
    expect(r.err).toMatch(/3 errors, 0 warnings; 4 citations checked, 2 unresolved/);
  });

  it('exits 0 when there is nothing wrong, and checks only the files named', () => {
    const folder = workspace(fixture.replace('@unknwn2020', '@fine2021'));
    expect(check(folder, 'paper.md').status).toBe(1); // refs.bib still has a syntax error
    const clean = workspace(`%! refs.bib\n@misc{a, title = {A}}\n%! a.md\n[@a]\n%! b.md\n[@zzz]`);
    expect(check(clean, 'a.md')).toMatchObject({ status: 0, out: '' });
    expect(check(clean).status).toBe(1);
  });

  it('lists every citation in --format json, resolved or not', () => {
    const folder = workspace(fixture);
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json'], { cwd: folder, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { citations: { file: string; key: string; resolved: boolean; range: { start: { line: number } } }[] };
    expect(report.citations.map((c) => `${c.file}:${c.key}:${c.resolved}`).sort()).toEqual(
      ['chapters/intro.tex:fine2021:true', 'chapters/intro.tex:nothere:false', 'paper.md:known2020:true', 'paper.md:unknwn2020:false'].sort(),
    );
  });

  it('tunes severities per code and reports a missing bibliography', () => {
    const folder = workspace(`%! a.tex\n\\addbibresource{gone.bib}\n\\cite{x}`);
    const r = check(folder, '--severity', 'bib.missing-file=warning');
    expect(r.status).toBe(0);
    // The note depends on whether this machine has kpsewhich (test/unit/cli/kpsewhich.test.ts).
    expect(r.out).toMatch(/^a\.tex:1:17 warning bib\.missing-file Bibliography file not found: gone\.bib \(not in the project(, nor where kpsewhich looks|; TeX's own tree was not searched: kpsewhich is not installed)\)$/);
  });

  it('rejects bad usage with status 2', () => {
    expect(check(workspace('%! a.md\nx'), '--format', 'xml').status).toBe(2);
    expect(check(workspace('%! a.md\nx'), 'no/such/file.md').status).toBe(2);
    expect(execFileSync(process.execPath, [cli, 'check', '--help'], { encoding: 'utf8' })).toMatch(/usage: citelens check/);
  });
});

describe('citelens check on Typst', () => {
  it('checks .typ files, their included chapters and Hayagriva bibliographies', () => {
    const folder = workspace(`%! thesis/main.typ
#include "chapters/one.typ"
#bibliography(("refs.yml", "/bib/shared.bib"))
%! thesis/chapters/one.typ
= One <one>
@harry, @one, @shared2020 and #cite(<nokey>).
%! thesis/refs.yml
harry:
  type: book
  title: Harry Potter
%! thesis/bib/shared.bib
@misc{shared2020, title = {Shared}, year = 2020}`);
    // `/bib/...` starts at the folder checked, the project root (Typst's `--root`).
    const r = check(folder, 'thesis');
    expect(r.out).toBe('thesis/chapters/one.typ:2:38 error citation.unknown-key key `nokey` does not exist in the bibliography');
    expect(r.status).toBe(1);
    expect(r.err).toBe('1 error, 0 warnings; 3 citations checked, 1 unresolved');
  });
});

describe('citelens check on a LaTeX project', () => {
  it('checks the compiled unit when given the root, and one chapter when given the chapter', () => {
    const folder = workspace(`%! thesis.tex
\\documentclass{book}
\\begin{document}
\\include{chapters/one}
\\input{front}
\\bibliography{refs}
\\end{document}
%! chapters/one.tex
\\cite{known} and \\cite{gone}
%! front.tex
\\subfile{sub/two}
%! sub/two.tex
\\cite{alsogone}
%! refs.bib
@misc{known, title = {Known}}`);
    const r = check(folder, 'thesis.tex');
    expect(r.out.split('\n').sort()).toEqual([
      "chapters/one.tex:1:24 error citation.unknown-key Unknown citation key 'gone'",
      "sub/two.tex:1:7 error citation.unknown-key Unknown citation key 'alsogone'",
    ]);
    expect(r.status).toBe(1);
    expect(check(folder, 'chapters/one.tex').err).toBe('1 error, 0 warnings; 2 citations checked, 1 unresolved');
  });
});

describe('citelens check on a file in a subfolder', () => {
  it('checks a Quarto chapter with the _quarto.yml above it, and a folder _metadata.yml', () => {
    const folder = workspace(`%! book/_quarto.yml
project:
  type: book
bibliography: refs.bib
%! book/chapters/intro.qmd
See @known and @gone.
%! book/refs.bib
@misc{known, title = {Known}}
%! book/notes/_metadata.yml
bibliography: ../notes.bib
%! book/notes/a.qmd
[@note1]
%! book/notes.bib
@misc{note1, title = {Note}}`);
    const r = check(folder, 'book/chapters/intro.qmd');
    expect(r.out).toBe("book/chapters/intro.qmd:1:17 error citation.unknown-key Unknown citation key 'gone'");
    expect(check(folder, 'book/notes/a.qmd')).toMatchObject({ status: 0, out: '' });
  });

  it('checks a LaTeX chapter with the root that includes it, or that its % !TEX root names', () => {
    const folder = workspace(`%! paper/main.tex
\\documentclass{article}
\\input{sections/one}
\\bibliography{refs}
%! paper/sections/one.tex
\\cite{known,gone}
%! paper/sections/two.tex
% !TEX root = ../main.tex
\\cite{gone2}
%! paper/refs.bib
@misc{known, title = {Known}}`);
    expect(check(folder, 'paper/sections/one.tex').out).toBe("paper/sections/one.tex:1:13 error citation.unknown-key Unknown citation key 'gone'");
    expect(check(folder, 'paper/sections/two.tex').out).toBe("paper/sections/two.tex:2:7 error citation.unknown-key Unknown citation key 'gone2'");
  });

  it('fails when no bibliography is found at all', () => {
    const r = check(workspace(`%! lone/a.md\nSee [@x; @y].`), 'lone/a.md');
    expect(r.out).toBe('lone/a.md:1:7 error citation.no-bibliography No bibliography found for a.md: its 2 citations are not checked');
    expect(r.status).toBe(1);
  });
});

describe('citelens check --format json on \\nocite{*}', () => {
  it('reports it as the key *, the way BibTeX writes it into the .aux', () => {
    const folder = workspace(`%! a.tex\n\\nocite{*}\n\\bibliography{refs}\n%! refs.bib\n@misc{x, title = {X}}`);
    const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'a.tex'], { cwd: folder, encoding: 'utf8' });
    expect((JSON.parse(r.stdout) as { citations: { key: string; resolved: boolean }[] }).citations.map((c) => `${c.key}:${c.resolved}`)).toEqual(['*:true']);
  });
});

describe('citelens check on a bibliography with very many problems', () => {
  it('reports them all rather than overflowing the call stack (200,000 is more than a call takes arguments)', () => {
    const folder = workspace(`%! a.md\n---\nbibliography: refs.bib\n---\n[@k1]`);
    let bib = '';
    for (let i = 0; i < 200_000; i++) bib += `@misc{k${i}, title = {x} year = 1}\n`;
    writeFileSync(join(folder, 'refs.bib'), bib);
    const r = spawnSync(process.execPath, [cli, 'check', 'a.md'], { cwd: folder, encoding: 'utf8', maxBuffer: 256 << 20 });
    expect(r.stderr.trim()).toBe('200000 errors, 0 warnings; 1 citation checked, 0 unresolved');
    expect(r.status).toBe(1);
  });
});
