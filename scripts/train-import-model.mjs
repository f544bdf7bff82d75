// Trains the reference labeller (server/src/core/refs/labeller.ts) on the development styles of the
// import evaluation, test/gold/csl-dev.json and data/import-train.json, and writes server/src/core/refs/labellerModel.json. The held-back part
// is never read. Deterministic: a fixed shuffle, a fixed number of passes.
// Usage: node scripts/train-import-model.mjs [--epochs 12] [--validate]
import { readFileSync, writeFileSync } from 'node:fs';
import { loadTs } from './build-data-lib.mjs';
import { EXTRA_DEV_STYLES } from './import-eval-lib.mjs';

const { tokenize, featuresOf, LABELS } = await loadTs('server/src/core/refs/tokens.ts');
const { viterbi } = await loadTs('server/src/core/refs/labeller.ts');
const { stripListNumber } = await loadTs('server/src/core/refs/common.ts');
const epochs = Number(process.argv.includes('--epochs') ? process.argv[process.argv.indexOf('--epochs') + 1] : 12);
const L = LABELS.length;
const idx = Object.fromEntries(LABELS.map((l, i) => [l, i]));

const { alignLabels: labelsOf, findSpan } = await loadTs('server/src/core/refs/align.ts');

/**
 * Journal names abbreviated the way medical and science lists print them ("J. Neurosci.",
 * "Psychol Rev"): the corpus entries carry full names, real lists mostly do not.
 */
function abbreviate(name, dots) {
  const words = name.split(/\s+/).filter((w) => !/^(?:of|the|and|for|in|on|&|The)$/.test(w));
  const short = words.map((w) => {
    if (w === 'Journal') return 'J' + (dots ? '.' : '');
    if (w.length <= 5 || !/^\p{Lu}\p{Ll}+$/u.test(w)) return w.replace(/[:,]$/, '');
    const m = /^[^aeiouy]*[aeiouy]+[^aeiouy]+/i.exec(w.slice(1));
    return m ? w[0] + m[0] + (dots ? '.' : '') : w;
  });
  return short.join(' ');
}

const dev = JSON.parse(readFileSync('test/gold/csl-dev.json', 'utf8'));
const train = JSON.parse(readFileSync('data/import-train.json', 'utf8'));
// The extra development styles are kept out of training: the labeller never sees them, so their
// rows in npm run accuracy show how it does on layouts it was not trained on, without reading
// the held-back part.
const unseen = new Set(EXTRA_DEV_STYLES);
const seen = (set) => !unseen.has(set.style);
const gold = { styles: dev.styles.filter((s) => !unseen.has(s)), sets: [...dev.sets.filter(seen), ...train.sets.filter(seen)] };
const references = [];
let n = 0;
// `--validate`: train on most development styles and report token errors on the others, to choose
// features without looking at the held-back part. The shipped model is trained on all of them.
const validate = process.argv.includes('--validate');
const validationStyles = new Set(gold.styles.filter((_, i) => i % 4 === 1));
const validation = [];
for (const set of gold.sets) {
  if (validate && validationStyles.has(set.style)) {
    validation.push(...set.references);
    continue;
  }
  for (const ref of set.references) {
    references.push(ref);
    // Every third article also appears with its journal abbreviated, with or without periods.
    if (ref.type === 'article' && ref.container && n++ % 3 === 0) {
      const span = findSpan(ref.text, ref.container);
      const short = abbreviate(ref.container, n % 2 === 0);
      if (span && short !== ref.container) references.push({ ...ref, text: ref.text.slice(0, span[0]) + short + ref.text.slice(span[1]), container: short });
    }
  }
}
const examples = [];
let unplaced = 0;
{
  for (const ref of references) {
    const text = stripListNumber(ref.text.trim());
    const tokens = tokenize(text);
    const labels = labelsOf(ref, text, tokens);
    if (!labels) {
      unplaced++;
      continue;
    }
    if (process.env.SHOW_ALIGN && text.includes(process.env.SHOW_ALIGN)) console.error(tokens.map((t, i) => `${t.text}/${labels[i]}`).join(" "));
    examples.push({ text, tokens, y: labels.map((l) => idx[l]) });
  }
}

