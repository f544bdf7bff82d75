// Soak benchmark: the real server over stdio with a large bibliography that is rewritten the way
// Zotero Better BibTeX auto-export does it (write a temporary file, rename it over the original),
// many times, while completion and hover requests keep running. Reports the server's RSS after each
// rewrite has been applied, completion and hover p95 during the storm, whether the final state
// matches the last file, the peak RSS and the first completion after start.
// Run: node bench/soak.mjs [--size 100000] [--rewrites 30]   (after `node esbuild.mjs`)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generate } from './generate.mjs';
import { client } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverPath = resolve(here, '..', 'dist', 'server.js');
const pct = (list, p) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** VmRSS and VmHWM (peak) of a process, in kB, from /proc. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

async function soak(size, rewrites) {
  const source = readFileSync(await generate(size), 'latin1');
  const folder = mkdtempSync(join(tmpdir(), 'citelens-soak-'));
  const bibPath = join(folder, 'refs.bib');
  // Each export differs from the last by one entry, as when the writer adds a work to Zotero.
  const exportText = (n) => `${source}\n@article{soakmarker${n}, author = {Marker, Mara}, title = {Marker entry of export ${n}}, year = 2024}\n`;
  writeFileSync(bibPath, exportText(0), 'latin1');
  const doc = '---\nbibliography: refs.bib\n---\nSee [@soakmarker';
  const keyLine = doc.split('\n').length - 1;
  const uri = (name) => pathToFileURL(join(folder, name)).href;

  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.SOAK_NODE_ARGS ?? '').split(' ').filter(Boolean), '--expose-gc', serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lsp = client(child);
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'soak' }],
    capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
  });
  lsp.notify('initialized', {});
  lsp.notify('textDocument/didOpen', { textDocument: { uri: uri('paper.md'), languageId: 'markdown', version: 1, text: doc } });
  const at = { textDocument: { uri: uri('paper.md') }, position: { line: keyLine, character: 'See [@soakmarker'.length } };
  const markers = async () => ((await lsp.request('textDocument/completion', at))?.items ?? []).map((i) => i.label).filter((l) => l.startsWith('soakmarker'));
  // The first request is sent at once, as an editor does; the server must make it wait for the load.
  const firstList = await markers();
  const first = performance.now() - started;
  const firstOk = firstList.includes('soakmarker0');
  const peakAtStart = memoryOf(child.pid).peak;
  // Every export has as many entries as the first one.
  const initialEntries = (await lsp.request('citelens/indexStatus', {})).entries;

  // The storm: completions on common prefixes and hovers, back to back, while the file is replaced.
  const completion = [];
  const hover = [];
  let storming = true;
  const prefixes = ['smi', 'lee', 'dat', 'learn', 'mod', 'netw', 'anal', 'soak'];
  const stormDoc = `---\nbibliography: refs.bib\n---\n${prefixes.map((p) => `[@${p}`).join('\n')}\n[@soakmarker0]\n`;
  lsp.notify('textDocument/didOpen', { textDocument: { uri: uri('storm.md'), languageId: 'markdown', version: 1, text: stormDoc } });
  const storm = (async () => {
    for (let i = 0; storming; i++) {
      const p = prefixes[i % prefixes.length];
      let t = performance.now();
      await lsp.request('textDocument/completion', { textDocument: { uri: uri('storm.md') }, position: { line: 3 + (i % prefixes.length), character: 2 + p.length } });
      completion.push(performance.now() - t);
      t = performance.now();
      await lsp.request('textDocument/hover', { textDocument: { uri: uri('storm.md') }, position: { line: 3 + prefixes.length, character: 4 } });
      hover.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();

  const rss = [];
  // The peak RSS so far after each rewrite: where the peak is reached.
  const peaks = [];
  // Live heap after a full collection: what a leak would grow.
  const heap = [];
  // From the rename to the new export's entry being listed by completion.
  const visible = [];
  // The storm has run a while on the first file (its search index built meanwhile) before the first rewrite.
  await new Promise((r) => setTimeout(r, 8000));
  const peakBeforeRewrites = memoryOf(child.pid).peak;
  for (let n = 1; n <= rewrites; n++) {
    const tmp = join(folder, `.refs.bib.${n}.tmp`);
    writeFileSync(tmp, exportText(n), 'latin1');
    const renamed = performance.now();
    renameSync(tmp, bibPath);
    const until = Date.now() + 60_000;
    while (!(await markers()).includes(`soakmarker${n}`)) {
      if (Date.now() > until) throw new Error(`export ${n} was not picked up within 60 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    visible.push(performance.now() - renamed);
    // Let the server be idle a moment, as between a writer's edits, before sampling.
    await new Promise((r) => setTimeout(r, 1500));
    const now = memoryOf(child.pid);
    rss.push(now.rss);
    peaks.push(now.peak);
    if (n === 1 || n === rewrites) heap.push((await lsp.request('citelens/debug/memory', {})).heapUsed / 1024);
  }
  storming = false;
  await storm;
  const finalMarkers = await markers();
  const status = await lsp.request('citelens/indexStatus', {});
  const expectedEntries = initialEntries;
  const finalOk = finalMarkers.length === 1 && finalMarkers[0] === `soakmarker${rewrites}` && status.entries === expectedEntries;
  const { peak } = memoryOf(child.pid);
  await lsp.request('shutdown');
  lsp.notify('exit');
  rmSync(folder, { recursive: true, force: true });
  return { first, firstOk, peakAtStart, peakBeforeRewrites, peaks, rss, heap, completion, hover, visible, finalOk, peak, entries: status.entries, expectedEntries };
}

export async function run(options = {}) {
  const size = options.size ?? 100_000;
  const rewrites = options.rewrites ?? 30;
  console.log(`\nSoak: ${size} entries, ${rewrites} rewrites by write-temp-then-rename, completion and hover running throughout`);
  const r = await soak(size, rewrites);
  console.log(`first completion after start: ${(r.first / 1000).toFixed(2)} s (${r.firstOk ? 'lists the key' : 'EMPTY'}; target under 1 s)`);
  console.log(`RSS after each rewrite: ${r.rss.map((k) => (k / 1024).toFixed(0)).join(' ')} MB`);
  const growth = (r.rss.at(-1) - r.rss[0]) / r.rss[0];
  console.log(`live heap after the first and the last rewrite (after a full GC): ${r.heap.map((k) => (k / 1024).toFixed(0)).join(' ')} MB; growth per re-export ${((r.heap.at(-1) - r.heap[0]) / 1024 / (r.rss.length - 1)).toFixed(2)} MB`);
  console.log(`RSS after rewrite ${r.rss.length} vs 1: ${mb(r.rss.at(-1))} vs ${mb(r.rss[0])} (${(growth * 100).toFixed(1)}%; target within 10%) ${Math.abs(growth) <= 0.1 ? 'ok' : 'MISS'}`);
  console.log(`peak RSS: ${mb(r.peak)} (target under 400 MB) ${r.peak / 1024 < 400 ? 'ok' : 'MISS'}; ${mb(r.peakAtStart)} when the first completion came, ${mb(r.peakBeforeRewrites)} before the first rewrite, ${r.peaks.map((k) => (k / 1024).toFixed(0)).join(' ')} MB after each rewrite`);
  console.log(`during the storm: completion p50/p95 ${pct(r.completion, 50).toFixed(1)} / ${pct(r.completion, 95).toFixed(1)} ms (${r.completion.length} requests; target p95 under 50 ms) ${pct(r.completion, 95) < 50 ? 'ok' : 'MISS'}`);
  console.log(`                  hover p50/p95 ${pct(r.hover, 50).toFixed(1)} / ${pct(r.hover, 95).toFixed(1)} ms (${r.hover.length} requests)`);
  console.log(`rewrite to its new entry completable: median ${pct(r.visible, 50).toFixed(0)} ms, max ${Math.max(...r.visible).toFixed(0)} ms`);
  console.log(`final state matches the last file: ${r.finalOk ? 'yes' : 'NO'} (${r.entries} entries indexed, ${r.expectedEntries} in the file)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  await run({ size: arg('--size'), rewrites: arg('--rewrites') });
}
