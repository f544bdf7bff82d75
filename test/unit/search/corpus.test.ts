// Search over real bibliographies read with our reader: keys, authors with years, typos and
// accented names must find their entries. Skips with a message when the shared corpus is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { decodeBytes } from '../../../server/src/core/syntax/bib/encoding';
import { entryPeople } from '../../../server/src/core/syntax/bib/fields';
import type { BibEntry } from '../../../server/src/core/model/entry';
import { buildSearchIndex, fold, search, searchDocFromEntry } from '../../../server/src/core/search';
import { words } from '../../../server/src/core/search/fold';

const corpus = join(process.env.CITELENS_SHARED ?? join(__dirname, '..', '..', '..', '..', 'shared'), 'corpus');

function load(name: string): BibEntry[] | undefined {
  const path = join(corpus, name);
  if (!existsSync(path)) {
    console.warn(`search corpus test skipped: ${path} not found (set CITELENS_SHARED)`);
    return undefined;
  }
  return readBibtex(decodeBytes(readFileSync(path)).text, name).entries;
}

/** The only caller of search() here: keys of the hits for a query over the given entries. */
function check(index: ReturnType<typeof buildSearchIndex>, query: string, limit = 100): string[] {
  return search(index, query, { limit }).results.map((h) => h.key);
}

function firstFamily(entry: BibEntry): string[] {
  const p = entryPeople(entry).people[0];
  return p && !p.literal ? words(fold(p.family)) : [];
}

/** Changes one middle letter, deterministically, so the word has exactly one typo. */
function withTypo(word: string, seed: number): string {
  const i = 1 + (seed % (word.length - 2));
  const c = word[i] === 'x' ? 'q' : 'x';
  return word.slice(0, i) + c + word.slice(i + 1);
}

describe('search over cdl.bib', () => {
  const entries = load('cdl.bib');
  const index = entries && buildSearchIndex(entries.map(searchDocFromEntry));
  const sample = entries?.filter((_, i) => i % 37 === 0) ?? [];

  it.skipIf(!entries)('finds each sampled entry first by its key', () => {
    expect(sample.length).toBeGreaterThan(100);
    const misses = sample.filter((e) => check(index!, e.key, 5)[0] !== e.key).map((e) => e.key);
    expect(misses).toEqual([]);
  });

  it.skipIf(!entries)('finds entries by first author and year, and with a typo in the name', () => {
    let tried = 0;
    const misses: string[] = [];
    sample.forEach((e, n) => {
      const family = firstFamily(e);
      const year = searchDocFromEntry(e).year;
      const long = family.find((w) => w.length >= 5 && /^[a-z]+$/.test(w));
      if (!long || !/^\d{4}$/.test(year)) return;
      tried++;
      if (!check(index!, `${family.join(' ')} ${year}`, 300).includes(e.key)) misses.push(`${e.key}: ${family.join(' ')} ${year}`);
      const typo = family.map((w) => (w === long ? withTypo(w, n) : w)).join(' ');
      if (!check(index!, `${typo} ${year}`, 300).includes(e.key)) misses.push(`${e.key}: ${typo} ${year}`);
    });
    expect(tried).toBeGreaterThan(50);
    expect(misses).toEqual([]);
  });
});

describe('search over nime_papers.bib (UTF-8 names)', () => {
  const entries = load('nime_papers.bib');

  it.skipIf(!entries)('finds accented family names typed without accents', () => {
    const index = buildSearchIndex(entries!.map(searchDocFromEntry));
    const accented = entries!.filter((e) => firstFamily(e).length > 0 && /[^\x00-\x7f]/.test(entryPeople(e).people[0]!.family));
    expect(accented.length).toBeGreaterThan(10);
    const misses = accented
      .slice(0, 60)
      .filter((e) => !check(index, `${firstFamily(e).join(' ')} ${searchDocFromEntry(e).year}`, 300).includes(e.key))
      .map((e) => e.key);
    expect(misses).toEqual([]);
  });
});
