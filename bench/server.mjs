// Language-server benchmark over the real protocol: the built server (dist/server.js) over stdio,
// with 10k and 100k-entry bibliographies generated from the corpus. Measures the time from start
// to the first non-empty completion, completion and hover latency (p50/p95) over a few hundred
// realistic queries, and re-diagnosis of a 1 MB manuscript with 5,000 citations after an edit.
// Run: node bench/server.mjs [--sizes 10000,100000]   (after `node esbuild.mjs`)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generate, loadReader, random } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const serverPath = resolve(here, '..', 'dist', 'server.js');

const pct = (list, p) => {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** A minimal LSP client over stdio (Content-Length framing). */
export function client(child) {
  let buffer = Buffer.alloc(0);
  let id = 0;
  const pending = new Map();
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const msg = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (msg.id !== undefined && msg.method) send({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? [{}] : null });
      else if (msg.id !== undefined && pending.has(msg.id)) {
        pending.get(msg.id)(msg);
        pending.delete(msg.id);
      }
    }
  });
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify(msg));
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  return {
    request(method, params) {
      return new Promise((res, rej) => {
        const my = ++id;
        pending.set(my, (m) => (m.error ? rej(new Error(m.error.message)) : res(m.result)));
        send({ jsonrpc: '2.0', id: my, method, params });
      });
    },
    notify(method, params) {
      send({ jsonrpc: '2.0', method, params });
    },
  };
}

