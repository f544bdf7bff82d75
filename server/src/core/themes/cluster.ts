// Automatic themes: entries no other source placed are clustered by their text (sparse TF-IDF,
// spherical k-means, k at the elbow of cohesion) and each cluster is named by its most distinctive terms.
// Deterministic and built to be stable: every "random" choice hangs off an entry's key alone.
import { compareStrings, stem, stopWords, surfaceWords, unitHash, words } from './text';
import type { ThemeInput } from './types';

export interface Cluster {
  name: string;
  keys: string[];
}

export interface ClusterResult {
  clusters: Cluster[];
  /** Entries with no usable text, or that resemble no cluster. */
  unplaced: string[];
}

/** Tuning, exposed so tests and the bench can see what was chosen. */
export const clusterLimits = {
  /** The most automatic themes we show; more would not fit a sidebar. */
  maxClusters: 24,
  /** Entries used to choose k (a hashed, hence stable, sample). */
  sampleSize: 300,
  iterations: 20,
};

/** A sparse, L2-normalised vector: term ids ascending, with weights. */
interface Vec {
  ids: Int32Array;
  w: Float64Array;
}

/** An entry's terms as vocabulary ids with their weighted counts. */
interface Doc {
  key: string;
  ids: number[];
  tf: number[];
  /** Terms of the title, keywords and abstract: the only ones a cluster is named with. */
  named: Set<number>;
}

/** Terms seen so far, interned to ids so documents hold numbers, not strings. */
interface Vocabulary {
  ids: Map<string, number>;
  terms: string[];
  /** Folded word -> its stem's id, or -1 for a stop word; most words repeat, so stem each once. */
  words: Map<string, number>;
  /** (first stem id, second stem id) -> bigram id, keyed by number to avoid building strings. */
  pairs: Map<number, number>;
}

const fieldWeights = { title: 2, keywords: 2, abstract: 1, journal: 1 } as const;

/**
 * Words that say what kind of work an entry is, or how big, rather than what it is about: fine
 * for placing entries, poor as a theme's name. Pairs that contain them (`low cost`) still name.
 */
const weakNameWords: ReadonlySet<string> = new Set(
  ('research role effect result finding evidence high low large small brief general issue perspective overview survey guide ' +
    'comment letter editorial reply response current recent future practice application system model data work problem ' +
    'performance effective improving improve improved toward framework tool').split(' ').map(stem),
);
/** The strongest terms kept per entry: enough to place it, few enough to keep k-means fast. */
const maxTermsPerDoc = 40;
const maxAbstractWords = 120;

function usable(word: string): boolean {
  return word.length > 1 && !stopWords.has(word) && !/^\d+$/.test(word);
}

function intern(vocab: Vocabulary, term: string): number {
  let id = vocab.ids.get(term);
  if (id === undefined) {
    id = vocab.terms.length;
    vocab.ids.set(term, id);
    vocab.terms.push(term);
  }
  return id;
}

/** Calls `emit` with the terms `docOf` counts for a text, each with its spelling in the text. */
function eachTerm(text: string, bigrams: boolean, emit: (term: string, shown: string) => void): void {
  if (!text) return;
  const folded = words(text);
  // Surface words line up with folded words except where folding splits a letter (ß), which is rare.
  const shown = surfaceWords(text);
  const aligned = shown.length === folded.length;
  let prev: string | undefined;
  let prevShown = '';
  for (let i = 0; i < folded.length; i++) {
    const w = folded[i] as string;
    if (!usable(w)) {
      prev = undefined;
      continue;
    }
    const s = stem(w);
    const sw = aligned ? (shown[i] as string) : w;
    emit(s, sw);
    if (!bigrams) continue;
    if (prev !== undefined) emit(prev + ' ' + s, prevShown + ' ' + sw);
    prev = s;
    prevShown = sw;
  }
}

function wordId(vocab: Vocabulary, word: string): number {
  let id = vocab.words.get(word);
  if (id === undefined) {
    id = usable(word) ? intern(vocab, stem(word)) : -1;
    vocab.words.set(word, id);
  }
  return id;
}

/**
 * An entry's terms: unigram stems and, from titles and keywords, pairs of adjacent content words
 * (`federated learning`). Abstracts and journal names give words only: their pairs are mostly
 * noise (`experimental psychology` names a journal, not a topic).
 */
