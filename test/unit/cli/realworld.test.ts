// The real-world comparison: `citelens check --format json` on each project of
// ../shared/realworld, as its README says, against the keys the real toolchain cites and cannot
// resolve. Where pandoc runs here, a Markdown case's expectation is re-derived with the case's own
// oracle command (tools/md_oracle.py, run on a scratch copy) instead of trusting the stored lists;
// LaTeX cases use the stored lists unless pdflatex, bibtex and biber are all installed, and then
// the stored lists are what the corpus's tex_oracle.py produced with them.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'realworld');
/** Our own cases, same layout, from public repositories the shared corpus has no kind of. */
const ours = resolve(__dirname, '..', '..', 'fixtures', 'realworld');
const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/**
 * Cases where Citelens still differs from the toolchain, with why. A case listed here must still
 * differ (fix it, then remove the line); a case not listed must agree.
 */
const knownDifferences: Record<string, string> = {
};

interface Keys {
  cited: string[];
  unknown: string[];
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '') : []);
const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** What Citelens says, read as compare.sh reads it. */
function citelens(dir: string): Keys {
  const main = readFileSync(join(dir, 'main'), 'utf8').trim();
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', main], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  const report = JSON.parse(r.stdout) as { citations: { key: string; resolved: boolean }[] };
  return { cited: sorted(report.citations.map((c) => c.key)), unknown: sorted(report.citations.filter((c) => !c.resolved).map((c) => c.key)) };
}

/**
 * The toolchain's answer: re-derived with pandoc when the case's ORACLE is an md_oracle.py
 * command and pandoc is installed, else the stored lists (which the README says came from the
 * real tools, or from the documented rule of a tool that cannot run here).
 */
