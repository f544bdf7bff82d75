// Splitting a pasted list into references.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitReferences } from '../../../server/src/core/refs/split';

function check(text: string, expected: string[]): void {
  const { refs } = splitReferences(text);
  expect(refs.map((r) => r.text)).toEqual(expected);
  for (const r of refs) expect(text.slice(r.span.start, r.span.end).length).toBeGreaterThan(0);
}

describe('splitReferences', () => {
  it('drops link words and keeps an annotation line with its reference', () => {
    check('A, B. One. J. 1, 2 (2020).\n\nArticle\u00a0\n\nGoogle Scholar\n \nC, D. Two. J. 3, 4 (2021).\nThis article matters.\nPubMed\nE, F. Three (2022).', [
      'A, B. One. J. 1, 2 (2020).', 'C, D. Two. J. 3, 4 (2021). This article matters.', 'E, F. Three (2022).',
    ]);
  });

  it('splits numbered lists and joins their wrapped lines', () => {
    check('1. Smith J. A title. J Med.\n   2020;1:2.\n2. Doe A. Another. Lancet. 2021;3:4.', ['Smith J. A title. J Med. 2020;1:2.', 'Doe A. Another. Lancet. 2021;3:4.']);
    check('[1] A. Smith, “T,” J., 2020.\n[2] B. Doe, “U,” K., 2021.', ['A. Smith, “T,” J., 2020.', 'B. Doe, “U,” K., 2021.']);
  });

  it('joins a reference wrapped over several lines when paragraphs separate references', () => {
    check('Smith, J. A title about\nsomething. J. 1, 2 (2020).\n\nDoe, A. Another title. K. 3, 4 (2021).', [
      'Smith, J. A title about something. J. 1, 2 (2020).', 'Doe, A. Another title. K. 3, 4 (2021).',
    ]);
  });

  it('a stray line after a complete reference stays apart from it', () => {
    check('Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.\nxx yy\nde Geer, I. (1985). Earl, saint, bishop, skald. Uppsala Universitet.', [
      'Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.', 'xx yy', 'de Geer, I. (1985). Earl, saint, bishop, skald. Uppsala Universitet.',
    ]);
  });

  it('a particle opening a Vancouver-style name starts a reference after one that ends in a word', () => {
    check('Lund T (1990) A Study of Fonts. PhD thesis. Uppsala Universitet, Uppsala.\nvan Dam KL (2001) Type Design. 2nd ed. London: Hill.', [
      'Lund T (1990) A Study of Fonts. PhD thesis. Uppsala Universitet, Uppsala.', 'van Dam KL (2001) Type Design. 2nd ed. London: Hill.',
    ]);
  });

  it('finds the 254 references of the seed list', () => {
    const path = 'data/seed/000_3aefbbeb1e6ff4c7.txt';
    if (!existsSync(path)) return void console.warn(`skipped: ${path} not found`);
    expect(splitReferences(readFileSync(path, 'utf8')).refs).toHaveLength(254);
  });
});

describe('splitReferences on rendered lists', () => {
  // The development styles only: the held-back part is reported by `npm run accuracy` (split column)
  // and its failures are not read, so a test on it could only be fixed by fitting it.
  it('finds every reference of each list rendered in a development style, pasted whole, numbered or not', () => {
    for (const name of ['csl-dev.json']) {
      const gold = JSON.parse(readFileSync(`test/gold/${name}`, 'utf8')) as { sets: { style: string; renderer: string; references: { text: string }[] }[] };
      for (const set of gold.sets) {
        const found = splitReferences(set.references.map((r) => r.text).join('\n')).refs.length;
        expect({ style: set.style, renderer: set.renderer, found }).toEqual({ style: set.style, renderer: set.renderer, found: set.references.length });
      }
    }
  });
});
