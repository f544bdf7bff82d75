// BibTeX/BibLaTeX entries mapped to CSL items: types, names, dates, pages, containers, ids.
// The corpus checks read /work/shared and are skipped, with a message, when it is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { readCslJson } from '../../../server/src/core/syntax/bib/csl';
import type { CslItem } from '../../../server/src/core/syntax/bib/cslItem';
import { toCsl } from '../../../server/src/core/syntax/bib/toCsl';
import { formatReferences } from '../../../server/src/core/format/format';

/** The one caller of toCsl for BibTeX text: the item of the entry with that key. */
function csl(bibtex: string, key: string): CslItem {
  const entry = readBibtex(bibtex, 'refs.bib').entries.find((e) => e.key === key);
  if (!entry) throw new Error(`no entry ${key}`);
  return toCsl(entry);
}

describe('toCsl on small entries', () => {
  it('maps an article: type, names with particles, month macro, page range, DOI', () => {
    const item = csl(
      `@article{a, author = {van Gogh, Vincent and M{\\"u}ller, J{\\"o}rg and {World Health Organization} and Smith, Jr., John},
        title = {Sunflowers}, journal = {Art {Q}uarterly}, year = 1888, month = aug, volume = 3, number = {2},
        pages = {10--20}, doi = {https://doi.org/10.1/ABC}, url = {https://example.org/a}}`,
      'a',
    );
    expect(item).toMatchObject({
      id: 'a',
      type: 'article-journal',
      title: 'Sunflowers',
      'container-title': 'Art Quarterly',
      issued: { 'date-parts': [[1888, 8]] },
      volume: '3',
      issue: '2',
      page: '10–20',
      DOI: '10.1/ABC',
      URL: 'https://example.org/a',
    });
    expect(item.author).toEqual([
      { family: 'Gogh', given: 'Vincent', 'non-dropping-particle': 'van' },
      { family: 'Müller', given: 'Jörg' },
      { literal: 'World Health Organization' },
      { family: 'Smith', given: 'John', suffix: 'Jr.' },
    ]);
  });

  it('reads BibLaTeX dates, ranges and urldate', () => {
    const item = csl('@online{o, title = {Page}, date = {2020-05-03/2020-06}, urldate = {2021-01-02}, url = {https://x.org}}', 'o');
    expect(item.type).toBe('webpage');
    expect(item.issued).toEqual({ 'date-parts': [[2020, 5, 3], [2020, 6]] });
    expect(item.accessed).toEqual({ 'date-parts': [[2021, 1, 2]] });
    expect(csl('@book{b, title = {T}, year = {in press}}', 'b').issued).toEqual({ literal: 'in press' });
  });

  it('ignores a date biber cannot read when a year stands beside it, as biber does', () => {
    // nime_papers.bib writes the conference days into `date`; "1-2 April" is not the year 1.
    expect(csl('@inproceedings{p, title = {T}, year = {2001}, date = {1-2 April, 2001}}', 'p').issued).toEqual({ 'date-parts': [[2001]] });
    expect(csl('@inproceedings{p, title = {T}, date = {1-2 April, 2001}}', 'p').issued).toEqual({ 'date-parts': [[2001, 4]] });
    expect(csl('@inproceedings{p, title = {T}, date = {spring}}', 'p').issued).toEqual({ literal: 'spring' });
    expect(csl('@book{b, title = {T}, year = {1988}, date = {1988/2009}}', 'b').issued).toEqual({ 'date-parts': [[1988], [2009]] });
  });

  it('reads the number of a biblatex @review as its issue, and a report type key as words', () => {
    expect(csl('@review{r, journaltitle = {J}, volume = 67, number = 3, pages = {443--445}}', 'r')).toMatchObject({ type: 'review', volume: '67', issue: '3' });
    expect(csl('@report{r, title = {T}, type = {resreport}, institution = {IBM}, number = {RC-6947}}', 'r')).toMatchObject({ genre: 'Research report', number: 'RC-6947' });
  });

  it('maps chapters, reports and theses to containers, publishers and genres', () => {
    const chapter = csl('@incollection{c, title = {Ch}, booktitle = {Book}, editor = {Doe, Jane}, publisher = {P}, address = {Oslo}, series = {S}, number = 4}', 'c');
    expect(chapter).toMatchObject({ type: 'chapter', 'container-title': 'Book', publisher: 'P', 'publisher-place': 'Oslo', 'collection-title': 'S', 'collection-number': '4' });
    expect(chapter.editor).toEqual([{ family: 'Doe', given: 'Jane' }]);
    expect(csl('@techreport{r, title = {R}, institution = {MIT}, number = {TR-1}}', 'r')).toMatchObject({ type: 'report', publisher: 'MIT', number: 'TR-1' });
    expect(csl('@phdthesis{t, title = {T}, school = {ETH}}', 't')).toMatchObject({ type: 'thesis', publisher: 'ETH', genre: 'PhD thesis' });
    expect(csl('@thesis{t, title = {T}, type = {mathesis}, institution = {UCL}}', 't')).toMatchObject({ type: 'thesis', publisher: 'UCL', genre: "Master's thesis" });
  });

  it('turns an arXiv eprint into a preprint with number and URL', () => {
    const item = csl('@misc{x, author = {Lee, A}, title = {P}, year = 2021, eprint = {2101.00001}, archiveprefix = {arXiv}}', 'x');
    expect(item).toMatchObject({ number: 'arXiv:2101.00001', URL: 'https://arxiv.org/abs/2101.00001', publisher: 'arXiv', archive: 'arXiv' });
  });

  it('returns the original item for entries read from CSL-JSON', () => {
    const file = readCslJson('[{"id": "k", "type": "motion_picture", "title": "Film", "dimensions": "90 min"}]', 'x.json');
    const entry = file.entries[0];
    expect(entry && toCsl(entry)).toEqual({ id: 'k', type: 'motion_picture', title: 'Film', dimensions: '90 min' });
  });
});

