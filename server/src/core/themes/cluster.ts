// Automatic themes: entries no other source placed are clustered by their text (sparse TF-IDF,
// spherical k-means, k chosen by silhouette) and each cluster is named by its most distinctive terms.
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
  sampleSize: 400,
  iterations: 20,
};

/** A sparse, L2-normalised vector: term ids ascending, with weights. */
interface Vec {
  ids: Int32Array;
  w: Float64Array;
}

interface Doc {
  key: string;
  terms: Map<string, number>;
}

const fieldWeights = { title: 2, keywords: 2, abstract: 1, journal: 1 } as const;

function usable(word: string): boolean {
  return word.length > 1 && !stopWords.has(word) && !/^\d+$/.test(word);
}

/** Unigram stems and, from adjacent content words, bigrams (`federated learning`). */
function addTerms(terms: Map<string, number>, text: string, weight: number, surface: Map<string, Map<string, number>> | undefined): void {
  if (!text) return;
  const folded = words(text);
  // Surface words line up with folded words except where folding splits a letter (ß), which is rare.
  const shown = surface ? surfaceWords(text) : [];
  const aligned = shown.length === folded.length;
  let prev: string | undefined;
  let prevShown: string | undefined;
  for (let i = 0; i < folded.length; i++) {
    const w = folded[i] as string;
    if (!usable(w)) {
      prev = undefined;
      continue;
    }
    const s = stem(w);
    terms.set(s, (terms.get(s) ?? 0) + weight);
    const sw = aligned ? (shown[i] as string) : w;
    if (surface) note(surface, s, sw);
    if (prev !== undefined) {
      const b = prev + ' ' + s;
      terms.set(b, (terms.get(b) ?? 0) + weight);
      if (surface) note(surface, b, prevShown + ' ' + sw);
    }
    prev = s;
    prevShown = sw;
  }
}

function note(surface: Map<string, Map<string, number>>, term: string, shown: string): void {
  let m = surface.get(term);
  if (!m) surface.set(term, (m = new Map()));
  m.set(shown, (m.get(shown) ?? 0) + 1);
}

function docOf(input: ThemeInput, surface: Map<string, Map<string, number>>): Doc {
  const terms = new Map<string, number>();
  addTerms(terms, input.title, fieldWeights.title, surface);
  for (const k of input.keywords) addTerms(terms, k, fieldWeights.keywords, surface);
  addTerms(terms, input.abstract, fieldWeights.abstract, undefined);
  // Journal names give words but no bigrams: `experimental psychology` names a journal, not a topic.
  for (const w of words(input.journal)) if (usable(w)) terms.set(stem(w), (terms.get(stem(w)) ?? 0) + fieldWeights.journal);
  return { key: input.key, terms };
}

function dotSparse(a: Vec, b: Vec): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) s += (a.w[i++] as number) * (b.w[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}

function dotDense(a: Vec, c: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.ids.length; i++) s += (a.w[i] as number) * (c[a.ids[i] as number] as number);
  return s;
}

