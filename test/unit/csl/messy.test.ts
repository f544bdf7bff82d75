// Messy CSL items as they come from Crossref, hand-written Pandoc YAML and scripts: read through
// citation-js's CSL normalisation into the fields, hovers and keys a user expects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CslItem } from '../../../server/src/core/syntax/bib/cslItem';
import { readCslJson, readCslYaml } from '../../../server/src/core/syntax/bib/csl';
import type { BibFile } from '../../../server/src/core/model/entry';
import { formatReferences } from '../../../server/src/core/format/format';

const apa = { id: 'apa', xml: readFileSync(join(__dirname, '..', '..', '..', 'data', 'styles', 'apa.csl'), 'utf8') };

const messyJson = `[
  {"id": "crossref", "type": "journal-article", "title": ["Deep learning"], "container-title": ["Nature"],
   "author": [{"family": "LeCun", "given": "Yann"}], "issued": {"date-parts": [["2015", "5", "28"]]},
   "page": 436, "volume": 521, "ISSN": ["0028-0836", "1476-4687"]},
  {"id": "strings", "type": "Book", "title": "A book", "author": ["Doe, Jane", "World Health Organization"],
   "editor": "Roe, Richard", "issued": "2020-05-03", "publisher": "Press"},
  {"id": 7, "type": "book-chapter", "title": "A chapter", "container-title": "Collected",
   "issued": {"date-parts": [2019, 4]}, "accessed": 2021, "keyword": ["a", "b"], "license": "CC-BY"}
]`;

const messyYaml = `---
references:
- id: pandoc
  type: article-journal
  author:
  - Doe, Jane
  - family: Roe
    given: Richard
  issued: 2021-06-14
  title: Pandoc item
  container-title: Journal
  volume: 3
- id: oldstyle
  type: book
  title: Old style date
  issued:
    year: 1999
    month: 3
---
`;

/** The one check: the named fields of the entry under `key`, and its APA hover text. */
function check(file: BibFile, key: string, fields: Record<string, string>, hover: string) {
  expect(file.errors).toEqual([]);
  const entry = file.entries.find((e) => e.key === key);
  expect(entry).toBeDefined();
  const actual = Object.fromEntries(Object.keys(fields).map((name) => [name, entry?.fields.get(name)?.raw]));
  expect(actual).toEqual(fields);
  const notes: string[] = [];
  expect(formatReferences([entry?.csl as CslItem], apa, 'text', notes)).toEqual([hover]);
  expect(notes).toEqual([]);
}

describe('messy CSL-JSON', () => {
  const file = readCslJson(messyJson, 'messy.json');

  it('reads Crossref shapes: type alias, title lists, numbers where text belongs, date-parts as strings', () => {
    expect(file.entries.find((e) => e.key === 'crossref')?.type).toBe('article');
    check(
      file,
      'crossref',
      { title: 'Deep learning', journal: 'Nature', date: '2015-05-28', pages: '436', volume: '521', issn: '0028-0836' },
      'LeCun, Y. (2015). Deep learning. Nature, 521, 436.',
    );
  });

  it('splits "Family, Given" strings, keeps an organisation whole and reads a date written as text', () => {
    expect(file.entries.find((e) => e.key === 'strings')?.type).toBe('book');
    check(
      file,
      'strings',
      { author: 'Doe, Jane and {World Health Organization}', editor: 'Roe, Richard', date: '2020-05-03' },
      // pandoc 2.17 prints the comma before `&` that APA's delimiter-precedes-last asks for.
      'Doe, J., & World Health Organization. (2020). A book (R. Roe, Ed.). Press.',
    );
  });

  it('reads a numeric id, date-parts without their outer list, a bare year and a keyword list', () => {
    expect(file.entries.find((e) => e.key === '7')?.type).toBe('incollection');
    check(file, '7', { year: '2019', month: '4', urldate: '2021', keywords: 'a, b', booktitle: 'Collected' }, 'A chapter. (2019). In Collected.');
    expect(file.entries.find((e) => e.key === '7')?.csl?.license).toBe('CC-BY');
  });
});

describe('messy CSL-YAML', () => {
  const file = readCslYaml(messyYaml, 'messy.yaml');

  it('reads Pandoc YAML with string names and an unquoted date', () => {
    check(file, 'pandoc', { author: 'Doe, Jane and Roe, Richard', date: '2021-06-14', volume: '3' }, 'Doe, J., & Roe, R. (2021). Pandoc item. Journal, 3.');
  });

  it('reads the old {year, month} date form', () => {
    check(file, 'oldstyle', { year: '1999', month: '3' }, 'Old style date. (1999).');
  });
});

describe('CSL values of any shape', () => {
  const variables = ['type', 'title', 'author', 'editor', 'issued', 'accessed', 'volume', 'page', 'keyword', 'note', 'container-title', 'ISBN', 'custom'];

  it('never throw, and the item is kept under its id', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...variables), fc.jsonValue({ maxDepth: 3 })), (fields) => {
        const text = JSON.stringify([{ ...fields, id: 'k' }]);
        const file = readCslJson(text, 'any.json');
        expect(file.entries.map((e) => e.key)).toEqual(['k']);
        formatReferences([file.entries[0]?.csl as CslItem], apa, 'text');
      }),
      { numRuns: 300 },
    );
  });
});
