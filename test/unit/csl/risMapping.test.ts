// RIS records as reference managers and databases export them, read through citation-js's RIS
// mapping with our gaps filled: each case is a field a user would see wrong or missing otherwise.
import { describe, expect, it } from 'vitest';
import { readRis } from '../../../server/src/core/syntax/bib/ris';

/** The one caller of readRis here: reads one record and compares the fields named in `expected`. */
function check(record: string, expected: Record<string, string | undefined>, type?: string) {
  const file = readRis(`${record.trim()}\nER  - \n`, 'refs.ris');
  expect(file.errors).toEqual([]);
  expect(file.entries).toHaveLength(1);
  const entry = file.entries[0]!;
  const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, entry.fields.get(name)?.raw]));
  expect(actual).toEqual(expected);
  if (type) expect(entry.type).toBe(type);
}

const lines = (...l: string[]) => l.join('\n');

describe('RIS mapping through citation-js', () => {
  it('reads a Zotero journal article, month included', () => {
    check(
      lines(
        'TY  - JOUR',
        'TI  - Deep learning',
        'AU  - LeCun, Yann',
        'AU  - Bengio, Yoshua',
        'T2  - Nature',
        'DA  - 2015/05//',
        'PY  - 2015',
        'DO  - 10.1038/nature14539',
        'VL  - 521',
        'IS  - 7553',
        'SP  - 436',
        'EP  - 444',
        'J2  - Nature',
        'SN  - 1476-4687',
        'Y2  - 2020/01/01/12:00:00',
        'KW  - deep learning',
        'KW  - neural networks',
      ),
      {
        author: 'LeCun, Yann and Bengio, Yoshua',
        title: 'Deep learning',
        journal: 'Nature',
        year: '2015',
        month: '5',
        volume: '521',
        number: '7553',
        pages: '436-444',
        doi: '10.1038/nature14539',
        issn: '1476-4687',
        urldate: '2020-01-01',
        keywords: 'deep learning, neural networks',
      },
      'article',
    );
  });

  it('strips a doi: prefix and takes the full date from DA (EndNote)', () => {
    check(lines('TY  - JOUR', 'AU  - Smith, J.', 'PY  - 2019', 'DA  - 2019/03/02', 'TI  - T', 'T2  - J', 'SP  - 100-110', 'DO  - doi:10.1000/xyz'), {
      doi: '10.1000/xyz',
      date: '2019-03-02',
      pages: '100-110',
    });
  });

  it('keeps the year when DA holds only a month (Web of Science)', () => {
    check(lines('TY  - JOUR', 'AU  - Smith, J', 'TI  - T', 'T2  - J', 'PY  - 2019', 'DA  - MAR'), { year: '2019' });
  });

  it('gives a conference paper its proceedings title and year, not only the event', () => {
    check(
      lines('TY  - CONF', 'TI  - A paper', 'AU  - Speaker, Sam', 'T2  - Proceedings of the Conference', 'A2  - Chair, Carl', 'PB  - ACM', 'SP  - 10', 'EP  - 12', 'PY  - 2019'),
      { booktitle: 'Proceedings of the Conference', year: '2019', editor: 'Chair, Carl', pages: '10-12', publisher: 'ACM' },
      'inproceedings',
    );
  });

  it('keeps the ED editor of a book and a web page access date', () => {
    check(lines('TY  - BOOK', 'TI  - A book', 'AU  - Roe, Richard', 'ED  - Editor, Eve', 'PY  - 2001', 'ET  - 2nd'), { editor: 'Editor, Eve', edition: '2nd' }, 'book');
    check(lines('TY  - ELEC', 'TI  - A page', 'UR  - https://example.org', 'Y2  - 2021/02/03', 'PY  - 2020'), { urldate: '2021-02-03', url: 'https://example.org' }, 'online');
  });

  it('reads a chapter with its book, editor and series', () => {
    check(
      lines('TY  - CHAP', 'TI  - Chapter', 'AU  - Author, Anne', 'T2  - Book Title', 'A2  - Editor, Ed', 'T3  - Series', 'CY  - Oxford', 'PB  - Press', 'SP  - 1', 'EP  - 20', 'PY  - 2001'),
      { booktitle: 'Book Title', editor: 'Editor, Ed', series: 'Series', address: 'Oxford', pages: '1-20' },
      'incollection',
    );
  });

  it('keeps pages given as one SP range and a report number', () => {
    check(lines('TY  - CHAP', 'TI  - C', 'T2  - B', 'SP  - 179-183', 'PY  - 2001'), { pages: '179-183' });
    check(lines('TY  - RPRT', 'TI  - A report', 'AU  - World Health Organization', 'PB  - WHO', 'PY  - 2020', 'IS  - TR-42'), {
      author: '{World Health Organization}',
      institution: 'WHO',
      number: 'TR-42',
    });
  });

  it('reads PubMed tags (T1, JO, Y1, N2) and single-field names', () => {
    check(lines('TY  - JOUR', 'AU  - Smith J', 'T1  - From PubMed.', 'JO  - Nature', 'Y1  - 2019/03/02', 'N2  - Abstract.', 'AU  - Plato'), {
      author: '{Smith J} and Plato',
      title: 'From PubMed.',
      journal: 'Nature',
      date: '2019-03-02',
      abstract: 'Abstract.',
    });
  });

  it('reads a record of an unknown or lower-case type instead of dropping its fields', () => {
    check(lines('TY  - XYZ', 'TI  - Unknown type', 'AU  - Doe, Jane', 'PY  - 2000'), { title: 'Unknown type', author: 'Doe, Jane', year: '2000' }, 'misc');
    check(lines('TY  - journ', 'TI  - Lower case', 'PY  - 2000'), { title: 'Lower case' }, 'article');
  });

  it('takes the first of repeated single-valued tags', () => {
    check(lines('TY  - JOUR', 'TI  - First', 'TI  - Second', 'PY  - 2000', 'PY  - 2001'), { title: 'First', year: '2000' });
  });
});