/** Spherical k-means from given starting centroids; returns each vector's cluster (-1: similar to none). */
function kmeans(vecs: readonly Vec[], start: readonly Vec[], dims: number, iterations: number): Int32Array {
  const k = start.length;
  let centroids: Float64Array[] = start.map((v) => {
    const c = new Float64Array(dims);
    for (let i = 0; i < v.ids.length; i++) c[v.ids[i] as number] = v.w[i] as number;
    return c;
  });
  const assign = new Int32Array(vecs.length).fill(-2);
  for (let it = 0; it < iterations; it++) {
    let changed = 0;
    for (let d = 0; d < vecs.length; d++) {
      const v = vecs[d] as Vec;
      let best = -1;
      let bestSim = 1e-12;
      for (let c = 0; c < k; c++) {
        const s = dotDense(v, centroids[c] as Float64Array);
        if (s > bestSim) {
          bestSim = s;
          best = c;
        }
      }
      if (assign[d] !== best) {
        assign[d] = best;
        changed++;
      }
    }
    if (changed === 0) break;
    const next: Float64Array[] = centroids.map(() => new Float64Array(dims));
    for (let d = 0; d < vecs.length; d++) {
      const c = assign[d] as number;
      if (c < 0) continue;
      const v = vecs[d] as Vec;
      const sum = next[c] as Float64Array;
      for (let i = 0; i < v.ids.length; i++) {
        const t = v.ids[i] as number;
        sum[t] = (sum[t] as number) + (v.w[i] as number);
      }
    }
    // An emptied cluster keeps its old centroid, so k does not silently shrink mid-run.
    centroids = next.map((sum, c) => {
      let norm = 0;
      for (let i = 0; i < dims; i++) norm += (sum[i] as number) * (sum[i] as number);
      if (norm === 0) return centroids[c] as Float64Array;
      const inv = 1 / Math.sqrt(norm);
      for (let i = 0; i < dims; i++) sum[i] = (sum[i] as number) * inv;
      return sum;
    });
  }
  return assign;
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

/** Mean silhouette (cosine distance) of a clustering of the sample, from precomputed similarities. */
function silhouette(sim: Float64Array, n: number, assign: Int32Array, k: number): number {
  const sums = new Float64Array(k);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = assign[i] as number;
    if (c >= 0) sizes[c] = (sizes[c] as number) + 1;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = assign[i] as number;
    if (own < 0 || (sizes[own] as number) < 2) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      const c = assign[j] as number;
      if (c >= 0 && j !== i) sums[c] = (sums[c] as number) + 1 - (sim[i * n + j] as number);
    }
    const a = (sums[own] as number) / ((sizes[own] as number) - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && (sizes[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (sizes[c] as number));
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** Picks k by the silhouette of k-means on a hashed sample; the sample holds whichever keys hash lowest. */
function chooseK(vecs: readonly Vec[], keys: readonly string[], seedIdx: readonly number[], kMax: number): number {
  const order = vecs.map((_, i) => i).sort((a, b) => unitHash(`${keys[a]}\u0000sample`) - unitHash(`${keys[b]}\u0000sample`) || a - b);
  const sample = order.slice(0, clusterLimits.sampleSize).sort((a, b) => a - b);
  // Renumber the terms the sample and seeds use, in order, so centroids are small dense arrays
  // and ids stay ascending.
  const used = new Set<number>();
  for (const i of [...sample, ...seedIdx]) for (const id of (vecs[i] as Vec).ids) used.add(id);
  const local = new Map([...used].sort((a, b) => a - b).map((id, l) => [id, l]));
  const remap = (v: Vec): Vec => ({ ids: Int32Array.from(v.ids, (id) => local.get(id) as number), w: v.w });
  const sv = sample.map((i) => remap(vecs[i] as Vec));
  const seedVecs = seedIdx.map((i) => remap(vecs[i] as Vec));
  const n = sv.length;
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    sim[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const s = dotSparse(sv[i] as Vec, sv[j] as Vec);
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  let bestK = 2;
  let bestScore = -Infinity;
  for (let k = 2; k <= kMax; k++) {
    const assign = kmeans(sv, seedVecs.slice(0, k), local.size, 10);
    const score = silhouette(sim, n, assign, k);
    // A larger k must do clearly better: near-ties go to the simpler answer, which also keeps
    // k from flipping when one entry is added.
    if (score > bestScore * 1.02 + 1e-9) {
      bestScore = score;
      bestK = k;
    }
  }
  return bestK;
}

/**
 * Clusters entries by their title, abstract, keywords and journal. The same inputs always give the
 * same clusters, whatever their order.
 */
export function clusterEntries(inputs: readonly ThemeInput[]): ClusterResult {
  const sortedInputs = [...inputs].sort((a, b) => compareStrings(a.key, b.key));
  const surface = new Map<string, Map<string, number>>();
  const docs = sortedInputs.map((i) => docOf(i, surface));
  const n = docs.length;

  // Terms in one entry cannot relate two entries; terms in most entries cannot tell them apart.
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const maxDf = Math.max(2, Math.floor(n * 0.5));
  const vocab = [...df.entries()].filter(([, c]) => c >= 2 && c <= maxDf).map(([t]) => t).sort(compareStrings);
  const termId = new Map(vocab.map((t, i) => [t, i]));
  const idf = vocab.map((t) => Math.log((n + 1) / (df.get(t) as number)));

  const vecs: Vec[] = [];
  const vecKeys: string[] = [];
  const unplaced: string[] = [];
  for (const d of docs) {
    const entries: [number, number][] = [];
    for (const [t, tf] of d.terms) {
      const id = termId.get(t);
      if (id !== undefined) entries.push([id, (1 + Math.log(tf)) * (idf[id] as number)]);
    }
    if (!entries.length) {
      unplaced.push(d.key);
      continue;
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, w] of entries) norm += w * w;
    const inv = 1 / Math.sqrt(norm);
    vecs.push({ ids: Int32Array.from(entries, (e) => e[0]), w: Float64Array.from(entries, (e) => e[1] * inv) });
    vecKeys.push(d.key);
  }
  if (vecs.length < 2) return { clusters: [], unplaced: [...unplaced, ...vecKeys].sort(compareStrings) };

  const dims = vocab.length;
  const kMax = Math.min(clusterLimits.maxClusters, Math.max(1, Math.floor(Math.sqrt(vecs.length))));
  const seedIdx = seeds(vecs, vecKeys, kMax, dims);
  const k = seedIdx.length < 2 ? seedIdx.length : chooseK(vecs, vecKeys, seedIdx, Math.min(kMax, seedIdx.length));
  const assign = kmeans(vecs, seedIdx.slice(0, k).map((i) => vecs[i] as Vec), dims, clusterLimits.iterations);

  const members: number[][] = Array.from({ length: k }, () => []);
  for (let d = 0; d < vecs.length; d++) {
    const c = assign[d] as number;
    if (c >= 0) (members[c] as number[]).push(d);
    else unplaced.push(vecKeys[d] as string);
  }
  // A theme of one entry is no theme: such entries are unplaced.
  for (const m of members) if (m.length === 1) unplaced.push(vecKeys[m[0] as number] as string);

  const docTerms = new Map(docs.map((d) => [d.key, d.terms]));
  const kept = members.filter((m) => m.length >= 2);
  const named = kept.map((m) => {
    const keys = m.map((d) => vecKeys[d] as string);
    return { keys, terms: distinctiveTerms(keys, docTerms, termId, idf) };
  });
  const clusters = nameClusters(named, surface).sort((a, b) => b.keys.length - a.keys.length || compareStrings(a.name, b.name));
  return { clusters, unplaced: unplaced.sort(compareStrings) };
}

/** Terms ranked by how much more of the cluster than of the library they describe. */
function distinctiveTerms(keys: readonly string[], docTerms: Map<string, Map<string, number>>, termId: Map<string, number>, idf: readonly number[]): string[] {
  const inCluster = new Map<string, number>();
  for (const key of keys) {
    for (const t of (docTerms.get(key) as Map<string, number>).keys()) {
      if (termId.has(t)) inCluster.set(t, (inCluster.get(t) ?? 0) + 1);
    }
  }
  const scored: [string, number][] = [];
  for (const [t, c] of inCluster) {
    if (c < 2) continue;
    // Bigrams read better as names than the words they join, so they get a small edge.
    const bonus = t.includes(' ') ? 1.3 : 1;
    scored.push([t, (c / keys.length) * (idf[termId.get(t) as number] as number) * bonus]);
  }
  scored.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  return scored.slice(0, 12).map(([t]) => t);
}

/** Up to three terms, a bigram replacing the words it contains; names made unique across clusters. */
function nameClusters(named: { keys: string[]; terms: string[] }[], surface: Map<string, Map<string, number>>): Cluster[] {
  const used = new Set<string>();
  return named.map(({ keys, terms }) => {
    const picked: string[] = [];
    for (const t of terms) {
      const parts = t.split(' ');
      if (parts.length === 2) {
        const inside = picked.findIndex((p) => parts.includes(p));
        if (inside >= 0) {
          picked[inside] = t;
          // Both words of the bigram may have been picked; keep one slot for it.
          for (let i = picked.length - 1; i > inside; i--) if (parts.includes(picked[i] as string)) picked.splice(i, 1);
          continue;
        }
        // Overlapping bigrams (`short term`, `term memory`) read as a stutter.
        if (picked.some((p) => p.includes(' ') && p.split(' ').some((w) => parts.includes(w)))) continue;
      } else if (picked.some((p) => p.split(' ').includes(t))) continue;
      if (picked.length < 3) picked.push(t);
    }
    let name = picked.length ? display(picked, surface) : 'Other';
    for (let extra = 0; used.has(name.toLowerCase()); extra++) {
      const more = terms.find((t) => !picked.includes(t));
      if (more && extra === 0) {
        picked.push(more);
        name = display(picked, surface);
      } else name = `${display(picked, surface)} (${extra + 1})`;
    }
    used.add(name.toLowerCase());
    return { name, keys: keys.sort(compareStrings) };
  });
}

/** The usual spelling of each term: lower case, unless it is mostly written as an acronym (GAN, EEG). */
function display(terms: readonly string[], surface: Map<string, Map<string, number>>): string {
  const shown = terms.map((t) => {
    const forms = surface.get(t);
    if (!forms) return t;
    let best = t;
    let bestCount = -1;
    const lower = new Map<string, number>();
    for (const [form, c] of forms) {
      const keep = form.split(' ').map((w) => (w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w) ? w : w.toLowerCase())).join(' ');
      lower.set(keep, (lower.get(keep) ?? 0) + c);
    }
    for (const [form, c] of lower) {
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