function docOf(input: ThemeInput, vocab: Vocabulary): Doc {
  const terms = new Map<number, number>();
  const named = new Set<number>();
  // Journal and proceedings words place an entry near its venue's other entries, but they are
  // abbreviations and venue names (`med`, `res`, `ACM`, `advances, processing`), not topics.
  const add = (text: string, weight: number, bigrams: boolean, limit = Infinity, nameable = true): void => {
    let prev = -1;
    const ws = words(text);
    for (let i = 0; i < ws.length && i < limit; i++) {
      const w = ws[i] as string;
      const id = wordId(vocab, w);
      if (id >= 0) {
        terms.set(id, (terms.get(id) ?? 0) + weight);
        if (nameable) named.add(id);
      }
      if (!bigrams) continue;
      if (prev >= 0 && id >= 0) {
        // Stem ids stay far below 2^26 for any library that fits in memory.
        const key = prev * 67108864 + id;
        let b = vocab.pairs.get(key);
        if (b === undefined) {
          b = intern(vocab, (vocab.terms[prev] as string) + ' ' + (vocab.terms[id] as string));
          vocab.pairs.set(key, b);
        }
        terms.set(b, (terms.get(b) ?? 0) + weight);
        if (nameable) named.add(b);
      }
      prev = id;
    }
  };
  add(input.title, fieldWeights.title, true);
  for (const k of input.keywords) add(k, fieldWeights.keywords, true);
  // An abstract's opening says what the work is about; its long tail mostly adds cost and noise.
  add(input.abstract, fieldWeights.abstract, false, maxAbstractWords);
  add(input.journal, fieldWeights.journal, false, Infinity, false);
  return { key: input.key, ids: [...terms.keys()], tf: [...terms.values()], named };
}

function dotDense(a: Vec, c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.ids.length; i++) s += (a.w[i] as number) * (c[a.ids[i] as number] as number);
  return s;
}

/**
 * Spherical k-means from given starting centroids: each vector's cluster (-1: similar to none) and
 * the cohesion, the mean similarity of a vector to its cluster's centroid.
 */
function kmeans(vecs: readonly Vec[], start: readonly Vec[], dims: number, iterations: number): { assign: Int32Array; cohesion: number } {
  const k = start.length;
  let centroids: Float64Array[] = start.map((v) => {
    const c = new Float64Array(dims);
    for (let i = 0; i < v.ids.length; i++) c[v.ids[i] as number] = v.w[i] as number;
    return c;
  });
  let next: Float64Array[] = start.map(() => new Float64Array(dims));
  const assign = new Int32Array(vecs.length).fill(-2);
  // Stop when almost nothing moves: the last few reassignments do not change what a theme is.
  const settled = Math.floor(vecs.length / 200);
  let cohesion = 0;
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    cohesion = 0;
    for (let d = 0; d < vecs.length; d++) {
      const { ids, w } = vecs[d] as Vec;
      const len = ids.length;
      let best = -1;
      let bestSim = 1e-12;
      for (let c = 0; c < k; c++) {
        // dotDense, inlined: this loop is most of the clustering time.
        const cen = centroids[c] as Float64Array;
        let s = 0;
        for (let i = 0; i < len; i++) s += (w[i] as number) * (cen[ids[i] as number] as number);
        if (s > bestSim) {
          bestSim = s;
          best = c;
        }
      }
      if (best >= 0) cohesion += bestSim;
      if (assign[d] !== best) {
        assign[d] = best;
        changed++;
      }
    }
    if (changed <= settled || it === iterations - 1) break;
    for (const sum of next) sum.fill(0);
    const filled = new Uint8Array(k);
    for (let d = 0; d < vecs.length; d++) {
      const c = assign[d] as number;
      if (c < 0) continue;
      filled[c] = 1;
      const v = vecs[d] as Vec;
      const sum = next[c] as Float64Array;
      for (let i = 0; i < v.ids.length; i++) {
        const t = v.ids[i] as number;
        sum[t] = (sum[t] as number) + (v.w[i] as number);
      }
    }
    for (let c = 0; c < k; c++) {
      const sum = next[c] as Float64Array;
      // An emptied cluster keeps its old centroid, so k does not silently shrink mid-run.
      if (!filled[c]) {
        sum.set(centroids[c] as Float64Array);
        continue;
      }
      let norm = 0;
      for (let i = 0; i < dims; i++) norm += (sum[i] as number) * (sum[i] as number);
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < dims; i++) sum[i] = (sum[i] as number) * inv;
    }
    [centroids, next] = [next, centroids];
  }
  return { assign, cohesion: vecs.length ? cohesion / vecs.length : 0 };
}

