// Times the themes feature on generated libraries (bench/generate.mjs samples the real corpus):
// reading inputs, then computeThemes with automatic clustering and with the bundled rules.
// Usage: node bench/themes.mjs [--sizes 1000,10000] [--show corpus-file.bib]
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleCore, corpusDir, generate } from './generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function loadThemes() {
  return bundleCore('themes', [
    "export { readBibtex, readBibtexComments } from './server/src/core/syntax/bib/bibtex';",
    "export { decodeBytes } from './server/src/core/syntax/bib/encoding';",
    "export * from './server/src/core/themes/index';",
  ]);
}

let t;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall-clock and CPU milliseconds: on a shared machine the CPU figure is the steadier one. */
function time(fn, runs) {
  const ms = [];
  const cpu = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    result = fn();
    const used = process.cpuUsage(startCpu);
    ms.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(ms), cpu: median(cpu), result };
}

function count(nodes) {
  return nodes.reduce((n, node) => n + 1 + count(node.children), 0);
}

function show(file) {
  const path = existsSync(file) ? file : join(corpusDir(), file);
  const { text } = t.decodeBytes(readFileSync(path));
  const bib = t.readBibtex(text, path);
  const inputs = t.themeInputs(bib.entries);
  const tree = t.computeThemes(inputs, { jabref: t.jabrefGroupsOf(t.readBibtexComments(text)) });
  for (const node of tree.themes) console.log(`${node.source.padEnd(7)} ${String(node.keys.length).padStart(5)}  ${node.name}`);
}

/** Prints the timing table; `run()` is what `npm run bench` calls. */
export async function run({ sizes = [1000, 10000] } = {}) {
  t ??= await loadThemes();
  const rules = t.parseThemesFile(readFileSync(join(root, 'data', 'themes.json'), 'utf8')).value;
  console.log('entries  inputs ms  auto ms (cpu)  rules+auto ms (cpu)  themes(auto)  unthemed');
  for (const size of sizes) {
    const { text } = t.decodeBytes(readFileSync(await generate(size)));
    const bib = t.readBibtex(text, 'bench.bib');
    const runs = size > 20000 ? 1 : 5;
    const inputs = time(() => t.themeInputs(bib.entries), 1);
    const auto = time(() => t.computeThemes(inputs.result, {}), runs);
    const ruled = time(() => t.computeThemes(inputs.result, { rules }), runs);
    const unthemed = auto.result.themes.find((n) => n.source === 'none')?.keys.length ?? 0;
    const cell = (r) => `${r.ms.toFixed(0)} (${r.cpu.toFixed(0)})`;
    console.log(
      `${String(bib.entries.length).padStart(7)}  ${inputs.ms.toFixed(0).padStart(9)}  ${cell(auto).padStart(13)}  ${cell(ruled).padStart(19)}  ${String(
        count(auto.result.themes),
      ).padStart(12)}  ${String(unthemed).padStart(8)}`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv.indexOf('--sizes');
  const at = process.argv.indexOf('--show');
  if (at > 0) {
    t = await loadThemes();
    show(process.argv[at + 1]);
  } else {
    await run(arg > 0 ? { sizes: process.argv[arg + 1].split(',').map(Number) } : {});
  }
}
