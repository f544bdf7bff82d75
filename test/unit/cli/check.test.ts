// `citelens check`, run as a user would: the built CLI on a folder of manuscripts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFixture } from '../../fixture';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function workspace(fixture: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'citelens-cli-'));
  folders.push(folder);
  for (const [name, text] of parseFixture(fixture, { marker: null }).files) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

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
    expect(r.out).toBe('a.tex:1:17 warning bib.missing-file Bibliography file not found: gone.bib');
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