/**
 * k-means++ seeding where each entry's random draw is a hash of its key and the round
 * (Efraimidis–Spirakis sampling, weight D²). The draw is the same k-means++ distribution, but an
 * added entry changes the seeds only if it wins a round itself, so the other themes stay put;
 * seeds for k are a prefix of seeds for k+1, so a change of k splits a theme rather than reshuffling.
 */
function seeds(vecs: readonly Vec[], keys: readonly string[], count: number, dims: number): number[] {
  const chosen: number[] = [];
  const dist = new Float64Array(vecs.length).fill(1);
  const dense = new Float64Array(dims);
  for (let round = 0; round < count; round++) {
    let best = -1;
    let bestScore = -Infinity;
    for (let d = 0; d < vecs.length; d++) {
      const w = (dist[d] as number) * (dist[d] as number);
      if (w <= 1e-9) continue;
      const score = Math.log(unitHash(`${keys[d]}\u0000seed${round}`)) / w;
      if (score > bestScore) {
        bestScore = score;
        best = d;
      }
    }
    if (best < 0) break;
    chosen.push(best);
    const s = vecs[best] as Vec;
    for (let i = 0; i < s.ids.length; i++) dense[s.ids[i] as number] = s.w[i] as number;
    for (let d = 0; d < vecs.length; d++) {
      const far = 1 - dotDense(vecs[d] as Vec, dense);
      if (far < (dist[d] as number)) dist[d] = Math.max(0, far);
    }
    for (let i = 0; i < s.ids.length; i++) dense[s.ids[i] as number] = 0;
  }
  return chosen;
}

/** Every k up to 8, then every other one: past 8, one more theme changes little. */
function candidateKs(kMax: number): number[] {
  const ks: number[] = [];
  for (let k = 2; k <= kMax; k += k < 8 ? 1 : 2) ks.push(k);
  return ks;
}

/**
 * Picks k where adding clusters stops paying: k-means runs on a hashed sample (whichever keys hash
 * lowest, so one added entry rarely changes it) for each candidate k, and the elbow of the
 * cohesion curve wins (Kneedle: the point farthest above the chord from the first k to the last).
 * Silhouette scores were tried first; on sparse text they sit near zero for every k and picked 2.
 */
function chooseK(vecs: readonly Vec[], keys: readonly string[], seedIdx: readonly number[], kMax: number): number {
  const draw = keys.map((k) => unitHash(`${k}\u0000sample`));
  const order = vecs.map((_, i) => i).sort((a, b) => (draw[a] as number) - (draw[b] as number) || a - b);
  const sample = order.slice(0, clusterLimits.sampleSize).sort((a, b) => a - b);
  // Renumber the terms the sample and seeds use, in order, so centroids are small dense arrays
  // and ids stay ascending.
  const used = new Set<number>();
  for (const i of [...sample, ...seedIdx]) for (const id of (vecs[i] as Vec).ids) used.add(id);
  const local = new Map([...used].sort((a, b) => a - b).map((id, l) => [id, l]));
  const remap = (v: Vec): Vec => ({ ids: Int32Array.from(v.ids, (id) => local.get(id) as number), w: v.w });
  const sv = sample.map((i) => remap(vecs[i] as Vec));
  const seedVecs = seedIdx.map((i) => remap(vecs[i] as Vec));
  const ks = candidateKs(kMax);
  const cohesion = ks.map((k) => kmeans(sv, seedVecs.slice(0, k), local.size, 8).cohesion);
  const first = cohesion[0] as number;
  const gain = (cohesion[cohesion.length - 1] as number) - first;
  if (ks.length < 3 || gain <= 0) return ks[0] ?? 2;
  let bestK = ks[0] as number;
  let best = -Infinity;
  ks.forEach((k, i) => {
    const x = (k - (ks[0] as number)) / (kMax - (ks[0] as number));
    const y = ((cohesion[i] as number) - first) / gain;
    if (y - x > best + 1e-9) {
      best = y - x;
      bestK = k;
    }
  });
  return bestK;
}

