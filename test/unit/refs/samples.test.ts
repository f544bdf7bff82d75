// The sample manuscripts cite dozens of bundled entries, and exactly the two unknown keys per file
// that data/README.md lists (a Quarto cross-reference and an e-mail address are not citations).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bibtexKeys } from '../../../server/src/core/syntax/bib/keys';
import { findCitations } from '../../../server/src/core/syntax/cite/index';

const known = bibtexKeys(readFileSync('data/transparency-review.bib', 'utf8'));

function check(file: string, lang: 'markdown' | 'latex', unknown: string[]): void {
  const { citations, errors } = findCitations(readFileSync(file, 'utf8'), lang);
  expect(errors).toEqual([]);
  const keys = new Set(citations.filter((c) => !c.all).map((c) => c.key));
  expect([...keys].filter((k) => !known.has(k)).sort()).toEqual([...unknown].sort());
  expect(keys.size - unknown.length).toBeGreaterThanOrEqual(30);
  expect(new Set(citations.map((c) => c.kind))).toEqual(new Set(['normal', 'textual', 'suppress-author', ...(lang === 'latex' ? ['nocite'] : [])]));
}

describe('sample manuscripts', () => {
  it('review.md: two unknown keys, no false citations', () => {
    check('data/sample/review.md', 'markdown', ['rajpurkar2023curent', 'smith2099imaginary']);
  });

  it('review.tex: two unknown keys', () => {
    check('data/sample/review.tex', 'latex', ['gerke2020neeed', 'doe2031phantom']);
  });
});
