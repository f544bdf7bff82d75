// Completion search benchmark: our index (narrowing + fuse.js ranking) against fuse.js over every
// entry (what a user's tool would do) and a plain substring scan (the floor), at 10k and 100k entries.
// Entries are sampled deterministically from the corpus; keys are renamed author-year style.
import Fuse from 'fuse.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bundleCore, corpusDir, random } from './generate.mjs';

function loadModules() {
  return bundleCore('search', [
    "export * from './server/src/core/search/index';",
    "export { readBibtex } from './server/src/core/syntax/bib/bibtex';",
    "export { decodeBytes } from './server/src/core/syntax/bib/encoding';",
  ]);
}

/** Every corpus entry as a SearchDoc, read with our BibTeX reader. */
function readPool(mod, dir) {
  const pool = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.bib')).sort()) {
    const { text } = mod.decodeBytes(readFileSync(join(dir, name)));
    for (const entry of mod.readBibtex(text, name).entries) pool.push(mod.searchDocFromEntry(entry));
  }
  return pool;
}

/**
 * `count` docs sampled from the pool. Keys are rebuilt as a writer's tool makes them (first
 * author's family name, year, a running suffix), so key-fragment queries stay realistic.
 */
function sample(pool, count, fold) {
  const next = random(count);
  const docs = [];
  for (let i = 0; i < count; i++) {
    const doc = pool[Math.floor(next() * pool.length)];
    const family = fold(doc.authors.split(/ and |,/)[0] ?? '').replace(/[^a-z]/g, '').slice(-12) || 'anon';
    docs.push({ ...doc, key: `${family}${doc.year.slice(0, 4)}${i.toString(36)}` });
  }
  return docs;
}

/** Realistic completion queries of 2–8 characters per word: authors, titles, typos, years, keys. */
function makeQueries(docs, count, fold) {
  const next = random(7);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const wordsOf = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && /^\p{L}+$/u.test(w));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typo = (w) => {
    const i = 1 + Math.floor(next() * (w.length - 2));
    return next() < 0.5 ? w.slice(0, i) + pick([...letters]) + w.slice(i + 1) : w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  };
  const kinds = [
    ['author prefix', (d) => pick(wordsOf(d.authors))?.slice(0, 2 + Math.floor(next() * 7))],
    ['author year', (d) => { const w = pick(wordsOf(d.authors)); return w && d.year ? `${w.slice(0, 8)} ${d.year.slice(0, 4)}` : undefined; }],
    ['title word', (d) => pick(wordsOf(d.title))?.slice(0, 3 + Math.floor(next() * 6))],
    ['two title words', (d) => { const ws = wordsOf(d.title); return ws.length >= 2 ? `${pick(ws).slice(0, 8)} ${pick(ws).slice(0, 5)}` : undefined; }],
    ['author typo', (d) => { const w = wordsOf(d.authors).find((x) => x.length >= 5); return w && typo(w.slice(0, 8)); }],
    ['year', (d) => (/^\d{4}$/.test(d.year) ? d.year : undefined)],
    ['key fragment', (d) => { const k = fold(d.key); const n = 3 + Math.floor(next() * 4); const at = Math.floor(next() * Math.max(1, k.length - n)); return k.slice(at, at + n); }],
  ];
  const queries = [];
  // Bounded, so a tiny library that cannot yield some kinds of query still ends.
  for (let attempt = 0; queries.length < count && attempt < count * 50; attempt++) {
    const [kind, make] = kinds[queries.length % kinds.length];
    const q = make(pick(docs));
    if (q && q.trim()) queries.push({ kind, q });
  }
  return queries;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function time(queries, fn) {
  for (const { q } of queries.slice(0, 10)) fn(q); // warm the JIT equally for every contender
  const times = [];
  for (const { q } of queries) {
    const t0 = performance.now();
    fn(q);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1], n: times.length };
}

const FUSE_KEYS = [
  { name: 'key', weight: 3 },
  { name: 'authors', weight: 3 },
  { name: 'title', weight: 1 },
  { name: 'year', weight: 1 },
  { name: 'keywords', weight: 1 },
];

