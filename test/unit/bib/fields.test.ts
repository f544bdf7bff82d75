// Reading entries through fields.ts: decoded text, people with editor fallback, year, labels, search text.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import type { BibEntry } from '../../../server/src/core/model/entry';
import { authorLabel, entryPeople, entrySearchText, entryTitle, entryYear, fieldText } from '../../../server/src/core/syntax/bib/fields';

/** Reads the one entry of `bib` and compares what each accessor shows. */
function check(bib: string, expected: { title?: string; year?: string; label?: string; search?: string; field?: [string, string]; editors?: string }) {
  const entry = readBibtex(bib, 'refs.bib').entries[0] as BibEntry;
  if (expected.title !== undefined) expect(entryTitle(entry)).toBe(expected.title);
  if (expected.year !== undefined) expect(entryYear(entry)).toBe(expected.year);
  if (expected.label !== undefined) expect(authorLabel(entry)).toBe(expected.label);
  if (expected.search !== undefined) expect(entrySearchText(entry)).toBe(expected.search);
  if (expected.field) expect(fieldText(entry, expected.field[0])).toBe(expected.field[1]);
  if (expected.editors !== undefined) expect(entryPeople(entry, 'editor').people.map((p) => p.family).join(';')).toBe(expected.editors);
  return entry;
}

describe('fields', () => {
  it('decodes titles and fields, and gives absent fields as empty text', () => {
    check('@article{a, title = {{\\"U}ber die M{\\"o}glichkeit der {Conjunktion}}, year = 1892}', {
      title: 'Über die Möglichkeit der Conjunktion', year: '1892', field: ['journal', ''],
    });
  });

  it('takes the year from date when there is no year field', () => {
    check('@online{a, date = {2017-05-04}}', { year: '2017' });
    check('@book{a, date = {1998/2000}}', { year: '1998' });
    check('@book{a, year = {{\\noopsort{1973b}}1973}}', { year: '1973' });
  });

  it('labels authors, falling back to editors when there is no author', () => {
    check('@article{a, author = {Lundberg, Scott and Lee, Su-In and Erion, Gabriel}}', { label: 'Lundberg et al.' });
    check('@collection{a, editor = {Jaff{\\\'e}, Philipp}}', { label: 'Jaffé', editors: 'Jaffé' });
    check('@misc{a, title = {Anonymous}}', { label: '' });
  });

  it('builds lower-case, accent-folded search text from key, names, title, year, keywords and venue', () => {
    check(
      '@article{aksin2006, author = {Aks{\\i}n, {\\"O}zge and {\\L}ukasz Gro{\\ss}}, title = {Effect of {Immobilization} on~Catalytic},\n' +
        ' journaltitle = {J.~Organomet. Chem.}, date = 2006, keywords = {chemistry, Catalysis}, abstract = {not searched}}',
      { search: 'aksin2006 ozge aksin lukasz gross effect of immobilization on catalytic 2006 chemistry, catalysis j. organomet. chem.' },
    );
  });

  it('returns the raw value of entries that were not read from BibTeX, and reads their people plainly', () => {
    const entry: BibEntry = {
      key: 'who2020', type: 'report', file: 'refs.json', format: 'csl-json',
      span: { start: 0, end: 0 }, keySpan: { start: 0, end: 0 },
      fields: new Map([
        ['title', { name: 'title', raw: 'Pages 10--20 of 50% {braces} stay' }],
        ['author', { name: 'author', raw: '{World Health Organization} and van der Berg, Anna' }],
      ]),
    };
    expect(entryTitle(entry)).toBe('Pages 10--20 of 50% {braces} stay');
    expect(entryPeople(entry).people).toEqual([
      { family: 'World Health Organization', literal: 'World Health Organization' },
      { family: 'Berg', prefix: 'van der', given: 'Anna' },
    ]);
    expect(authorLabel(entry)).toBe('World Health Organization and van der Berg');
  });
});