/**
 * Clusters entries by their title, abstract, keywords and journal. The same inputs always give the
 * same clusters, whatever their order.
 */
export function clusterEntries(inputs: readonly ThemeInput[]): ClusterResult {
  const sortedInputs = [...inputs].sort((a, b) => compareStrings(a.key, b.key));
  const vocab: Vocabulary = { ids: new Map(), terms: [], words: new Map(), pairs: new Map() };
  const docs = sortedInputs.map((i) => docOf(i, vocab));
  const n = docs.length;

  // Terms in one entry cannot relate two entries; terms in most entries cannot tell them apart.
  const df = new Int32Array(vocab.terms.length);
  for (const d of docs) for (const id of d.ids) df[id] = (df[id] as number) + 1;
  const maxDf = n < 20 ? n : Math.floor(n * 0.5);
  const compact = new Int32Array(vocab.terms.length).fill(-1);
  const idf: number[] = [];
  for (let id = 0; id < df.length; id++) {
    const c = df[id] as number;
    if (c >= 2 && c <= maxDf) {
      compact[id] = idf.length;
      idf.push(Math.log((n + 1) / c));
    }
  }

  const vecs: Vec[] = [];
  const vecKeys: string[] = [];
  const unplaced: string[] = [];
  const bufIds: number[] = [];
  const bufW: number[] = [];
  for (const d of docs) {
    bufIds.length = 0;
    bufW.length = 0;
    for (let i = 0; i < d.ids.length; i++) {
      const id = compact[d.ids[i] as number] as number;
      if (id >= 0) {
        bufIds.push(id);
        bufW.push((1 + Math.log(d.tf[i] as number)) * (idf[id] as number));
      }
    }
    if (!bufIds.length) {
      unplaced.push(d.key);
      continue;
    }
    let order = bufIds.map((_, i) => i);
    if (order.length > maxTermsPerDoc) order = order.sort((a, b) => (bufW[b] as number) - (bufW[a] as number) || (bufIds[a] as number) - (bufIds[b] as number)).slice(0, maxTermsPerDoc);
    order.sort((a, b) => (bufIds[a] as number) - (bufIds[b] as number));
    let norm = 0;
    for (const i of order) norm += (bufW[i] as number) ** 2;
    const inv = 1 / Math.sqrt(norm);
    const ids = new Int32Array(order.length);
    const w = new Float64Array(order.length);
    order.forEach((i, j) => {
      ids[j] = bufIds[i] as number;
      w[j] = (bufW[i] as number) * inv;
    });
    vecs.push({ ids, w });
    vecKeys.push(d.key);
  }
  if (vecs.length < 2) return { clusters: [], unplaced: [...unplaced, ...vecKeys].sort(compareStrings) };

  const dims = idf.length;
  const kMax = Math.min(clusterLimits.maxClusters, Math.max(1, Math.floor(Math.sqrt(vecs.length))));
  const seedIdx = seeds(vecs, vecKeys, kMax, dims);
  const k = seedIdx.length < 2 ? seedIdx.length : chooseK(vecs, vecKeys, seedIdx, Math.min(kMax, seedIdx.length));
  const { assign } = kmeans(vecs, seedIdx.slice(0, k).map((i) => vecs[i] as Vec), dims, clusterLimits.iterations);

  const members: number[][] = Array.from({ length: k }, () => []);
  for (let d = 0; d < vecs.length; d++) {
    const c = assign[d] as number;
    if (c >= 0) (members[c] as number[]).push(d);
    else unplaced.push(vecKeys[d] as string);
  }
  // A theme of one entry is no theme: such entries are unplaced.
  for (const m of members) if (m.length === 1) unplaced.push(vecKeys[m[0] as number] as string);

  const docByKey = new Map(docs.map((d) => [d.key, d]));
  const inputByKey = new Map(sortedInputs.map((i) => [i.key, i]));
  const named = members
    .filter((m) => m.length >= 2)
    .map((m) => {
      const keys = m.map((d) => vecKeys[d] as string);
      return { keys, terms: distinctiveTerms(keys.map((key) => docByKey.get(key) as Doc), compact, idf, vocab), inputs: m.map((d) => inputByKey.get(vecKeys[d] as string) as ThemeInput) };
    });
  const clusters = nameClusters(named).sort((a, b) => b.keys.length - a.keys.length || compareStrings(a.name, b.name));
  return { clusters, unplaced: unplaced.sort(compareStrings) };
}