/**
 * Runs the benchmark and returns the figures. Options: `sizes` (default [10000, 100000]),
 * `queries` (default 210), `fuseQueries` (queries given to whole-library fuse.js at sizes over
 * 20k, default 40: it takes about a second each), `log` (default console.log).
 */
export async function run(options = {}) {
  const sizes = options.sizes ?? [10_000, 100_000];
  const queryCount = options.queries ?? 210;
  const fuseQueries = options.fuseQueries ?? 40;
  const log = options.log ?? console.log;
  const mod = await loadModules();
  const dir = await corpusDir();
  const t0 = performance.now();
  const pool = readPool(mod, dir);
  log(`corpus: ${pool.length} entries read in ${(performance.now() - t0).toFixed(0)} ms from ${dir}`);
  const figures = [];
  for (const size of sizes) {
    const docs = sample(pool, size, mod.fold);
    const queries = makeQueries(docs, queryCount, mod.fold);

    let t = performance.now();
    const index = mod.buildSearchIndex(docs);
    const buildOurs = performance.now() - t;
    t = performance.now();
    const lines = docs.map((d) => mod.fold(`${d.key} ${d.authors} ${d.title} ${d.year} ${d.keywords}`));
    const buildScan = performance.now() - t;
    t = performance.now();
    const fuse = new Fuse(docs, { keys: FUSE_KEYS, ignoreLocation: true, includeScore: true });
    const buildFuse = performance.now() - t;

    t = performance.now();
    mod.search(index, queries[0].q, { limit: 100 });
    const firstQuery = performance.now() - t;
    const ours = time(queries, (q) => mod.search(index, q, { limit: 100 }));
    const perKind = {};
    for (const kind of new Set(queries.map((x) => x.kind))) {
      perKind[kind] = time(queries.filter((x) => x.kind === kind), (q) => mod.search(index, q, { limit: 100 })).p95;
    }
    const found = queries.filter(({ q }) => mod.search(index, q, { limit: 100 }).results.length > 0).length;
    const scan = time(queries, (q) => {
      const terms = mod.fold(q).split(/\s+/).filter(Boolean);
      const out = [];
      for (let i = 0; i < lines.length; i++) if (terms.every((w) => lines[i].includes(w))) out.push(i);
      return out;
    });
    // Whole-library fuse.js runs last: its garbage would otherwise slow the others' timings.
    const fuseSet = size > 20_000 ? queries.filter((_, i) => i % Math.ceil(queries.length / fuseQueries) === 0) : queries;
    const whole = time(fuseSet, (q) => fuse.search(q, { limit: 100 }));
    const heapMb = process.memoryUsage().heapUsed / 1e6;
    const row = { size, firstQuery, buildOurs, buildFuse, buildScan, ours, fuse: whole, scan, perKind, found, queries: queries.length, heapMb };
    figures.push(row);

    const ms = (x) => `${x.toFixed(2)} ms`;
    log(`\n${size.toLocaleString('en')} entries, ${queries.length} queries (${found} with hits)`);
    log(`  build:  ours ${ms(buildOurs)}   fuse.js ${ms(buildFuse)}   scan strings ${ms(buildScan)}`);
    log(`  first query after build (cold): ${ms(firstQuery)}`);
    log(`  ours:      p50 ${ms(ours.p50)}  p95 ${ms(ours.p95)}  max ${ms(ours.max)}`);
    log(`  fuse.js:   p50 ${ms(whole.p50)}  p95 ${ms(whole.p95)}  max ${ms(whole.max)}  (${whole.n} queries)`);
    log(`  scan:      p50 ${ms(scan.p50)}  p95 ${ms(scan.p95)}  max ${ms(scan.max)}`);
    log(`  ratios (p95): fuse.js / ours = ${(whole.p95 / ours.p95).toFixed(1)}x   ours / scan = ${(ours.p95 / scan.p95).toFixed(2)}x`);
    log(`  ours p95 by query kind: ${Object.entries(perKind).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} ms`);
    log(`  heap after build: ${heapMb.toFixed(0)} MB`);
  }
  return figures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  await run({
    sizes: flag('--sizes')?.split(',').map(Number),
    fuseQueries: flag('--fuse-queries') ? Number(flag('--fuse-queries')) : undefined,
  });
}