async function measure(size) {
  const bibFile = await generate(size);
  const { readBibtex, decodeBytes, authorLabel } = await loadReader();
  const { text } = decodeBytes(readFileSync(bibFile));
  const entries = readBibtex(text, bibFile).entries;
  const next = random(size);
  const pick = () => entries[Math.floor(next() * entries.length)];
  const family = (e) => (authorLabel(e).split(/[ ,]/)[0] ?? '').toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  const titleWord = (e) => {
    const words = (e.fields.get('title')?.raw ?? '').toLowerCase().replace(/[^a-z ]/g, ' ').split(/\s+/).filter((w) => w.length >= 4);
    return words[Math.floor(next() * words.length)] ?? 'data';
  };
  // 300 realistic 2–8 character queries: author and title-word prefixes, years, key fragments, one-letter typos.
  const queries = [];
  while (queries.length < 300) {
    const e = pick();
    const kind = queries.length % 5;
    let q = '';
    if (kind === 0) q = family(e).slice(0, 3 + Math.floor(next() * 5));
    else if (kind === 1) q = titleWord(e).slice(0, 4 + Math.floor(next() * 4));
    else if (kind === 2) q = (e.fields.get('year')?.raw ?? '').replace(/\D/g, '').slice(0, 4);
    else if (kind === 3) q = e.key.slice(0, 2 + Math.floor(next() * 3));
    else {
      const f = family(e);
      if (f.length >= 5) {
        const at = 1 + Math.floor(next() * (f.length - 2));
        q = f.slice(0, at) + (f[at] === 'e' ? 'a' : 'e') + f.slice(at + 1, 8);
      }
    }
    if (q.length >= 2) queries.push(q.slice(0, 8));
  }

  const folder = mkdtempSync(join(tmpdir(), 'citelens-bench-'));
  copyFileSync(bibFile, join(folder, 'refs.bib'));
  // A ~1 MB manuscript with 5,000 citations (some unknown), in paragraphs of prose.
  const lines = ['---', 'bibliography: refs.bib', '---', ''];
  const prose = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua';
  let citations = 0;
  while (citations < 5000) {
    const keys = [pick().key, pick().key];
    citations += 2;
    const unknown = citations % 500 === 0 ? '; @missing' + citations : '';
    lines.push(
      `${prose} [@${keys[0]}; see @${keys[1]}, p. 4${unknown}]. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.`,
    );
    lines.push('');
  }
  const manuscript = lines.join('\n');
  writeFileSync(join(folder, 'paper.md'), manuscript);
  const queryDoc = `---\nbibliography: refs.bib\n---\n${queries.map((q) => `[@${q}`).join('\n')}\n`;
  writeFileSync(join(folder, 'queries.md'), queryDoc);
  const uri = (name) => pathToFileURL(join(folder, name)).href;

  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.CITELENS_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CITELENS_PROF}`] : []), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lsp = client(child);
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
    capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
  });
  lsp.notify('initialized', {});
  lsp.notify('textDocument/didOpen', { textDocument: { uri: uri('queries.md'), languageId: 'markdown', version: 1, text: queryDoc } });
  const firstLine = 3;
  let first;
  for (;;) {
    const r = await lsp.request('textDocument/completion', { textDocument: { uri: uri('queries.md') }, position: { line: firstLine, character: 2 + queries[0].length } });
    if (r?.items?.length) {
      first = performance.now() - started;
      break;
    }
    await new Promise((r2) => setTimeout(r2, 20));
  }
  const completion = [];
  let empty = 0;
  for (let i = 0; i < queries.length; i++) {
    const t = performance.now();
    const r = await lsp.request('textDocument/completion', { textDocument: { uri: uri('queries.md') }, position: { line: firstLine + i, character: 2 + queries[i].length } });
    completion.push(performance.now() - t);
    if (!r?.items?.length) empty++;
  }
  lsp.notify('textDocument/didOpen', { textDocument: { uri: uri('paper.md'), languageId: 'markdown', version: 1, text: manuscript } });
  // Hover on the first key of a random paragraph: each hover formats a different entry with citeproc.
  const hover = [];
  let hovered = 0;
  const keyColumn = prose.length + 3;
  for (let i = 0; i < 300; i++) {
    const line = 4 + 2 * Math.floor(next() * 2400);
    const t = performance.now();
    const h = await lsp.request('textDocument/hover', { textDocument: { uri: uri('paper.md') }, position: { line, character: keyColumn } });
    hover.push(performance.now() - t);
    if (h?.contents) hovered++;
  }
  const rediagnose = [];
  let diagCount = 0;
  for (let v = 2; v < 42; v++) {
    const line = 4 + 2 * Math.floor(next() * 2400);
    const t = performance.now();
    lsp.notify('textDocument/didChange', {
      textDocument: { uri: uri('paper.md'), version: v },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' }],
    });
    const report = await lsp.request('textDocument/diagnostic', { textDocument: { uri: uri('paper.md') } });
    rediagnose.push(performance.now() - t);
    diagCount = report.items.length;
  }
  await lsp.request('shutdown');
  lsp.notify('exit');
  rmSync(folder, { recursive: true, force: true });
  return { size, mb: (text.length / 1e6).toFixed(1), first, completion, empty, hover, hovered, rediagnose, diagCount, manuscriptMb: (manuscript.length / 1e6).toFixed(2) };
}

export async function run(options = {}) {
  const sizes = options.sizes ?? [10_000, 100_000];
  console.log('\nLanguage server over stdio (dist/server.js)');
  console.log('entries   bib MB  first completion  completion p50/p95   hover p50/p95   re-diagnose 1 MB/5k cites p50/p95');
  for (const size of sizes) {
    const r = await measure(size);
    const f = (x) => `${x.toFixed(1)}`.padStart(6);
    console.log(
      `${String(size).padStart(7)}  ${r.mb.padStart(6)}  ${(r.first / 1000).toFixed(2).padStart(10)} s  ${f(pct(r.completion, 50))} /${f(pct(r.completion, 95))} ms  ${f(pct(r.hover, 50))} /${f(pct(r.hover, 95))} ms  ${f(pct(r.rediagnose, 50))} /${f(pct(r.rediagnose, 95))} ms`,
    );
    console.log(
      `         (${r.completion.length} queries, ${r.empty} with no result; ${r.hovered}/${r.hover.length} hovers with a reference; manuscript ${r.manuscriptMb} MB, ${r.diagCount} unknown keys found)`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv.indexOf('--sizes');
  await run(arg > 0 ? { sizes: process.argv[arg + 1].split(',').map(Number) } : {});
}
