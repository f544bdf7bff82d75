// The search index made from an earlier one (updateSearchIndex) is the index a fresh build makes,
// after any mix of docs kept, dropped, replaced and added: what a Zotero write does to a library.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSearchIndex, search, type SearchDoc, type SearchIndex } from '../../../server/src/core/search';
import { updateSearchIndex } from '../../../server/src/core/search/reindex';
import { searchDocFromEntry } from '../../../server/src/core/search/fromEntry';
import { readBibtexChunks } from '../../../server/src/core/syntax/bib/bibtex';
import { buildIndex } from '../../../server/src/core/analysis/bibIndex';
import { earlierPositions, searchIndexFor } from '../../../server/src/core/analysis/entrySearch';
import type { BibEntry, BibFile } from '../../../server/src/core/model/entry';

const word = fc.constantFrom('deep', 'learning', 'Müller', 'model', 'skin', 'cancer', 'a', 'zeta', 'Ωmega', 'x1', 'bias', 'trial', 'straße', 'ÉCOLE', 'b2b');
const text = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
const doc: fc.Arbitrary<SearchDoc> = fc.record({ key: fc.tuple(word, fc.nat(2030)).map(([w, y]) => `${w}${y}`), authors: text, title: text, year: fc.nat(2030).map(String), keywords: text, extra: fc.option(text, { nil: undefined }) });

/** What a reader of the index can see (the lazily made caches are left out). */
const seen = (index: SearchIndex) => ({ docs: index.docs, vocab: index.vocab, start: [...index.start], postings: [...index.postings], keyText: index.keyText, keyStart: [...index.keyStart] });

/** The only caller of updateSearchIndex: the earlier docs, each kept (the same object), dropped or replaced, and new ones inserted. */
function check(earlier: SearchDoc[], plan: ('keep' | 'drop' | 'replace')[], inserted: [number, SearchDoc][], replacements: SearchDoc[]) {
  const before = buildSearchIndex(earlier);
  const docs: SearchDoc[] = [];
  const earlierOf: number[] = [];
  earlier.forEach((d, i) => {
    for (const [at, extra] of inserted) if (at === i) (docs.push(extra), earlierOf.push(-1));
    const what = plan[i % Math.max(1, plan.length)] ?? 'keep';
    if (what === 'keep') (docs.push(d), earlierOf.push(i));
    else if (what === 'replace') (docs.push(replacements[i % Math.max(1, replacements.length)] ?? d), earlierOf.push(-1));
  });
  for (const [at, extra] of inserted) if (at >= earlier.length) (docs.push(extra), earlierOf.push(-1));
  const updated = updateSearchIndex(before, docs, Int32Array.from(earlierOf));
  expect(seen(updated)).toEqual(seen(buildSearchIndex(docs)));
  return updated;
}

describe('search index made from an earlier one', () => {
  it('equals a fresh build after random keeps, drops, replacements and additions', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom<'keep' | 'drop' | 'replace'>('keep', 'keep', 'keep', 'keep', 'drop', 'replace'), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(45), doc), { maxLength: 3 }),
        fc.array(doc, { maxLength: 3 }),
        (earlier, plan, inserted, replacements) => {
          check(earlier, plan, inserted, replacements);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a new doc and no longer finds a dropped one', () => {
    const earlier: SearchDoc[] = [
      { key: 'esteva2017', authors: 'Esteva, Andre', title: 'Dermatologist-level classification of skin cancer', year: '2017', keywords: '' },
      { key: 'hastie2009', authors: 'Hastie, Trevor', title: 'The Elements of Statistical Learning', year: '2009', keywords: '' },
    ];
    const fresh: SearchDoc = { key: 'novak2024', authors: 'Novak, Eva', title: 'A brand new preprint', year: '2024', keywords: 'fresh' };
    const index = check(earlier, ['keep', 'drop'], [[2, fresh]], []);
    expect(search(index, 'novak').results.map((h) => h.key)).toEqual(['novak2024']);
    expect(search(index, 'hastie').results).toEqual([]);
    expect(search(index, 'skin').results.map((h) => h.key)).toEqual(['esteva2017']);
  });
});

describe('the index of a re-read bibliography', () => {
  const entry = (i: number, title = `On topic ${i % 9} number ${i}`) => `@article{k${i},\n  author = {Author${i % 7}, Ann},\n  title = {${title}},\n  year = ${2000 + (i % 25)}\n}\n\n`;
  const text = (ids: number[]) => ids.map((i) => entry(i)).join('');
  const read = (t: string, previous?: BibFile) => readBibtexChunks(t.split(/(?=^@)/m), 'file:///r.bib', previous);

  it('is made from the one before, entries moved in the file included, and equals a fresh build', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    const first = read(text(ids));
    const before = buildIndex([first]);
    searchIndexFor(before);
    // An entry added at the start moves every other one; one is deleted.
    const again = read(text([999, ...ids.filter((i) => i !== 40)]), first);
    const after = buildIndex([again]);
    const made = searchIndexFor(after, before).index;
    expect(seen(made)).toEqual(seen(buildSearchIndex(after.resolved.map((e) => searchDocFromEntry(e)))));
    // The moved entries kept their docs (kept per entry by its fields), not made again.
    expect(made.docs[1]).toBe(searchIndexFor(before).index.docs[0]);
  });
});

describe('the earlier position of each entry (earlierPositions)', () => {
  const entry = (i: number): BibEntry => ({ key: `k${i}`, type: 'article', fields: { title: `t${i}` } }) as unknown as BibEntry;
  // A list made from an earlier one: kept entries (the same object), dropped, replaced (new fields),
  // new ones inserted, runs dropped, and some moved elsewhere.
  const edit = fc.record({
    size: fc.integer({ min: 0, max: 60 }),
    ops: fc.array(fc.tuple(fc.constantFrom('keep', 'keep', 'keep', 'keep', 'drop', 'replace', 'insert', 'dropRun', 'move'), fc.nat(30)), { maxLength: 80 }),
  });

  it('finds only the same entry, at rising positions, and every kept one when none moved', () => {
    fc.assert(
      fc.property(edit, ({ size, ops }) => {
        const earlier = Array.from({ length: size }, (_, i) => entry(i));
        const entries: BibEntry[] = [];
        const moved: BibEntry[] = [];
        let j = 0;
        let fresh = 1000;
        for (const [op, n] of ops) {
          if (j >= earlier.length && op !== 'insert') break;
          if (op === 'keep') entries.push(earlier[j++]!);
          else if (op === 'drop') j++;
          else if (op === 'replace') (entries.push(entry(fresh++)), j++);
          else if (op === 'insert') entries.push(entry(fresh++));
          else if (op === 'dropRun') j += n;
          else moved.push(earlier[j++]!);
        }
        entries.push(...earlier.slice(j));
        entries.splice(Math.floor(entries.length / 2), 0, ...moved);
        const at = earlierPositions(earlier, entries);
        let last = -1;
        at.forEach((o, i) => {
          if (o < 0) return;
          expect(earlier[o]!.fields).toBe(entries[i]!.fields);
          expect(o).toBeGreaterThan(last);
          last = o;
        });
        // Without moves every kept entry is found (a moved one may cost its neighbours a fresh scan).
        if (moved.length === 0) entries.forEach((e, i) => earlier.includes(e) && expect(at[i]).toBeGreaterThanOrEqual(0));
      }),
      { numRuns: 400 },
    );
  });
});
