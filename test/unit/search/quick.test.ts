// The quick scan that answers while a large library's index is not built yet: its answer must
// rank like the index over the entries it finds.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { buildIndex } from '../../../server/src/core/analysis/bibIndex';
import { findEntries, hasSearchIndex, searchIndexFor } from '../../../server/src/core/analysis/entrySearch';
import { QUICK_CHUNK, QUICK_LIMIT, quickCandidates, quickText } from '../../../server/src/core/search/quick';

const families = ['Smith', 'Lee', 'Ghassemi', 'M{\\"u}ller', 'Singhal', 'Obermeyer', 'Topol', 'Rajkomar'];
const topics = ['deep learning', 'fairness audit', 'clinical notes', 'sepsis prediction', 'explainable models', 'datasheets'];

/** A library of `n` entries with repeating authors and topics, as BibTeX text. */
function library(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = families[i % families.length]!;
    const t = topics[(i * 7) % topics.length]!;
    const key = `${a.replace(/[^A-Za-z]/g, '').toLowerCase()}${2000 + (i % 25)}x${i}`;
    out.push(`@article{${key}, author = {${a}, Ann and Other, Bo}, title = {On ${t} ${i}}, year = ${2000 + (i % 25)}, journal = {J. Med.}}`);
  }
  return out.join('\n');
}

function bibOf(n: number) {
  return buildIndex([readBibtex(library(n), 'file:///refs.bib')]);
}

describe('quick scan', () => {
  it('answers before the index exists, ranking like the index over what it finds', () => {
    const bib = bibOf(3_000);
    const quick = findEntries(bib, 'ghassemi clin', { limit: 20 }, 1_000);
    expect(quick.quick).toBe(true);
    expect(quick.isIncomplete).toBe(true);
    expect(hasSearchIndex(bib)).toBe(false);
    expect(quick.results.length).toBe(20);
    for (const hit of quick.results) expect(hit.key.startsWith('ghassemi')).toBe(true);
    for (const hit of quick.results) expect(hit.entry.fields.get('title')?.raw).toContain('clinical');

    searchIndexFor(bib);
    expect(hasSearchIndex(bib)).toBe(true);
    const full = findEntries(bib, 'ghassemi clin', { limit: 20 }, 1_000);
    expect(full.quick).toBe(false);
    expect(full.results.map((h) => h.key)).toEqual(quick.results.map((h) => h.key));
  });

  it('puts keys starting with the first word and cited entries first', () => {
    const entries = readBibtex(library(2_000), 'file:///refs.bib').entries;
    const cited = entries[1_999]!.key;
    const picked = quickCandidates(entries, 'lee', (k) => (k === cited ? 1 : 0));
    expect(picked.length).toBeGreaterThan(0);
    // Every "lee" key (a quarter of the library) comes before any entry that has "lee" elsewhere.
    const firstOther = picked.findIndex((i) => !entries[i]!.key.startsWith('lee'));
    expect(firstOther === -1 || picked.slice(firstOther).every((i) => !entries[i]!.key.startsWith('lee'))).toBe(true);
  });

  it('lists cited entries, then the newest, for an empty query', () => {
    const entries = readBibtex(library(1_000), 'file:///refs.bib').entries;
    const cited = entries[3]!.key;
    const picked = quickCandidates(entries, '', (k) => (k === cited ? 1 : 0), 10);
    expect(entries[picked[0]!]!.key).toBe(cited);
    for (const i of picked.slice(1)) expect(entries[i]!.fields.get('year')?.raw).toBe('2024');
  });

  it('finds nothing rather than everything for a word no entry has', () => {
    const bib = bibOf(1_500);
    expect(findEntries(bib, 'zzzq', {}, 1_000).results).toEqual([]);
  });

  it('scans its text chunk by chunk as one pass over the raw fields would', () => {
    // Three chunks; in the second, titles with a capital that changes length when lower-cased.
    const n = QUICK_CHUNK * 2 + 500;
    const text = Array.from({ length: n }, (_, i) => {
      const title = i > QUICK_CHUNK && i % 5 === 0 ? `İstanbul clinical ${i}` : `On ${topics[i % topics.length]} ${i}`;
      return `@article{k${i}, author = {${families[(i * 3) % families.length]}, A.}, title = {${title}}, year = ${2000 + (i % 25)}}`;
    }).join('\n');
    const entries = readBibtex(text, 'file:///refs.bib').entries;
    const onePass = (query: string): number[] => {
      const terms = query.toLowerCase().split(' ');
      const front: number[] = [];
      const rest: number[] = [];
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i]!;
        const fields = [e.key, ...['author', 'title', 'year', 'editor'].map((f) => e.fields.get(f)?.raw ?? '')].map((f) => f.toLowerCase());
        if (!terms.every((t) => fields.some((f) => f.includes(t)))) continue;
        (e.key.toLowerCase().startsWith(terms[0]!) ? front : rest).push(i);
        if (front.length >= 200 || front.length + rest.length >= QUICK_LIMIT) break;
      }
      return front.concat(rest);
    };
    const haystack = quickText(entries);
    for (const query of ['clinical', 'istanbul clinical', 'smith 2003', 'lee fairness', 'zzz', 'k4']) {
      expect(quickCandidates(entries, query, undefined, 100, haystack)).toEqual(onePass(query));
    }
  });
});
