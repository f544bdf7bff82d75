// Property tests: the reader never throws and never hangs, and damage stays local to the entry it hits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBibtex, readBibtexComments } from '../../../server/src/core/syntax/bib/bibtex';
import { decodeBytes } from '../../../server/src/core/syntax/bib/encoding';
import type { BibFile } from '../../../server/src/core/model/entry';
import { authorLabel, entrySearchText } from '../../../server/src/core/syntax/bib/fields';
import { corpus, corpusBytes } from './corpus';

/** Reads `text` and every entry's derived text; checks that spans are well-formed. The only caller of the reader here. */
function check(text: string): BibFile {
  const bib = readBibtex(text, 'fuzz.bib');
  readBibtexComments([text]);
  for (const e of bib.entries) {
    expect(e.span.start).toBeGreaterThanOrEqual(0);
    expect(e.span.end).toBeLessThanOrEqual(text.length);
    expect(e.keySpan.start).toBeGreaterThanOrEqual(e.span.start);
    expect(text.slice(e.keySpan.start, e.keySpan.end)).toBe(e.key);
    for (const f of e.fields.values()) if (f.end !== undefined) expect(f.end).toBeLessThanOrEqual(e.span.end);
    entrySearchText(e);
    authorLabel(e);
  }
  for (const err of bib.errors) expect(err.span.end).toBeLessThanOrEqual(text.length);
  return bib;
}

const bibChars = fc.constantFrom(...'@{}()"#,=%\\ \n\r\tabcA1~$-`\'_é'.split(''));
const bibLike = fc.array(fc.oneof(bibChars, fc.constantFrom('@article{', 'title = {', ' and ', '\\"{o}', '@string{', '@comment{', '}\n', ' # ')), { maxLength: 400 }).map((parts) => parts.join(''));

describe('reader robustness', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 2000 }), bibLike), (text) => void check(text)), { numRuns: 400 });
  });

  describe.skipIf(!corpus)('on a real file', () => {
    const text = corpus ? decodeBytes(corpusBytes('biblatex-examples.bib')).text : '';
    const original = corpus ? readBibtex(text, 'x.bib') : undefined;

    it('never throws on truncations and keeps every entry that ends before the cut', () => {
      fc.assert(
        fc.property(fc.nat({ max: text.length }), (cut) => {
          const bib = check(text.slice(0, cut));
          const whole = original?.entries.filter((e) => e.span.end <= cut).map((e) => e.key) ?? [];
          expect(bib.entries.map((e) => e.key)).toEqual(expect.arrayContaining(whole));
        }),
        { numRuns: 150 },
      );
    });

    it('loses only the entries around inserted garbage', () => {
      fc.assert(
        fc.property(fc.nat({ max: text.length }), fc.oneof(fc.string({ maxLength: 40 }), bibLike), (at, garbage) => {
          const bib = check(text.slice(0, at) + garbage + text.slice(at));
          const lineEnd = text.indexOf('\n', at);
          // Garbage that opens an entry (`@article{`) takes the next entry's header as its key, as
          // BibTeX 0.99d reads it too ("I didn't find a database entry" for that next entry): the
          // garbage hits the entry it opens and the one after it, nothing further.
          const opens = /@[A-Za-z]+\s*[{(][^,}]*$/.test(garbage);
          const hit = opens ? original?.entries.find((e) => e.span.start > at) : undefined;
          const safe = original?.entries.filter((e) => e !== hit && (e.span.end <= at || (lineEnd >= 0 && e.span.start > lineEnd))) ?? [];
          const keys = new Set(bib.entries.map((e) => e.key));
          expect(safe.filter((e) => !keys.has(e.key)).map((e) => e.key)).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  });
});
