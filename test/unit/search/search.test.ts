// Query semantics of the completion search, on small fixtures: what a writer typing a query expects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { buildSearchIndex, search, searchDocFromEntry, RANK_LIMIT, type SearchDoc, type SearchOptions } from '../../../server/src/core/search';
import { fuzzyWords, keysEqual, prefixWithinOneEdit } from '../../../server/src/core/search/candidates';

/** One entry per line: `key | authors | title | year | keywords`. */
function docs(fixture: string): SearchDoc[] {
  return fixture
    .trim()
    .split('\n')
    .map((line) => {
      const [key = '', authors = '', title = '', year = '', keywords = ''] = line.split('|').map((s) => s.trim());
      return { key, authors, title, year, keywords };
    });
}

/** The only caller of search(): keys of the hits in order, plus the flags a completion list needs. */
function check(fixture: string | SearchDoc[], query: string, options?: SearchOptions) {
  const index = buildSearchIndex(typeof fixture === 'string' ? docs(fixture) : fixture);
  const result = search(index, query, options);
  return {
    keys: result.results.map((h) => h.key),
    typos: result.results.filter((h) => h.typo).map((h) => h.key),
    isIncomplete: result.isIncomplete,
    matches: result.results.map((h) => h.matches),
  };
}

const LIBRARY = `
lundberg2017 | Lundberg, Scott M. and Lee, Su-In | A Unified Approach to Interpreting Model Predictions | 2017 | shap, explainability
lundberg2019 | Lundberg, Scott M. and Erion, Gabriel | Explainable AI for trees | 2019 | shap
ribeiro2016 | Ribeiro, Marco Tulio and Singh, Sameer | Why Should I Trust You? | 2016 | lime
muller2019 | Müller, Klaus-Robert | Explaining deep neural networks | 2019 |
strauss1990 | Strauß, Anselm | Basics of qualitative research | 1990 | grounded theory
lund1999 | Lund, Arnold | Measuring usability | 1999 |
`;

