// Prints per-field precision and recall of the reference-string parser on the gold sets in test/gold/.
// Usage: node scripts/import-accuracy.mjs [--misses]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from './build-data-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { score } = await loadTs('test/gold/score.ts');
const showMisses = process.argv.includes('--misses');
for (const [name, style] of [['seed.json', 'nature'], ['seed.json', 'auto'], ['other-styles.json', 'auto'], ['other-styles-holdout.json', 'auto']]) {
  let gold;
  try {
    gold = JSON.parse(readFileSync(join(root, 'test/gold', name), 'utf8'));
  } catch {
    console.log(`${name}: missing`);
    continue;
  }
  const { fields, misses } = score(gold.references, style);
  console.log(`\n${name} (${gold.references.length} references, style ${style})`);
  console.log('field        precision  recall   (tp/fp/fn)');
  for (const f of fields) console.log(`${f.field.padEnd(12)} ${f.precision.toFixed(3).padStart(9)} ${f.recall.toFixed(3).padStart(7)}   (${f.tp}/${f.fp}/${f.fn})`);
  if (showMisses) for (const m of misses) console.log(`  ${m.field}: got ${JSON.stringify(m.got)} want ${JSON.stringify(m.want)}  <- ${m.text.slice(0, 90)}`);
}