// Words common enough to be features of their own; the rest are seen as shapes.
const counts = new Map();
for (const ex of examples) for (const t of ex.tokens) counts.set(t.text.toLowerCase(), (counts.get(t.text.toLowerCase()) ?? 0) + 1);
const vocabulary = [...counts].filter(([w, c]) => c >= 8 && !/^\d+$/.test(w)).map(([w]) => w).sort();
const vocab = new Set(vocabulary);
for (const ex of examples) ex.feats = featuresOf(ex.tokens, ex.text, vocab);

const w = new Map();
const u = new Map();
const tw = Array.from({ length: L + 1 }, () => new Float64Array(L));
const tu = Array.from({ length: L + 1 }, () => new Float64Array(L));
const row = (m, f) => {
  let r = m.get(f);
  if (!r) m.set(f, (r = new Float64Array(L)));
  return r;
};
let c = 1;
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let epoch = 0; epoch < epochs; epoch++) {
  const order = examples.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let wrong = 0;
  let total = 0;
  for (const k of order) {
    const ex = examples[k];
    const emit = ex.feats.map((fs) => {
      const r = new Float64Array(L);
      for (const f of fs) {
        const wr = w.get(f);
        if (wr) for (let l = 0; l < L; l++) r[l] += wr[l];
      }
      return r;
    });
    const trans = tw.map((r) => [...r]);
    const guess = viterbi(emit, trans);
    for (let i = 0; i < ex.y.length; i++) {
      total++;
      const y = ex.y[i];
      const g = guess[i];
      const py = i === 0 ? 0 : ex.y[i - 1] + 1;
      const pg = i === 0 ? 0 : guess[i - 1] + 1;
      if (g !== y) {
        wrong++;
        for (const f of ex.feats[i]) {
          row(w, f)[y] += 1;
          row(w, f)[g] -= 1;
          row(u, f)[y] += c;
          row(u, f)[g] -= c;
        }
      }
      if (g !== y || py !== pg) {
        tw[py][y] += 1;
        tw[pg][g] -= 1;
        tu[py][y] += c;
        tu[pg][g] -= c;
      }
    }
    c++;
  }
  console.error(`epoch ${epoch + 1}: ${((100 * wrong) / total).toFixed(2)}% tokens wrong`);
}

if (validate) {
  let wrong = 0;
  let total = 0;
  const byLabel = {};
  for (const ref of validation) {
    const text = stripListNumber(ref.text.trim());
    const tokens = tokenize(text);
    const labels = labelsOf(ref, text, tokens);
    if (!labels) continue;
    const feats = featuresOf(tokens, text, vocab);
    const emit = feats.map((fs) => {
      const r = new Float64Array(L);
      for (const f of fs) {
        const wr = w.get(f);
        const ur = u.get(f);
        if (wr) for (let l = 0; l < L; l++) r[l] += wr[l] - ur[l] / c;
      }
      return r;
    });
    const trans = tw.map((r, i) => [...r].map((v, l) => v - tu[i][l] / c));
    const guess = viterbi(emit, trans);
    labels.forEach((l, i) => {
      total++;
      if (LABELS[guess[i]] !== l) {
        wrong++;
        byLabel[l] = (byLabel[l] ?? 0) + 1;
      }
    });
  }
  console.error(`validation (${validationStyles.size} development styles left out): ${((100 * wrong) / total).toFixed(2)}% tokens wrong`, JSON.stringify(byLabel));
  process.exit(0);
}

// Averaged weights, scaled to integers; near-zero weights are dropped to keep the model small.
const SCALE = 100;
const weights = {};
for (const [f, r] of [...w].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const ur = u.get(f);
  const pairs = [];
  for (let l = 0; l < L; l++) {
    const v = Math.round((r[l] - ur[l] / c) * SCALE);
    if (Math.abs(v) >= 5) pairs.push([l, v]);
  }
  if (pairs.length) weights[f] = pairs;
}
const transitions = tw.map((r, i) => [...r].map((v, l) => Math.round((v - tu[i][l] / c) * SCALE)));
writeFileSync('server/src/core/refs/labellerModel.json', JSON.stringify({ about: 'reference labeller trained by npm run train:import on test/gold/csl-dev.json and data/import-train.json', labels: LABELS, vocabulary, transitions, weights }) + '\n');
console.error(`${examples.length} references (${unplaced} with a field the aligner could not place, left out), ${vocabulary.length} words, ${Object.keys(weights).length} features`);