function toolchain(dir: string): Keys & { source: string } {
  const name = basename(dir);
  const stored = { cited: sorted(lines(join(dir, 'expected.cited'))), unknown: sorted(lines(join(dir, 'expected.unknown'))), source: 'stored' };
  const command = lines(join(dir, 'ORACLE'))[1]?.trim() ?? '';
  // Our LaTeX cases are compiled again where TeX runs (the shared ones take minutes: stored).
  if (dir.startsWith(ours) && command.startsWith('pdflatex+bibtex ') && has('pdflatex') && has('bibtex')) return { ...bibtexOracle(dir, command.slice('pdflatex+bibtex '.length)), source: 'pdflatex+bibtex' };
  if (!command.startsWith('python3 tools/md_oracle.py ') || !has('pandoc') || !has('python3') || !existsSync(join(corpus, 'tools'))) return stored;
  // Under the Manubot rule most keys are resolved by the rule (online look-ups assumed to
  // succeed), not by pandoc, and its oracle runs citeproc for minutes over them: stored lists.
  if (command.includes('--drop manubot')) return stored;
  // The oracle writes temporary copies beside the documents: run it on a scratch copy, never on
  // the shared corpus.
  const tmp = mkdtempSync(join(tmpdir(), 'citelens-realworld-'));
  scratch.push(tmp);
  cpSync(dir, join(tmp, name), { recursive: true });
  // Oracle commands name the corpus's tools/ relative to the case (a default CSL style).
  symlinkSync(join(corpus, 'tools'), join(tmp, 'tools'));
  const out = execFileSync('bash', ['-c', command.replace('tools/md_oracle.py', join(corpus, 'tools', 'md_oracle.py'))], { cwd: tmp, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  const field = (label: string) => sorted((out.split('\n').find((l) => l.startsWith(`${label}:`)) ?? '').slice(label.length + 1).split(/\s+/).filter(Boolean));
  return { cited: field('cited'), unknown: field('unknown'), source: 'pandoc' };
}

/**
 * The BibTeX toolchain on a scratch copy, as the corpus's tex_oracle.py runs it: in the root's
 * folder `pdflatex -interaction=nonstopmode ROOT`, `bibtex` on every .aux with a \\bibdata, both
 * once more. Cited = the keys of every `\\citation` line of every .aux; unknown = BibTeX's "I
 * didn't find a database entry" warnings.
 */
function bibtexOracle(dir: string, root: string): Keys {
  const tmp = mkdtempSync(join(tmpdir(), 'citelens-bibtex-'));
  scratch.push(tmp);
  cpSync(dir, tmp, { recursive: true });
  const cwd = join(tmp, dirname(root));
  const auxes = () => (readdirSync(tmp, { recursive: true }) as string[]).filter((f) => f.endsWith('.aux')).map((f) => join(tmp, f));
  const pass = () => spawnSync('pdflatex', ['-interaction=nonstopmode', '-file-line-error', basename(root)], { cwd, stdio: 'ignore', timeout: 300_000 });
  const bib = () => {
    for (const aux of auxes()) if (readFileSync(aux, 'utf8').includes('\\bibdata')) spawnSync('bibtex', [relative(cwd, aux).replace(/\.aux$/, '')], { cwd, stdio: 'ignore', timeout: 120_000 });
  };
  pass();
  bib();
  pass();
  bib();
  const cited = auxes().flatMap((aux) => [...readFileSync(aux, 'utf8').matchAll(/\\citation\{([^}]*)\}/g)].flatMap((m) => (m[1] as string).split(',').map((k) => k.trim()).filter(Boolean)));
  const blgs = (readdirSync(tmp, { recursive: true }) as string[]).filter((f) => f.endsWith('.blg'));
  const unknown = blgs.flatMap((f) => [...readFileSync(join(tmp, f), 'utf8').matchAll(/I didn't find a database entry for "([^"]+)"/g)].map((m) => m[1] as string));
  return { cited: sorted(cited), unknown: sorted(unknown) };
}

const caseDirs = (root: string) => (existsSync(root) ? readdirSync(root).filter((n) => existsSync(join(root, n, 'main'))).sort().map((n) => join(root, n)) : []);
const cases = caseDirs(corpus).map((d) => basename(d));
const ownCases = caseDirs(ours);

describe('real-world projects, read as the toolchain reads them', () => {
  if (cases.length === 0) {
    it.skip(`skipped: ${corpus} is absent (the real-world corpus is not on this machine)`, () => {});
    return;
  }
  if (!existsSync(cli)) throw new Error(`build the CLI first (node esbuild.mjs): ${cli} is missing`);
  if (!has('pandoc')) console.warn('pandoc is not installed: Markdown cases use the stored expectations');
  console.warn('pdflatex/bibtex/biber are not re-run here: LaTeX cases use the expectations the corpus oracle produced with them');

  for (const name of cases) {
    it(name, { timeout: 60_000 }, () => {
      const want = toolchain(join(corpus, name));
      const got = citelens(join(corpus, name));
      const agrees = JSON.stringify([got.cited, got.unknown]) === JSON.stringify([want.cited, want.unknown]);
      const known = knownDifferences[name];
      if (known) {
        expect(agrees, `${name} now agrees with the toolchain: remove it from knownDifferences`).toBe(false);
      } else {
        expect({ cited: got.cited, unknown: got.unknown }, `${name} (expectation: ${want.source})`).toEqual({ cited: want.cited, unknown: want.unknown });
      }
    });
  }

  it('lists only cases that exist', () => {
    expect(Object.keys(knownDifferences).filter((n) => !cases.includes(n) && !ownCases.some((d) => basename(d) === n))).toEqual([]);
  });
});

describe('our own real-world cases (test/fixtures/realworld), read as the toolchain reads them', () => {
  if (!existsSync(cli)) throw new Error(`build the CLI first (node esbuild.mjs): ${cli} is missing`);
  for (const dir of ownCases) {
    it(basename(dir), { timeout: 600_000 }, () => {
      const want = toolchain(dir);
      const got = citelens(dir);
      expect(want.cited.length, 'a case cites something').toBeGreaterThan(0);
      expect({ cited: got.cited, unknown: got.unknown }, `${basename(dir)} (expectation: ${want.source})`).toEqual({ cited: want.cited, unknown: want.unknown });
    });
  }
});
