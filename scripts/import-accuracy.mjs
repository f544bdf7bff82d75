// Prints per-field precision and recall of the reference-string parser: on the seed and the older
// gold sets in test/gold/, and per CSL style on the generated evaluation (development part and
// held-back part, see scripts/import-eval-lib.mjs). Usage: node scripts/import-accuracy.mjs [--misses]
// `--misses` lists the failures of the seed, other-styles.json and the development part only: the
// held-back part and other-styles-holdout.json are for figures, and reading their failures would
// fit the parser to them.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from './build-data-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { score } = await loadTs('test/gold/score.ts');
const { splitReferences } = await loadTs('server/src/core/refs/split.ts');
const showMisses = process.argv.includes('--misses');
const FIELDS = ['authors', 'title', 'container', 'year', 'volume', 'pages', 'doi', 'type'];
const read = (name) => {
  try {
    return JSON.parse(readFileSync(join(root, 'test/gold', name), 'utf8'));
  } catch {
    return undefined;
  }
};
const cell = (f) => (f.tp + f.fp + f.fn === 0 ? '    -    ' : `${f.precision.toFixed(2)}/${f.recall.toFixed(2)}`);

for (const [name, style] of [['seed.json', 'nature'], ['seed.json', 'auto'], ['other-styles.json', 'auto'], ['other-styles-holdout.json', 'auto']]) {
  const gold = read(name);
  if (!gold) {
    console.log(`${name}: missing`);
    continue;
  }
  const { fields, misses } = score(gold.references, style);
  console.log(`\n${name} (${gold.references.length} references, style ${style})`);
  console.log('field        precision  recall   (tp/fp/fn)');
  for (const f of fields) console.log(`${f.field.padEnd(12)} ${f.precision.toFixed(3).padStart(9)} ${f.recall.toFixed(3).padStart(7)}   (${f.tp}/${f.fp}/${f.fn})`);
  if (showMisses && !name.includes('holdout')) for (const m of misses) console.log(`  ${m.field}: got ${JSON.stringify(m.got)} want ${JSON.stringify(m.want)}  <- ${m.text.slice(0, 90)}`);
}

for (const [name, part] of [['csl-dev.json', 'development'], ['csl-held.json', 'held back']]) {
  const gold = read(name);
  if (!gold) {
    console.log(`\n${name}: missing (npm run eval:build)`);
    continue;
  }
  console.log(`\n${part} styles (${name}): precision/recall per field; split = references found when the list is pasted whole`);
  console.log(`${'style'.padEnd(46)} ${'renderer'.padEnd(11)} ${FIELDS.map((f) => f.padEnd(9)).join(' ')} split`);
  const all = [];
  for (const set of gold.sets) {
    all.push(...set.references);
    const { fields, misses } = score(set.references, 'auto');
    const found = splitReferences(set.references.map((r) => r.text).join('\n')).refs.length;
    const row = FIELDS.map((f) => cell(fields.find((x) => x.field === f)));
    console.log(`${set.style.padEnd(46)} ${set.renderer.padEnd(11)} ${row.join(' ')} ${found}/${set.references.length}`);
    if (showMisses && name === 'csl-dev.json') for (const m of misses.filter((x) => FIELDS.includes(x.field))) console.log(`    ${m.field}: got ${JSON.stringify(m.got)} want ${JSON.stringify(m.want)}  <- ${m.text.slice(0, 140)}`);
  }
  const { fields } = score(all, 'auto');
  console.log(`${`all ${part} (${all.length} references)`.padEnd(58)} ${FIELDS.map((f) => cell(fields.find((x) => x.field === f))).join(' ')}`);
}