describe('search: query semantics', () => {
  it('ANDs words across fields', () => {
    expect(check(LIBRARY, 'lundberg 2017').keys).toEqual(['lundberg2017']);
    expect(check(LIBRARY, 'shap unified').keys).toEqual(['lundberg2017']);
    expect(check(LIBRARY, 'ribeiro lime').keys).toEqual(['ribeiro2016']);
    expect(check(LIBRARY, 'ribeiro shap').keys).toEqual([]);
  });

  it('matches word prefixes in any field', () => {
    // `lund` is one letter short of `lundb`: a typo match, listed after the exact ones.
    expect(check(LIBRARY, 'lundb')).toMatchObject({ keys: ['lundberg2017', 'lundberg2019', 'lund1999'], typos: ['lund1999'] });
    expect(check(LIBRARY, 'interp').keys).toEqual(['lundberg2017']);
    expect(check(LIBRARY, 'grounded').keys).toEqual(['strauss1990']);
  });

  it('ignores case and accents on both sides', () => {
    expect(check(LIBRARY, 'muller').keys).toEqual(['muller2019']);
    expect(check(LIBRARY, 'MÜLLER').keys).toEqual(['muller2019']);
    expect(check(LIBRARY, 'strauss basics').keys).toEqual(['strauss1990']);
    expect(check('müller2020 | Mueller, A. | Ünïcode títle | 2020', 'unicode title').keys).toEqual(['müller2020']);
  });

  it('finds a key by any substring', () => {
    expect(check(LIBRARY, 'berg20').keys.sort()).toEqual(['lundberg2017', 'lundberg2019']);
    expect(check(LIBRARY, 'rg2019').keys).toEqual(['lundberg2019']);
  });

  it('matches a year exactly, without typo tolerance for digits', () => {
    expect(check(LIBRARY, '2019').keys.sort()).toEqual(['lundberg2019', 'muller2019']);
    expect(check(LIBRARY, '2018').keys).toEqual([]);
  });

  it('forgives one typo in a word of four letters or more, listing it as a typo match', () => {
    expect(check(LIBRARY, 'lundburg 2017')).toMatchObject({ keys: ['lundberg2017'], typos: ['lundberg2017'] });
    expect(check(LIBRARY, 'ribiero').keys).toEqual(['ribeiro2016']); // swapped letters
    expect(check(LIBRARY, 'rbeiro').keys).toEqual(['ribeiro2016']); // a missing letter
    expect(check(LIBRARY, 'riibeiro').keys).toEqual(['ribeiro2016']); // an extra letter
    expect(check(LIBRARY, 'lundbxrg scot').keys.sort()).toEqual(['lundberg2017', 'lundberg2019']);
  });

  it('does not forgive typos in short words or two typos in one word', () => {
    expect(check(LIBRARY, 'lyme').keys).toEqual(['ribeiro2016']); // four letters: one typo is fine
    expect(check(LIBRARY, 'lme').keys).toEqual([]);
    expect(check(LIBRARY, 'lundbxrx').keys).toEqual([]);
  });

  it('lists exact matches before typo matches', () => {
    const fixture = `
      lundborg2001 | Lundborg, Petter | Sickness absence | 2001
      lundberg2017 | Lundberg, Scott | A unified approach | 2017`;
    expect(check(fixture, 'lundberg')).toEqual(expect.objectContaining({ keys: ['lundberg2017', 'lundborg2001'], typos: ['lundborg2001'] }));
    expect(check(fixture, 'lundborg').keys).toEqual(['lundborg2001', 'lundberg2017']);
  });

  it('ranks a match in key or authors above a match in the title', () => {
    const fixture = `
      aa2001 | Smith, Ann | On the method of Lundberg | 2001
      zz2002 | Lundberg, Scott | Other things | 2002`;
    expect(check(fixture, 'lundberg').keys).toEqual(['zz2002', 'aa2001']);
  });

  it('puts the entry whose key is exactly the query first', () => {
    const fixture = `
      smith2017a | Smith, Ann | smith2017 revisited | 2017
      smith2017 | Smith, Bob | Original | 2017
      smith2017b | Smith, Cy | Another | 2017`;
    expect(check(fixture, 'smith2017').keys[0]).toBe('smith2017');
    expect(check(fixture, 'Smith2017B').keys[0]).toBe('smith2017b');
    expect(check('ns:lee-2020 | Lee, Y. | T | 2020\nlee2020 | Lee, Z. | T | 2020', 'ns:lee-2020').keys[0]).toBe('ns:lee-2020');
  });

  it('breaks ties by key, so the order never depends on input order', () => {
    const rows = ['b2000 | Doe, J. | Same title | 2000', 'a2000 | Doe, J. | Same title | 2000', 'c2000 | Doe, J. | Same title | 2000'];
    expect(check(rows.join('\n'), 'doe').keys).toEqual(['a2000', 'b2000', 'c2000']);
    expect(check([...rows].reverse().join('\n'), 'doe').keys).toEqual(['a2000', 'b2000', 'c2000']);
  });

  it('lets a boost (recently cited) lift an otherwise equal match', () => {
    const rows = 'a2000 | Doe, J. | Same title | 2000\nb2000 | Doe, J. | Same title | 2000';
    expect(check(rows, 'doe', { boost: (k) => (k === 'b2000' ? 1 : 0) }).keys).toEqual(['b2000', 'a2000']);
  });

  it('lists boosted entries first, then newest first, for an empty query', () => {
    expect(check(LIBRARY, '').keys).toEqual(['lundberg2019', 'muller2019', 'lundberg2017', 'ribeiro2016', 'lund1999', 'strauss1990']);
    expect(check(LIBRARY, '  ', { boost: (k) => ({ lund1999: 2, ribeiro2016: 1 })[k] ?? 0 }).keys.slice(0, 3)).toEqual(['lund1999', 'ribeiro2016', 'lundberg2019']);
    expect(check(LIBRARY, '', { limit: 2 })).toMatchObject({ keys: ['lundberg2019', 'muller2019'], isIncomplete: true });
  });

  it('reports which fields matched when asked', () => {
    const { matches } = check(LIBRARY, 'unified', { includeMatches: true });
    expect(matches[0]).toEqual(['title']);
  });

  it('caps the list and says it is incomplete when too many entries match', () => {
    const many: SearchDoc[] = Array.from({ length: RANK_LIMIT * 2 }, (_, i) => ({
      key: `key${String(i).padStart(4, '0')}`, authors: 'Doe, Jane', title: `Paper ${i}`, year: '2000', keywords: '',
    }));
    many.push({ key: 'doe', authors: 'Other, A.', title: 'x', year: '1990', keywords: '' });
    const result = check(many, 'doe', { limit: 10 });
    expect(result.keys).toHaveLength(10);
    expect(result.keys[0]).toBe('doe');
    expect(result.isIncomplete).toBe(true);
    const last = RANK_LIMIT * 2 - 1;
    expect(check(many, `paper ${last}`).keys).toEqual([`key${String(last).padStart(4, '0')}`]);
  });

  it('finds any entry first by its exact key (property)', () => {
    const keyArb = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9:_.-]{0,14}$/);
    const docArb = fc.record({
      authors: fc.string({ maxLength: 20 }),
      title: fc.string({ maxLength: 30 }),
      year: fc.stringMatching(/^(19|20)\d\d$/),
      keywords: fc.constant(''),
    });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(keyArb, docArb), { minLength: 1, maxLength: 40, selector: ([k]) => k.toLowerCase() }), fc.nat(), (rows, pick) => {
        const list = rows.map(([key, rest]) => ({ key, ...rest }));
        const target = list[pick % list.length]!;
        expect(check(list, target.key).keys[0]).toBe(target.key);
      }),
      { numRuns: 200 },
    );
  });
});

