// Zotero library benchmark: builds a 10k-item zotero.sqlite with the test builder (Zotero's own
// schema, items as Zotero writes them) and a 100k-item one from it (its rows copied ten times in
// SQL, with keys of their own), then measures, each in a fresh process, the time to read the
// library with sql.js (bytes, WAL, SQL, mapping to entries), a re-read of the items changed since
// (what follows each Zotero write), and RSS and heap after the first read and after 10 re-reads
// (memory must stay flat). With --server it also starts the built language server on the library,
// adds an item as Zotero does, and measures how long until completion offers it (and the server's CPU time meanwhile).
// Run: node bench/zotero.mjs [--sizes 10000,100000] [--server] [--only-server] [--wal] [--log]   (after `node esbuild.mjs`)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
// --wal: writes as Zotero does while it runs (pages to zotero.sqlite-wal); --log: the server's log lines.
const walMode = process.argv.includes('--wal');
const logLines = process.argv.includes('--log');

/** The builder and the reader, bundled once so this plain-JS script can run them. */
async function bundle() {
  mkdirSync(cache, { recursive: true });
  const out = join(cache, 'zotero-bench.cjs');
  await esbuild.build({
    stdin: { contents: "export { ZoteroBuilder } from './test/zotero/builder'; export { makeWal, asWalMode } from './test/zotero/wal'; export { readLibrary } from './server/src/zotero/source';", resolveDir: root, loader: 'ts' },
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
    // Made a day ago: what a later write saves is newer, as in a library in use.
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
    // Saved over the year before yesterday, as a library in use is, not all in one second.
    z.run("UPDATE items SET clientDateModified = datetime('now', '-1 day', '-' || ((itemID * 7919) % 31536000) || ' seconds')");
    z.writeTo(dir);
    return z;
  });
}

/** The 10k library copied `factor` times over in SQL: new item IDs, item keys and citation keys, same works. */
async function scaleUp(mod, from, factor, dir) {
  const z = await mod.ZoteroBuilder.open(readFileSync(join(from, 'zotero.sqlite')));
  const n = Number(z.rows('SELECT MAX(itemID) FROM items')[0][0]);
  const extra = z.fieldId('extra');
  z.transaction(() => {
    for (let k = 1; k < factor; k++) {
      const off = k * n;
      z.run(`INSERT INTO items (itemID, itemTypeID, libraryID, key, clientDateModified) SELECT itemID + ${off}, itemTypeID, libraryID, key || '${k}', clientDateModified FROM items WHERE itemID <= ${n}`);
      z.run(`INSERT INTO itemData SELECT itemID + ${off}, fieldID, valueID FROM itemData WHERE itemID <= ${n} AND fieldID != ${extra}`);
      z.run(`INSERT INTO itemDataValues (value) SELECT 'Citation Key: bench' || (itemID + ${off}) FROM itemData WHERE itemID <= ${n} AND fieldID = ${extra}`);
      z.run(`INSERT INTO itemData SELECT d.itemID + ${off}, d.fieldID, v.valueID FROM itemData d JOIN itemDataValues v ON v.value = 'Citation Key: bench' || (d.itemID + ${off}) WHERE d.itemID <= ${n} AND d.fieldID = ${extra}`);
      z.run(`INSERT INTO itemCreators SELECT itemID + ${off}, creatorID, creatorTypeID, orderIndex FROM itemCreators WHERE itemID <= ${n}`);
      z.run(`INSERT INTO itemTags SELECT itemID + ${off}, tagID, type FROM itemTags WHERE itemID <= ${n}`);
      z.run(`INSERT INTO collectionItems SELECT collectionID, itemID + ${off}, orderIndex FROM collectionItems WHERE itemID <= ${n}`);
    }
  });
  z.writeTo(dir);
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
  const fullReads = [];
  for (let i = 0; i < 11; i++) {
    const t0 = performance.now();
    // The first read is a full one; the others read what changed since (nothing here), as after a write.
    const r = await readLibrary(dir, 1, 0, held);
    times.push(performance.now() - t0);
    if (!('data' in r)) throw new Error(r.problem);
    held = r.data; // The server keeps the latest library, as here.
    entries = held.libraries.reduce((n, l) => n + l.file.entries.length, 0);
    // Measured once the process has settled, as the server does between writes: V8 gives freed
    // pages back a little after a collection, so RSS read at once counts them.
    gc();
    await new Promise((r) => setTimeout(r, 1000));
    gc();
    const m = process.memoryUsage();
    mem.push({ rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers, itemsRead: r.data.itemsRead });
  }
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await readLibrary(dir, 1, 0);
    fullReads.push(performance.now() - t0);
  }
  // The most RSS the process held at any moment (the kernel's high-water mark).
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;
  console.log(JSON.stringify({ entries, first: times[0], later: times.slice(1), full: fullReads, mem, peak }));
}

