// Automatic themes on real bibliographies: sensible names, the same themes on every run and in
// any input order, and adding one entry leaves the other entries' themes in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { clusterEntries, clusterLimits, computeThemes, themeInputs, type ClusterResult, type ThemeInput } from '../../../server/src/core/themes';
import { stem, words } from '../../../server/src/core/themes/text';
import { corpus } from '../bib/corpus';

function load(name: string): ThemeInput[] {
  return themeInputs(readBibtex(readFileSync(join(corpus as string, name), 'utf8'), name).entries);
}

/** Each entry's cluster index, -1 when unplaced. */
function labels(r: ClusterResult): Map<string, number> {
  const m = new Map<string, number>();
  r.clusters.forEach((c, i) => c.keys.forEach((k) => m.set(k, i)));
  r.unplaced.forEach((k) => m.set(k, -1));
  return m;
}

/**
 * The share of `keys` that keep their theme: old and new clusters are paired one to one by
 * largest overlap, and an entry stays when its old cluster's partner holds it (or it stays unplaced).
 */
function stayingShare(before: ClusterResult, after: ClusterResult, keys: readonly string[]): number {
  const a = labels(before);
  const b = labels(after);
  const pairs = new Map<string, number>();
  for (const k of keys) {
    const p = `${a.get(k)}|${b.get(k)}`;
    pairs.set(p, (pairs.get(p) ?? 0) + 1);
  }
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  let stay = 0;
  for (const [p, count] of [...pairs].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) {
    const [x, y] = p.split('|') as [string, string];
    if (usedA.has(x) || usedB.has(y) || (x === '-1') !== (y === '-1')) continue;
    usedA.add(x);
    usedB.add(y);
    stay += count;
  }
  return stay / keys.length;
}

describe.skipIf(!corpus)('automatic themes on the corpus', () => {
  it.each(['biblatex-examples.bib', 'cdl.bib'])('names %s clusters with 1 to 3 distinct terms, and places most entries', (name) => {
    const inputs = load(name);
    const r = clusterEntries(inputs);
    console.log(`${name}: ${r.clusters.map((c) => `${c.name} (${c.keys.length})`).join('; ')}; unplaced ${r.unplaced.length}`);
    expect(r.clusters.length).toBeGreaterThanOrEqual(2);
    expect(r.clusters.length).toBeLessThanOrEqual(clusterLimits.maxClusters);
    const names = r.clusters.map((c) => c.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const c of r.clusters) {
      expect(c.name.split(', ').length).toBeGreaterThanOrEqual(1);
      expect(c.name.split(', ').length).toBeLessThanOrEqual(4);
      expect(c.keys.length).toBeGreaterThanOrEqual(2);
    }
    // Every entry is in exactly one cluster or unplaced.
    const all = [...r.clusters.flatMap((c) => c.keys), ...r.unplaced].sort();
    expect(all).toEqual(inputs.map((i) => i.key).sort());
    // The lab bibliography has real titles: nearly all of it finds a theme.
    if (name === 'cdl.bib') expect(r.unplaced.length / inputs.length).toBeLessThan(0.02);
  });

  it('finds the topics a reader of the lab bibliography would expect', () => {
    const names = clusterEntries(load('cdl.bib')).clusters.map((c) => c.name.toLowerCase()).join('; ');
    for (const topic of ['memory', 'hippocamp', 'theta', 'visual']) expect(names).toContain(topic);
  });

  // A theme named from journal or proceedings words reads like a venue ("Guide, research, med",
  // "Tex, cahiers, gutenberg"): every word of a name must come from its members' titles,
  // keywords or abstracts.
  it.each(['cdl.bib', 'font.bib', 'nime_papers.bib', 'biblatex-examples.bib'])('names %s clusters from title, keyword and abstract words only', (name) => {
    const inputs = load(name);
    const byKey = new Map(inputs.map((i) => [i.key, i]));
    for (const c of clusterEntries(inputs).clusters) {
      const own = new Set(c.keys.flatMap((k) => { const i = byKey.get(k) as ThemeInput; return words([i.title, i.abstract, ...i.keywords].join(' ')).map(stem); }));
      for (const w of words(c.name)) expect(own, `${w} in "${c.name}"`).toContain(stem(w));
    }
  });

  it('gives the same themes on every run and for any input order', () => {
    const inputs = load('cdl.bib');
    const first = computeThemes(inputs, {});
    const again = computeThemes(inputs, {});
    const reversed = computeThemes([...inputs].reverse(), {});
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it.each([
    ['biblatex-examples.bib', 'xampl.bib', 36],
    ['cdl.bib', 'nime_papers.bib', 3],
  ] as const)('keeps the themes of %s in place when one entry is added', (base, donor, tries) => {
    const inputs = load(base);
    const others = load(donor);
    const before = clusterEntries(inputs);
    const keys = inputs.map((i) => i.key);
    const shares: number[] = [];
    for (let j = 0; j < tries; j++) {
      const extra = others[(j * 97) % others.length] as ThemeInput;
      shares.push(stayingShare(before, clusterEntries([...inputs, { ...extra, key: `added-${j}` }]), keys));
    }
    const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
    console.log(`${base} + 1 entry (${tries} tries): share keeping their theme: mean ${mean.toFixed(3)}, min ${Math.min(...shares).toFixed(3)}`);
    // On a small, sparse library an added entry sometimes becomes a seed or tips k-means into
    // another local optimum (biblatex-examples: 4 of 36 tries move more than a tenth of the
    // entries), so the bar is on the mean and on most tries rather than on every one.
    expect(mean).toBeGreaterThanOrEqual(0.95);
    expect(shares.filter((s) => s >= 0.9).length / tries).toBeGreaterThanOrEqual(0.85);
  });
});
