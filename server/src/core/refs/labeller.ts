// A linear-chain sequence labeller (averaged structured perceptron, Viterbi decoding) that tags
// each token of a reference with the field it belongs to. The weights are plain data (a JSON
// model trained by scripts/train-import-model.mjs); this module only decodes. Pure.
import { featuresOf, LABELS, type Label, type Token } from './tokens';

export interface LabellerModel {
  labels: readonly string[];
  vocabulary: readonly string[];
  /** Per feature string: [label index, weight] pairs (weights scaled to integers). */
  weights: Record<string, readonly (readonly [number, number])[]>;
  /** transitions[from + 1][to]; row 0 is the start of the sequence. */
  transitions: readonly (readonly number[])[];
}

export interface Labeller {
  label(tokens: readonly Token[], text: string): Label[];
}

export function makeLabeller(model: LabellerModel): Labeller {
  const vocabulary = new Set(model.vocabulary);
  const L = LABELS.length;
  // The weights as a map of flat [label, weight, label, weight, …] arrays: a lookup per feature
  // and a tight loop, where the JSON's object of pair arrays cost most of the decoding time.
  const weights = new Map<string, Int32Array>();
  for (const [f, pairs] of Object.entries(model.weights)) weights.set(f, Int32Array.from(pairs.flat()));
  return {
    label(tokens, text) {
      if (tokens.length === 0) return [];
      const feats = featuresOf(tokens, text, vocabulary);
      const emit = feats.map((fs) => {
        const row = new Float64Array(L);
        for (const f of fs) {
          const w = weights.get(f);
          if (w) for (let k = 0; k < w.length; k += 2) row[w[k] as number] = (row[w[k] as number] as number) + (w[k + 1] as number);
        }
        return row;
      });
      return viterbi(emit, model.transitions).map((l) => LABELS[l] as Label);
    },
  };
}

/** Best label sequence under emission scores and first-order transitions. */
export function viterbi(emit: readonly Float64Array[], transitions: readonly (readonly number[])[]): number[] {
  const n = emit.length;
  const L = LABELS.length;
  const score: Float64Array[] = [];
  const back: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = new Float64Array(L);
    const b = new Int32Array(L);
    const e = emit[i] as Float64Array;
    for (let y = 0; y < L; y++) {
      if (i === 0) {
        s[y] = (e[y] as number) + (transitions[0]?.[y] ?? 0);
        continue;
      }
      let best = -Infinity;
      let arg = 0;
      const prev = score[i - 1] as Float64Array;
      for (let x = 0; x < L; x++) {
        const v = (prev[x] as number) + (transitions[x + 1]?.[y] ?? 0);
        if (v > best) {
          best = v;
          arg = x;
        }
      }
      s[y] = best + (e[y] as number);
      b[y] = arg;
    }
    score.push(s);
    back.push(b);
  }
  const last = score[n - 1] as Float64Array;
  let y = 0;
  for (let l = 1; l < L; l++) if ((last[l] as number) > (last[y] as number)) y = l;
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = y;
    y = (back[i] as Int32Array)[y] as number;
  }
  return out;
}
