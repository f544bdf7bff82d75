// Zotero library benchmark: builds 10k and 100k-item zotero.sqlite files with the test builder
// (Zotero's own schema, items as Zotero writes them), then measures, each in a fresh process, the
// time to read the library with sql.js (bytes, WAL, SQL, mapping to entries) and the process's RSS
// and heap after one read and after 10 re-reads (memory must stay flat). With --server, it also
// starts the built language server on the library and measures how long a new item takes to
// become completable after Zotero's write (the watcher, the re-read and the commit).
// Run: node bench/zotero.mjs [--sizes 10000,100000] [--server]   (after `node esbuild.mjs`)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const cache = join(here, '.cache');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('--sizes', '10000,100000').split(',').map(Number);

/** The builder and the reader, bundled once so this plain-JS script can run them. */
async function bundle() {
  mkdirSync(cache, { recursive: true });
  const out = join(cache, 'zotero-bench.cjs');
  await esbuild.build({
    stdin: { contents: "export { ZoteroBuilder } from './test/zotero/builder'; export { readLibrary } from './server/src/zotero/source';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning',
    // The builder finds its fixtures and the wasm relative to its own folder.
    define: { __dirname: JSON.stringify(join(root, 'test', 'zotero')) },
  });
  return out;
}

const words = 'deep learning model clinical trial bias fairness transparency explanation image skin cancer risk prediction survival network attention language health record patient outcome causal inference privacy federated robust uncertainty calibration'.split(' ');
const families = 'Smith Jones Chen Wang Garcia Müller Rossi Kim Nguyen Silva Novak Ivanova Dubois Tanaka Okafor'.split(' ');

/** A deterministic library of `n` items: articles, chapters, books and papers, with creators, tags and collections. */
function buildLibrary(mod, n, dir) {
  const seed = { s: 42 };
  const rnd = () => ((seed.s = (seed.s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  return mod.ZoteroBuilder.create().then((z) => {
    const cols = [];
    z.transaction(() => {
      for (let c = 0; c < 40; c++) cols.push(z.addCollection(`Collection ${c}`, c >= 10 ? cols[c % 10] : null));
      for (let i = 0; i < n; i++) {
        const type = pick(['journalArticle', 'journalArticle', 'journalArticle', 'bookSection', 'book', 'conferencePaper']);
        const year = 1990 + Math.floor(rnd() * 35);
        const title = Array.from({ length: 6 + Math.floor(rnd() * 6) }, () => pick(words)).join(' ') + ` ${i}`;
        const fields = { title, date: `${year}-00-00 ${year}`, abstractNote: Array.from({ length: 40 }, () => pick(words)).join(' '), DOI: `10.1000/bench.${i}`, url: `https://example.org/${i}`, extra: `Citation Key: bench${i}` };
        if (type === 'journalArticle') Object.assign(fields, { publicationTitle: `Journal of ${pick(words)}`, volume: String(1 + (i % 60)), issue: String(1 + (i % 12)), pages: `${i % 500}-${(i % 500) + 12}` });
        else if (type !== 'book') fields.publicationTitle = `Proceedings of ${pick(words)}`;
        else fields.publisher = 'Springer';
        const creators = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => ({ lastName: pick(families), firstName: pick(['Ann', 'Bo', 'Carl', 'Dana', 'Eve']) }));
        z.addItem({ type, fields, creators, tags: [pick(words), pick(words)], collections: [pick(cols)] });
      }
    });
    z.writeTo(dir);
    return z;
  });
}

/** Reads the library `reads` times in this process; prints JSON with times and memory. */
async function measure(bundlePath, dir) {
  const mod = await import(pathToFileURL(bundlePath).href);
  const { readLibrary } = mod.default ?? mod;
  const gc = globalThis.gc ?? (() => {});
  const times = [];
  const mem = [];
  let entries = 0;
  let held;
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    const r = await readLibrary(dir, 1, 0);
    times.push(performance.now() - t0);
    if (!('data' in r)) throw new Error(r.problem);
    held = r.data; // The server keeps the latest library, as here.
    entries = held.libraries.reduce((n, l) => n + l.file.entries.length, 0);
    gc();
    const m = process.memoryUsage();
    mem.push({ rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers });
  }
  console.log(JSON.stringify({ entries, first: times[0], later: times.slice(1), mem }));
}

if (process.argv.includes('--measure')) {
  await measure(arg('--bundle'), arg('--dir'));
  process.exit(0);
}

const bundlePath = await bundle();
const mod = await import(pathToFileURL(bundlePath).href);
const api = mod.default ?? mod;
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
for (const n of sizes) {
  const dir = join(cache, `zotero-${n}`);
  if (!existsSync(join(dir, 'zotero.sqlite'))) {
    const t0 = performance.now();
    await buildLibrary(api, n, dir);
    console.log(`built ${n} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const size = (await import('node:fs')).statSync(join(dir, 'zotero.sqlite')).size;
  const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--measure', '--bundle', bundlePath, '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop());
  const later = [...r.later].sort((a, b) => a - b);
  console.log(
    `${n} items (${mb(size)} zotero.sqlite, ${r.entries} entries): first read ${(r.first / 1000).toFixed(2)} s, re-read median ${(later[Math.floor(later.length / 2)] / 1000).toFixed(2)} s; ` +
      `after 1 read RSS ${mb(r.mem[0].rss)} heap ${mb(r.mem[0].heap)}; after 11 reads RSS ${mb(r.mem[10].rss)} heap ${mb(r.mem[10].heap)} (heap growth ${((r.mem[10].heap - r.mem[1].heap) / 1024 / 1024).toFixed(1)} MB over 9 re-reads)`,
  );
}
