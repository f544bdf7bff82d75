// Parse benchmark: our BibTeX reader against a bare read+scan baseline and the parsers a user would
// otherwise use, on generated 1k/10k/100k-entry files. Every measurement runs in a fresh child process
// so its peak memory (maxRSS) is its own. Run: node bench/parse.mjs [--sizes 1000,10000,100000]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadReader } from './generate.mjs';

const self = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);

/** @retorquere/bibtex-parser needs ~36 s for 10k entries; above that it would dominate the run. */
const retorquereLimit = 10_000;

/** Each parser: how to load it (untimed) and what one timed run does, from file name to entry count. */
const parsers = {
  baseline: {
    label: 'baseline: read + count headers',
    load: async () => (file) => {
      const text = readFileSync(file, 'utf8');
      let count = 0;
      for (let i = text.indexOf('\n@'); i >= 0; i = text.indexOf('\n@', i + 2)) count++;
      return count;
    },
  },
  ours: {
    label: 'citelens readBibtex',
    load: async () => {
      const { readBibtex, decodeBytes } = await loadReader(false);
      return (file) => readBibtex(decodeBytes(readFileSync(file)).text, file).entries.length;
    },
  },
  oursSearch: {
    label: 'citelens + search text of every entry',
    load: async () => {
      const { readBibtex, decodeBytes, entrySearchText } = await loadReader(false);
      return (file) => {
        const { entries } = readBibtex(decodeBytes(readFileSync(file)).text, file);
        let chars = 0;
        for (const entry of entries) chars += entrySearchText(entry).length;
        return chars > 0 ? entries.length : 0;
      };
    },
  },
  bibtexParse: {
    label: 'bibtex-parse 2.1 (entries)',
    load: async () => {
      const { entries } = require('bibtex-parse');
      return (file) => entries(readFileSync(file, 'utf8')).length;
    },
  },
  latexUtensils: {
    label: 'latex-utensils 7 (bibtexParser.parse)',
    load: async () => {
      const { bibtexParser } = require('latex-utensils');
      return (file) => bibtexParser.parse(readFileSync(file, 'utf8')).content.filter((e) => e.kind === 'entry').length;
    },
  },
  retorquere: {
    label: '@retorquere/bibtex-parser 9 (parse)',
    maxSize: retorquereLimit,
    load: async () => {
      const { parse } = await import('@retorquere/bibtex-parser');
      return (file) => parse(readFileSync(file, 'utf8')).entries.length;
    },
  },
  citationJs: {
    label: '@citation-js/core 0.8 + plugin-bibtex (Cite)',
    load: async () => {
      require('@citation-js/plugin-bibtex');
      const { Cite } = require('@citation-js/core');
      return (file) => new Cite(readFileSync(file, 'utf8')).data.length;
    },
  },
};

/** Child-process side: load the parser, time `runs` runs, print one JSON line. */
async function worker(name, file, runs) {
  const parse = await parsers[name].load();
  const times = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    entries = parse(file);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ entries, ms: median, first: times.length === 1 ? median : undefined, maxRssMB }) + '\n');
}

function measure(name, file, runs, timeoutMs) {
  try {
    const out = execFileSync(process.execPath, ['--max-old-space-size=8192', self, '--worker', name, file, String(runs)], {
      encoding: 'utf8',
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (err) {
    const reason = err.signal === 'SIGTERM' ? `timeout after ${timeoutMs / 1000} s` : String(err.stderr || err.message).trim().split('\n')[0];
    return { error: reason };
  }
}

function pad(s, n, right = false) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}

/**
 * Runs the benchmark. Options: `sizes` (entry counts), `runs` (timed runs per process; the median is
 * reported, default 5 below 100k entries and 2 at 100k), `timeoutMs` per parser and size, `log`.
 * Returns one row per size and parser.
 */
export async function run(options = {}) {
  const sizes = options.sizes ?? [1000, 10000, 100000];
  const timeoutMs = options.timeoutMs ?? 180_000;
  const log = options.log ?? console.log;
  const results = [];
  await loadReader();
  for (const size of sizes) {
    const file = await generate(size);
    const mb = statSync(file).size / 1e6;
    const runs = options.runs ?? (size >= 100_000 ? 2 : size >= 10_000 ? 3 : 5);
    log(`\n${size} entries, ${mb.toFixed(1)} MB (${file}); median of ${runs} runs in a fresh process each`);
    log(`${pad('parser', 46)} ${pad('entries', 8, true)} ${pad('ms', 10, true)} ${pad('peak MB', 9, true)} ${pad('x ours', 8, true)}`);
    const rows = [];
    for (const [name, parser] of Object.entries(parsers)) {
      if (parser.maxSize && size > parser.maxSize) {
        rows.push({ size, name, label: parser.label, skipped: `skipped above ${parser.maxSize} entries (~36 s at 10k)` });
        continue;
      }
      const slowRuns = name === 'retorquere' || name === 'citationJs' ? Math.min(runs, size >= 10_000 ? 1 : 3) : runs;
      rows.push({ size, name, label: parser.label, ...measure(name, file, slowRuns, timeoutMs) });
    }
    const ours = rows.find((r) => r.name === 'ours');
    for (const row of rows) {
      if (ours?.ms) row.ratio = row.ms ? row.ms / ours.ms : undefined;
      const value = row.skipped ?? row.error;
      if (value) log(`${pad(row.label, 46)} ${value}`);
      else log(`${pad(row.label, 46)} ${pad(row.entries, 8, true)} ${pad(row.ms.toFixed(1), 10, true)} ${pad(row.maxRssMB.toFixed(0), 9, true)} ${pad(row.ratio.toFixed(2), 8, true)}`);
    }
    log(targets(size, rows).join('\n'));
    results.push(...rows);
  }
  return results;
}

/** The performance targets of the issue, checked against this run's figures. */
function targets(size, rows) {
  const get = (name) => rows.find((r) => r.name === name);
  const ours = get('ours');
  const lines = [];
  const check = (ok, text) => lines.push(`  ${ok ? 'ok  ' : 'MISS'} ${text}`);
  if (!ours?.ms) return ['  ours failed: ' + (ours?.error ?? 'no result')];
  if (size === 10_000) {
    const bp = get('bibtexParse');
    const lu = get('latexUtensils');
    const base = get('baseline');
    if (bp?.ms) check(bp.ms / ours.ms >= 4, `>= 4x faster than bibtex-parse: ${(bp.ms / ours.ms).toFixed(1)}x`);
    if (lu?.ms) check(lu.ms / ours.ms >= 25, `>= 25x faster than latex-utensils: ${(lu.ms / ours.ms).toFixed(1)}x`);
    if (base?.ms) check(ours.ms / base.ms <= 6, `within 6x of the read+scan baseline: ${(ours.ms / base.ms).toFixed(1)}x`);
  }
  if (size === 100_000) {
    check(ours.ms < 1500, `100k entries in < 1.5 s: ${ours.ms.toFixed(0)} ms`);
    check(ours.maxRssMB < 1024, `peak memory < 1 GB: ${ours.maxRssMB.toFixed(0)} MB`);
  }
  return lines;
}

const argv = process.argv;
if (argv[1] && resolve(argv[1]) === self) {
  if (argv[2] === '--worker') await worker(argv[3], argv[4], Number(argv[5]));
  else {
    const at = argv.indexOf('--sizes');
    const sizes = at > 0 ? argv[at + 1].split(',').map(Number) : undefined;
    await run({ sizes });
  }
}
