// The fault-input corpus (scripts/fault-corpus.mjs: deep, huge, cyclic, quadratic, mis-encoded and
// not-a-file inputs) run through the reader, `citelens check` and the real language server: each
// must finish, must not crash, and must stay under a memory bound. A summary of every run (time,
// peak memory, outcome) is written to test-results/fault-report.json for the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { citationsOf } from '../../server/src/core/analysis/citations';
import { docIndex } from '../../server/src/core/analysis/scope';
import { diagnose } from '../../server/src/core/features/diagnostics';
import { hover } from '../../server/src/core/features/hover';
import { defaultSettings } from '../../server/src/core/model/workspace';
import { authorLabel, entrySearchText, entryTitle } from '../../server/src/core/syntax/bib/fields';
import { uriOf } from '../../server/src/host';
import { loadWorkspace } from '../../server/src/load';
import { start } from '../protocol/lsp';

const root = resolve(__dirname, '..', '..');
const corpus = join(root, 'test-results', 'fault-corpus');
const cli = join(root, 'dist', 'cli.js');
const peakProbe = join(__dirname, 'peak.cjs');
/** No process may hold more than this at its peak (the 100k-entry file and its backup need about 600 MB). */
const maxRssMb = 1536;
const perRunMs = 120_000;

execFileSync(process.execPath, [join(root, 'scripts', 'fault-corpus.mjs'), corpus], { stdio: 'ignore' });
const inputs = readdirSync(corpus).sort();

interface Run {
  input: string;
  part: 'reader' | 'cli' | 'server';
  ms: number;
  peakMb?: number;
  outcome: string;
}
const runs: Run[] = [];
afterAll(() => {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const worst = (part: Run['part']) => runs.filter((r) => r.part === part && r.peakMb !== undefined).sort((a, b) => (b.peakMb ?? 0) - (a.peakMb ?? 0))[0];
  const summary = Object.fromEntries(
    (['reader', 'cli', 'server'] as const).map((part) => {
      const mine = runs.filter((r) => r.part === part);
      return [part, { inputs: mine.length, failures: mine.filter((r) => r.outcome !== 'ok').map((r) => `${r.input}: ${r.outcome}`), worst: worst(part) }];
    }),
  );
  writeFileSync(join(root, 'test-results', 'fault-report.json'), JSON.stringify({ summary, runs }, null, 2));
});

function peakFile(): string {
  return join(tmpdir(), `citelens-peak-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
}

function readPeak(file: string): { maxRssKb: number; code: number } | undefined {
  if (!existsSync(file)) return undefined;
  const peak = JSON.parse(readFileSync(file, 'utf8')) as { maxRssKb: number; code: number };
  rmSync(file, { force: true });
  return peak;
}

/** A regular file's text for didOpen, or undefined for pipes, devices and folders (an editor cannot open them either). */
function openable(path: string): string | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

describe('fault-input corpus', () => {
  it('has the inputs the issue names', () => {
    for (const name of ['braces-5k', 'crossref-chain-2500', 'xdata-chain-3750', 'duplicates-2000', 'duplicates-10000', 'duplicates-100k-and-backup', 'string-bomb', 'fifo-bib', 'symlink-dev-zero', 'dev-zero-declared', 'utf16le-nobom', 'field-20mb', 'escapes']) {
      if (name === 'fifo-bib' && !inputs.includes(name)) continue; // no mkfifo here: the generator said so
      expect(inputs).toContain(name);
    }
  });

  describe.each(inputs)('%s', (input) => {
    const folder = join(corpus, input);

    it('the reader and core features finish without throwing', async () => {
      const started = performance.now();
      const { ws } = await loadWorkspace({ folders: [`${uriOf(folder)}/`], settings: defaultSettings });
      for (const uri of [...ws.docs.keys(), ...ws.bibs.keys()]) diagnose(ws, uri);
      for (const doc of ws.docs.values()) {
        if (doc.lang !== 'markdown' && doc.lang !== 'latex') continue;
        const index = docIndex(ws, doc.uri);
        for (const entry of index.resolved) {
          entrySearchText(entry);
          authorLabel(entry);
          entryTitle(entry);
        }
        const first = citationsOf(ws, doc)[0];
        if (first) expect(hover(ws, doc.uri, first.span.start + 1)?.markdown.length ?? 0).toBeLessThan(20_000);
      }
      // In-process: the test runner's memory is shared by every input, so no per-input peak is recorded here;
      // the CLI runs the same reader in a process of its own and its peak is the reader's bound.
      runs.push({ input, part: 'reader', ms: Math.round(performance.now() - started), outcome: 'ok' });
    }, perRunMs);

    it('citelens check finishes, exits 0 or 1, and stays under the memory bound', () => {
      const peak = peakFile();
      const started = performance.now();
      const r = spawnSync(process.execPath, ['--require', peakProbe, cli, 'check', '--format', 'json'], {
        cwd: folder,
        encoding: 'utf8',
        timeout: perRunMs,
        maxBuffer: 512 * 2 ** 20,
        env: { ...process.env, CITELENS_PEAK_FILE: peak },
      });
      const ms = Math.round(performance.now() - started);
      const measured = readPeak(peak);
      const outcome = r.signal ? `killed (${r.signal}): hang` : r.status === 0 || r.status === 1 ? 'ok' : `exit ${r.status}: ${r.stderr.slice(0, 300)}`;
      runs.push({ input, part: 'cli', ms, peakMb: measured && Math.round(measured.maxRssKb / 1024), outcome });
      expect(outcome).toBe('ok');
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect((measured?.maxRssKb ?? 0) / 1024).toBeLessThan(maxRssMb);
    }, perRunMs + 10_000);

    it('the language server indexes it, answers diagnostics, completion and hover, and shuts down cleanly', async () => {
      const peak = peakFile();
      const started = performance.now();
      let outcome = 'ok';
      try {
        const s = await start(folder, { pull: true, nodeArgs: ['--require', peakProbe], env: { CITELENS_PEAK_FILE: peak }, readyTimeoutMs: perRunMs / 2, keepFolder: true });
        for (const [name, languageId] of [['paper.md', 'markdown'], ['paper.tex', 'latex'], ['refs.bib', 'bibtex']] as const) {
          const text = openable(join(folder, name));
          if (text === undefined) continue;
          s.open(name, text, languageId);
          await s.request('textDocument/diagnostic', { textDocument: { uri: s.uri(name) } });
        }
        if (openable(join(folder, 'paper.md')) !== undefined) {
          const at = { textDocument: { uri: s.uri('paper.md') }, position: { line: 5, character: 6 } };
          await s.request('textDocument/completion', at);
          const h = await s.request<{ contents: { value: string } } | null>('textDocument/hover', at);
          expect(h?.contents.value.length ?? 0).toBeLessThan(20_000);
        }
        await s.close();
      } catch (err) {
        outcome = `failed: ${String(err).slice(0, 300)}`;
      }
      const measured = readPeak(peak);
      runs.push({ input, part: 'server', ms: Math.round(performance.now() - started), peakMb: measured && Math.round(measured.maxRssKb / 1024), outcome });
      expect(outcome).toBe('ok');
      expect(measured?.code).toBe(0);
      expect((measured?.maxRssKb ?? 0) / 1024).toBeLessThan(maxRssMb);
    }, perRunMs + 10_000);
  });
});