const corpus = '/work/shared/corpus';
const haveCorpus = existsSync(join(corpus, 'xampl.bib')) && existsSync(join(corpus, 'biblatex-examples.bib'));
if (!haveCorpus) console.warn(`toCsl corpus tests skipped: ${corpus} is absent`);

describe.skipIf(!haveCorpus)('toCsl on the real corpus', () => {
  const read = (name: string) => readBibtex(readFileSync(join(corpus, name), 'utf8'), name);
  const items = new Map<string, CslItem>();
  for (const file of haveCorpus ? [read('xampl.bib'), read('biblatex-examples.bib')] : []) for (const e of file.entries) items.set(e.key, toCsl(e));
  const get = (key: string) => items.get(key) as CslItem;

  it('maps a dozen entries of xampl.bib and biblatex-examples.bib', () => {
    expect(get('article-full')).toMatchObject({ type: 'article-journal', 'container-title': "G-Animal's Journal", volume: '41', issue: '7', page: '73+', issued: { 'date-parts': [[1986, 7]] } });
    expect(get('article-full').author).toEqual([{ family: 'Aamport', given: 'L[eslie] A.' }]);
    expect(get('incollection-full')).toMatchObject({ type: 'chapter', 'container-title': 'High Speed Computer and Algorithm Organization', page: '179–183', edition: 'Third', publisher: 'Academic Press', 'publisher-place': 'New York' });
    expect((get('incollection-full').editor as unknown[]).length).toBe(3);
    expect(get('inproceedings-full')).toMatchObject({ type: 'paper-conference', page: '133–139', 'container-title': 'Proc. Fifteenth Annual ACM Symposium on the Theory of Computing' });
    expect(get('phdthesis-full')).toMatchObject({ type: 'thesis', publisher: 'Fanstord University', genre: 'PhD Dissertation' });
    expect(get('techreport-full')).toMatchObject({ type: 'report', publisher: 'Fanstord University', number: '7' });
    expect(get('book-full')).toMatchObject({ type: 'book' });
    expect(get('manual-full').type).toBe('report');
    expect(get('unpublished-full').type).toBe('manuscript');
    expect(get('aksin')).toMatchObject({ type: 'article-journal', volume: '691', issue: '13', page: '3027–3036', issued: { 'date-parts': [[2006]] } });
    expect((get('aksin').author as { family: string }[]).map((a) => a.family)).toEqual(['Aksın', 'Türkmen', 'Artok', 'Çetinkaya', 'Ni', 'Büyükgüngör', 'Özkal']);
    expect(get('sigfridsson')).toMatchObject({ DOI: '10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P', 'container-title': 'Journal of Computational Chemistry', language: 'en-US' });
    expect(get('itzhaki')).toMatchObject({ type: 'webpage', issued: { 'date-parts': [[1996, 3, 11]] }, URL: 'https://arxiv.org/abs/hep-th/9603067' });
    expect(get('loh')).toMatchObject({ type: 'thesis', genre: "Master's thesis", publisher: 'Massachusetts Institute of Technology', 'publisher-place': 'Cambridge, Mass.' });
    expect(get('kastenholz')).toMatchObject({ volume: '124', number: '124106', DOI: '10.1063/1.2172593' });
    expect(get('kastenholz').title).toMatch(/: I\. The electrostatic potential in molecular liquids$/);
  });

  it('gives every corpus entry an id, a type and a rendering in APA', () => {
    const apa = { id: 'apa', xml: readFileSync(join(__dirname, '..', '..', '..', 'data', 'styles', 'apa.csl'), 'utf8') };
    const all = [...items.values()];
    expect(all.length).toBe(36 + 92);
    const notes: string[] = [];
    const refs = formatReferences(all, apa, 'text', notes);
    expect(notes).toEqual([]);
    expect(refs.every((r) => r.length > 0)).toBe(true);
    expect(refs[all.findIndex((i) => i.id === 'sigfridsson')]).toBe(
      'Sigfridsson, E., & Ryde, U. (1998). Comparison of methods for deriving atomic charges from the electrostatic potential and moments. Journal of Computational Chemistry, 19(4), 377–395. https://doi.org/10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P',
    );
  });
});