describe('searchDocFromEntry', () => {
  it('indexes decoded author names without the `and` that joins them', () => {
    const bib = readBibtex(
      String.raw`@article{a, author = {M{\"u}ller, Klaus and Lee, Su-In and others}, title = {T}}
@book{b, editor = {Sand, Ann and {World Health Organization}}, title = {U}}
@article{c, author = {Anderson, Carl}, title = {V}}`,
      'refs.bib',
    );
    const docs = bib.entries.map(searchDocFromEntry);
    expect(docs.map((d) => d.authors)).toEqual(['Müller, Klaus; Lee, Su-In', 'Sand, Ann; World Health Organization', 'Anderson, Carl']);
    // `and` between names is not an author word: the query `and` finds Anderson alone.
    expect(search(buildSearchIndex(docs), 'and').results.map((h) => h.key)).toEqual(['c']);
  });
});

describe('typo candidates', () => {
  it('tries only the words that can be one edit away, and finds all of them', () => {
    // Words made of few letters, so that every kind of edit at every position occurs.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = () => Array.from({ length: 2 + Math.floor(next() * 7) }, () => 'abcde'[Math.floor(next() * 5)]).join('');
    const docs: SearchDoc[] = Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, authors: word(), title: `${word()} ${word()}`, year: '', keywords: '' }));
    const index = buildSearchIndex(docs);
    for (const term of ['abcd', 'bacd', 'eeab', 'dcba', 'aabbc', 'cadeb']) {
      const all = index.vocab.flatMap((w, i) => (w.length >= term.length - 1 && prefixWithinOneEdit(term, w) && !w.startsWith(term) ? [i] : []));
      expect(fuzzyWords(index, term)).toEqual(all);
    }
  });
});

describe('keysEqual', () => {
  it('finds the same docs by scanning the key text as by the map it makes later, duplicates and prefixes included', () => {
    const key = fc.constantFrom('a', 'ab', 'abc', 'b', 'smith2020', 'smith2020a', 'müller', '');
    fc.assert(
      fc.property(fc.array(key, { maxLength: 30 }), fc.array(key, { minLength: 1, maxLength: 10 }), (keys, queries) => {
        const index = buildSearchIndex(keys.map((k) => ({ key: k, authors: '', title: '', year: '', keywords: '' })));
        const folded = (d: number) => index.keyText.slice(index.keyStart[d]!, index.keyStart[d + 1]! - 1);
        const scanned = queries.map((q) => keysEqual(index, q));
        // Past the scans, the map answers.
        for (let i = 0; i < 20; i++) keysEqual(index, 'x');
        expect(index.cache.byKey).toBeDefined();
        expect(queries.map((q) => keysEqual(index, q))).toEqual(scanned);
        for (const [i, q] of queries.entries()) expect(scanned[i]).toEqual(keys.flatMap((_, d) => (folded(d) === q ? [d] : [])));
      }),
    );
  });
});
