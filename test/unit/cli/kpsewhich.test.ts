// `citelens check` on a LaTeX document whose bibliography is not in the project but in TeX's own
// tree: BibTeX and biber find it through kpathsea, so Citelens asks `kpsewhich`. Where pdflatex
// and bibtex are installed, the unknown keys are compared with BibTeX's own warnings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const texTree = has('kpsewhich') && spawnSync('kpsewhich', ['xampl.bib'], { encoding: 'utf8' }).stdout.trim() !== '';

// xampl.bib is BibTeX's own example database, in every TeX Live (texlive-base).
const paper = `\\documentclass{article}
\\begin{document}
\\cite{whole-set,nobody} \\cite{Whole-Set}
\\bibliographystyle{plain}
\\bibliography{xampl,mine}
\\end{document}
`;

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'citelens-kpse-'));
  folders.push(dir);
  writeFileSync(join(dir, 'paper.tex'), paper);
  return dir;
}

function check(cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', 'paper.tex'], { cwd, encoding: 'utf8', env });
  const report = JSON.parse(r.stdout) as { citations: { key: string; resolved: boolean }[]; diagnostics: { code: string; message: string }[]; bibliographies: { file: string }[] };
  return { unknown: report.citations.filter((c) => !c.resolved).map((c) => c.key), messages: report.diagnostics.map((d) => `${d.code} ${d.message}`), bibliographies: report.bibliographies.map((b) => b.file) };
}

describe('bibliographies in TeX’s own tree', () => {
  it.skipIf(!texTree)('are found with kpsewhich, and their keys resolve (not linted: not the writer’s file)', () => {
    const r = check(folder());
    expect(r.unknown).toEqual(['nobody']);
    expect(r.bibliographies).toEqual([spawnSync('kpsewhich', ['xampl.bib'], { encoding: 'utf8' }).stdout.trim()]);
    expect(r.messages).toEqual([
      'bib.missing-file Bibliography file not found: mine.bib (not in the project, nor where kpsewhich looks)',
      'citation.unknown-key Unknown citation key \'nobody\'',
      "citation.case-mismatch Citation key 'Whole-Set' matches 'whole-set' only without case: BibTeX accepts it, biber and pandoc do not",
    ]);
  });

  it.skipIf(!texTree || !has('pdflatex') || !has('bibtex'))('agree with what BibTeX itself cannot find', () => {
    const dir = folder();
    spawnSync('pdflatex', ['-interaction=nonstopmode', 'paper.tex'], { cwd: dir });
    spawnSync('bibtex', ['paper'], { cwd: dir });
    const blg = readFileSync(join(dir, 'paper.blg'), 'utf8');
    const bibtexUnknown = [...blg.matchAll(/I didn't find a database entry for "([^"]+)"/g)].map((m) => m[1]);
    expect(check(dir).unknown).toEqual(bibtexUnknown);
    expect(blg).toMatch(/I couldn't open database file mine\.bib/);
  });

  it('say the tree was not searched when kpsewhich is not installed', () => {
    const dir = folder();
    // A PATH that holds node alone.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = check(dir, { ...process.env, PATH: bin });
    expect(r.unknown).toEqual(['whole-set', 'nobody', 'Whole-Set']);
    expect(r.messages).toEqual([
      "bib.missing-file Bibliography file not found: xampl.bib (not in the project; TeX's own tree was not searched: kpsewhich is not installed)",
      "bib.missing-file Bibliography file not found: mine.bib (not in the project; TeX's own tree was not searched: kpsewhich is not installed)",
    ]);
  });
});