/** Terms ranked by how much more of the cluster than of the library they describe. */
function distinctiveTerms(members: readonly Doc[], compact: Int32Array, idf: readonly number[], vocab: Vocabulary): string[] {
  const inCluster = new Map<number, number>();
  for (const d of members) {
    for (const id of d.named) if ((compact[id] as number) >= 0) inCluster.set(id, (inCluster.get(id) ?? 0) + 1);
  }
  const scored: [string, number][] = [];
  for (const [id, c] of inCluster) {
    if (c < 2) continue;
    const term = vocab.terms[id] as string;
    if (weakNameWords.has(term)) continue;
    // Bigrams read better as names than the words they join, so they get a small edge.
    const bonus = term.includes(' ') ? 1.3 : 1;
    scored.push([term, (c / members.length) * (idf[compact[id] as number] as number) * bonus]);
  }
  scored.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  return scored.slice(0, 12).map(([t]) => t);
}

/** Up to three terms, a bigram replacing the words it contains; names made unique across clusters. */
function nameClusters(named: { keys: string[]; terms: string[]; inputs: ThemeInput[] }[]): Cluster[] {
  const used = new Set<string>();
  return named.map(({ keys, terms, inputs }) => {
    const picked: string[] = [];
    for (const t of terms) {
      const parts = t.split(' ');
      if (parts.length === 2) {
        // Overlapping bigrams (`short term`, `term memory`) read as a stutter.
        if (picked.some((p) => p.includes(' ') && p.split(' ').some((w) => parts.includes(w)))) continue;
        const inside = picked.findIndex((p) => parts.includes(p));
        if (inside >= 0) {
          picked[inside] = t;
          // Both words of the bigram may have been picked; keep one slot for it.
          for (let i = picked.length - 1; i > inside; i--) if (parts.includes(picked[i] as string)) picked.splice(i, 1);
          continue;
        }
      } else if (picked.some((p) => p.split(' ').includes(t))) continue;
      if (picked.length < 3) picked.push(t);
    }
    let name = picked.length ? display(picked, inputs) : 'Other';
    for (let extra = 0; used.has(name.toLowerCase()); extra++) {
      const more = terms.find((t) => !picked.includes(t));
      if (more && extra === 0) {
        picked.push(more);
        name = display(picked, inputs);
      } else name = `${display(picked, inputs)} (${extra + 1})`;
    }
    used.add(name.toLowerCase());
    return { name, keys: keys.sort(compareStrings) };
  });
}

/** The usual spelling of each term in the cluster's titles and keywords: lower case, unless mostly an acronym (GAN, EEG). */
function display(terms: readonly string[], inputs: readonly ThemeInput[]): string {
  const wanted = new Set(terms);
  const forms = new Map<string, Map<string, number>>();
  const count = (term: string, shown: string): void => {
    if (!wanted.has(term)) return;
    const keep = shown
      .split(' ')
      .map((w) => (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w) ? w : w.toLowerCase()))
      .join(' ');
    let m = forms.get(term);
    if (!m) forms.set(term, (m = new Map()));
    m.set(keep, (m.get(keep) ?? 0) + 1);
  };
  for (const input of inputs) {
    eachTerm(input.title, true, count);
    for (const k of input.keywords) eachTerm(k, true, count);
  }
  // Terms only abstracts use: a few spellings are enough, and abstracts are long.
  for (const input of inputs) {
    if (terms.every((t) => (forms.get(t)?.size ?? 0) > 0)) break;
    eachTerm(input.abstract, false, count);
  }
  const shown = terms.map((t) => {
    let best = t;
    let bestCount = -1;
    for (const [form, c] of forms.get(t) ?? []) {
      if (c > bestCount || (c === bestCount && compareStrings(form, best) < 0)) {
        best = form;
        bestCount = c;
      }
    }
    return best;
  });
  const name = shown.join(', ');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