/** The built server on a copy of the library: time to the first library completion, then new-item latency. */
async function serverLatency(api, libraryDir) {
  const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
  const folder = mkdtempSync(join(tmpdir(), 'citelens-zbench-'));
  const zdir = mkdtempSync(join(tmpdir(), 'citelens-zbench-lib-'));
  // --wal: Zotero's own way while it runs: the database file stays, each transaction's pages go to
  // zotero.sqlite-wal. Otherwise each write rewrites the whole file in place (after a checkpoint).
  const base = readFileSync(join(libraryDir, 'zotero.sqlite'));
  let latest = base;
  writeFileSync(join(zdir, 'zotero.sqlite'), walMode ? api.asWalMode(base) : base);
  const paper = '---\nbibliography: refs.bib\n---\n[@]\n';
  writeFileSync(join(folder, 'paper.md'), paper);
  writeFileSync(join(folder, 'refs.bib'), '@article{known2020, title = {Known}, year = 2020}\n');
  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), '--expose-gc', join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ zotero: { dataDirectory: zdir } })));
  conn.onRequest(() => null);
  // --log: the server's log lines, with the time since it started (where a write's time goes).
  conn.onNotification((method, params) => {
    if (logLines && method === 'window/logMessage') console.error(`  [server ${((performance.now() - started) / 1000).toFixed(2)} s] ${params.message}`);
  });
  conn.listen();
  const rootUri = pathToFileURL(folder).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'b' }], capabilities: { workspace: { configuration: true } } });
  conn.sendNotification('initialized', {});
  const uri = pathToFileURL(join(folder, 'paper.md')).href;
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: paper } });
  let version = 1;
  const query = async (prefix) => {
    const text = `---\nbibliography: refs.bib\n---\n[@${prefix}]\n`;
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
    const r = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 2 + prefix.length } });
    return (r?.items ?? []).map((i) => i.label);
  };
  const until = async (check, what) => {
    const limit = performance.now() + 600_000;
    for (;;) {
      if (await check()) return;
      if (performance.now() > limit) throw new Error(`timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(async () => (await query('bench1')).some((l) => l.startsWith('bench1')), 'library items in completion');
  const firstMs = performance.now() - started;
  const memory = async () => conn.sendRequest('citelens/debug/memory');
  const before = await memory();
  const latencies = [];
  const cpu = [];
  // The server's CPU time (user + system) from the kernel, where there is /proc: wall time on a shared machine is noisy.
  const cpuMs = () => {
    try {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      return NaN;
    }
  };
  for (let i = 0; i < 5; i++) {
    // A copy: sql.js takes the array it opens as its file and writes into it.
    const z = await api.ZoteroBuilder.open(Uint8Array.from(latest));
    const key = `latency${i}x`;
    z.transaction(() => z.addItem({ type: 'journalArticle', fields: { title: `Latency probe ${i}`, date: '2026-00-00 2026', extra: `Citation Key: ${key}` }, creators: [{ lastName: 'Probe', firstName: 'P' }] }));
    const bytes = (latest = z.bytes());
    // One commit holding every page changed since the checkpoint: what the reader sees of several.
    const wal = walMode ? api.makeWal(base, [bytes]) : undefined;
    const t0 = performance.now();
    const c0 = cpuMs();
    if (logLines) console.error(`  [bench ${((t0 - started) / 1000).toFixed(2)} s] writing ${key}`);
    if (wal) writeFileSync(join(zdir, 'zotero.sqlite-wal'), wal);
    else writeFileSync(join(zdir, 'zotero.sqlite'), bytes); // in place, as Zotero writes at a checkpoint
    await until(async () => (await query(key)).includes(key), `${key} in completion`);
    latencies.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const after = await memory();
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
  return { firstMs, latencies, cpu, before, after };
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
  const dir = join(cache, `zotero-v2-${n}`);
  if (!existsSync(join(dir, 'zotero.sqlite'))) {
    const t0 = performance.now();
    const base = join(cache, 'zotero-v2-10000');
    if (!existsSync(join(base, 'zotero.sqlite'))) await buildLibrary(api, 10000, base);
    if (n !== 10000) await scaleUp(api, base, Math.round(n / 10000), dir);
    console.log(`built ${n} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (process.argv.includes('--only-server')) continue;
  const size = (await import('node:fs')).statSync(join(dir, 'zotero.sqlite')).size;
  const out = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--measure', '--bundle', bundlePath, '--dir', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop());
  const later = [...r.later].sort((a, b) => a - b);
  console.log(
    `${n} items (${mb(size)} zotero.sqlite, ${r.entries} entries): first read ${(r.first / 1000).toFixed(2)} s, full re-read median ${(r.full.sort((a, b) => a - b)[1] / 1000).toFixed(2)} s, re-read of changes median ${(later[Math.floor(later.length / 2)] / 1000).toFixed(2)} s; ` +
      `items read again per re-read ${r.mem.slice(1).map((m) => m.itemsRead).join(',')}; ` +
      `after 1 read RSS ${mb(r.mem[0].rss)} heap ${mb(r.mem[0].heap)}; after 11 reads RSS ${mb(r.mem[10].rss)} heap ${mb(r.mem[10].heap)} (heap growth ${((r.mem[10].heap - r.mem[1].heap) / 1024 / 1024).toFixed(1)} MB over 9 re-reads); peak RSS ${mb(r.peak)}`,
  );
}

if (process.argv.includes('--server') || process.argv.includes('--only-server')) {
  for (const n of sizes) {
    const r = await serverLatency(api, join(cache, `zotero-v2-${n}`));
    const sorted = [...r.latencies].sort((a, b) => a - b);
    console.log(
      `server, ${n} items${walMode ? ' (writes to the WAL)' : ''}: first completion with library items ${(r.firstMs / 1000).toFixed(2)} s after start; new item completable after ${sorted.map((x) => (x / 1000).toFixed(2)).join(', ')} s (median ${(sorted[2] / 1000).toFixed(2)} s); ` +
        `server CPU time meanwhile ${r.cpu.map((x) => (x / 1000).toFixed(2)).join(', ')} s in write order (median ${([...r.cpu].sort((a, b) => a - b)[2] / 1000).toFixed(2)} s); ` +
        `server heap ${mb(r.before.heapUsed)} -> ${mb(r.after.heapUsed)} and RSS ${mb(r.before.rss)} -> ${mb(r.after.rss)} across the 5 re-reads`,
    );
  }
}
