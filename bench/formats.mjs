// Formats benchmark: reading 10k-item CSL-JSON, CSL-YAML and RIS files (generated from the corpus
// with citation-js's own RIS output), formatting single references as a hover does (CPU time per
// entry over 300 random corpus entries), and the language server bundle's start-up cost.
// Run: node esbuild.mjs && node bench/formats.mjs [--items 10000] [--entries 300]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, corpusDir, random } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const require = createRequire(import.meta.url);

/** The core as CommonJS (citeproc and citation-js are CommonJS and `require` lazily). */
async function loadCore() {
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, 'formats.cjs');
  await build({
    stdin: {
      contents: [
        "export { readBibtex } from './server/src/core/syntax/bib/bibtex';",
        "export { decodeBytes } from './server/src/core/syntax/bib/encoding';",
        "export { toCsl } from './server/src/core/syntax/bib/toCsl';",
        "export { readCslJson, readCslYaml } from './server/src/core/syntax/bib/csl';",
        "export { readRis } from './server/src/core/syntax/bib/ris';",
        "export { formatReferences, prepareStyle } from './server/src/core/format/format';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return require(outfile);
}

/** Every corpus entry as a CSL item (our BibTeX reader and mapping), in a stable order. */
function corpusItems(core) {
  const dir = corpusDir();
  const items = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.bib')).sort()) {
    const { text } = core.decodeBytes(readFileSync(join(dir, name)));
    for (const entry of core.readBibtex(text, name).entries) items.push(core.toCsl(entry));
  }
  return items;
}

/** RIS text the way reference managers write it: citation-js's tags, one line per value. */
function risText(items) {
  const { plugins } = require('@citation-js/core');
  require('@citation-js/plugin-ris');
  const records = plugins.output.format('ris', items, { format: 'object' });
  return records
    .map((record) => {
      const lines = [`TY  - ${record.TY}`];
      for (const [tag, value] of Object.entries(record)) {
        if (tag === 'TY') continue;
        for (const v of [].concat(value)) lines.push(`${tag}  - ${String(v).replace(/\s*\n\s*/g, ' ')}`);
      }
      lines.push('ER  - ');
      return lines.join('\n');
    })
    .join('\n\n');
}

/** 10k-item CSL-JSON, CSL-YAML and RIS files sampled from the corpus, cached in bench/.cache. */
function generateFiles(core, count) {
  const files = { json: join(cacheDir, `csl-${count}.json`), yaml: join(cacheDir, `csl-${count}.yaml`), ris: join(cacheDir, `refs-${count}.ris`) };
  if (Object.values(files).every(existsSync)) return files;
  const pool = corpusItems(core);
  const next = random(count);
  const items = [];
  for (let i = 0; i < count; i++) items.push({ ...pool[Math.floor(next() * pool.length)], id: `e${i.toString(36)}x` });
  const { stringify } = require('yaml');
  writeFileSync(files.json, JSON.stringify(items, null, 2));
  writeFileSync(files.yaml, stringify({ references: items }, { aliasDuplicateObjects: false }));
  writeFileSync(files.ris, risText(items));
  return files;
}

/** Best of `runs` (wall and CPU milliseconds) of `fn`. */
function best(fn, runs = 5) {
  let wall = Infinity;
  let cpu = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    wall = Math.min(wall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { wall, cpu, result };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** The bundled CSL locales, as the host hands them to the core. */
function bundledLocales() {
  const dir = join(root, 'data', 'locales');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => [f.replace(/^locales-|\.xml$/g, ''), readFileSync(join(dir, f), 'utf8')]));
}

/** CPU milliseconds of formatting each of `count` random corpus entries once, as a hover does. */
function formatLatency(core, styleId, count) {
  const style = { id: styleId, xml: readFileSync(join(root, 'data', 'styles', `${styleId}.csl`), 'utf8') };
  const locale = { locales: bundledLocales() };
  const t0 = performance.now();
  core.prepareStyle(style, locale);
  const prepare = performance.now() - t0;
  const pool = corpusItems(core);
  const next = random(7);
  const sample = Array.from({ length: count }, () => pool[Math.floor(next() * pool.length)]);
  // A few untimed calls, so the JIT has seen the formatting path before timing starts.
  for (const item of pool.slice(0, 20)) core.formatReferences([{ ...item, title: `${item.title ?? ''} warm` }], style, 'text', undefined, locale);
  const times = [];
  for (const item of sample) {
    const fresh = { ...item, id: `${item.id}-${times.length}` };
    const c0 = process.cpuUsage();
    core.formatReferences([fresh], style, 'text', undefined, locale);
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return { prepare, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] };
}

/** Milliseconds to require dist/server.js's modules (median of `runs` fresh processes). */
function serverStart(runs = 9) {
  const server = join(root, 'dist', 'server.js');
  if (!existsSync(server)) return undefined;
  // main.ts starts a connection at load; with --version it exits right after every module has loaded.
  const script = `const t=process.hrtime.bigint();process.exit=()=>{process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));process.reallyExit(0)};process.argv.push('--version');require(${JSON.stringify(server)});`;
  const times = [];
  for (let i = 0; i < runs; i++) times.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).split('\n').pop()));
  times.sort((a, b) => a - b);
  return quantile(times, 0.5);
}

export async function run(options = {}) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : options[name] ?? fallback;
  };
  const count = arg('items', 10_000);
  const entries = arg('entries', 300);
  const core = await loadCore();
  const ms = (n) => `${n.toFixed(1)} ms`;
  // `--formatting-only --all-styles`: the per-reference formatting cost of every bundled style, alone.
  const formattingOnly = process.argv.includes('--formatting-only');
  const files = formattingOnly ? undefined : generateFiles(core, count);
  if (files) console.log(`reading ${count} items (best of 5, wall / CPU):`);
  for (const [label, file, read] of !files ? [] : [
    ['CSL-JSON', files.json, core.readCslJson],
    ['CSL-YAML', files.yaml, core.readCslYaml],
    ['RIS     ', files.ris, core.readRis],
  ]) {
    const text = readFileSync(file, 'utf8');
    const { wall, cpu, result } = best(() => read(text, file));
    console.log(`  ${label} ${ms(wall).padStart(10)} / ${ms(cpu).padStart(10)}  ${result.entries.length} entries, ${result.errors.length} errors`);
  }
  console.log(`formatting one reference (${entries} random corpus entries, CPU per entry):`);
  const allStyles = readdirSync(join(root, 'data', 'styles')).filter((f) => f.endsWith('.csl')).map((f) => f.replace(/\.csl$/, ''));
  const styleIds = process.argv.includes('--all-styles') ? allStyles : ['nature', 'apa', 'chicago-author-date', 'ieee', 'modern-language-association', 'american-medical-association'];
  for (const styleId of styleIds) {
    const r = formatLatency(core, styleId, entries);
    console.log(`  ${styleId.padEnd(28)} p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  max ${ms(r.max)}  (first engine ${ms(r.prepare)})`);
  }
  const start = formattingOnly ? undefined : serverStart();
  if (start !== undefined) console.log(`server start (require dist/server.js, median of 9): ${ms(start)}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
