// Formatting references with the shipped CSL styles: exact strings (each checked against pandoc's
// citeproc with the same style file; test/unit/csl/oracle.test.ts does that for the corpus), order and
// numbering, `and others`, HTML that stays inert, and the plain fallback.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CslItem } from '../../../server/src/core/syntax/bib/cslItem';
import { formatBibliography, formatReferences, prepareStyle, type StyleSpec } from '../../../server/src/core/format/format';
import { escapeMarkdown, formatPlain } from '../../../server/src/core/format/plain';

const stylesDir = join(__dirname, '..', '..', '..', 'data', 'styles');
const styleIds = readdirSync(stylesDir).filter((f) => f.endsWith('.csl')).map((f) => f.slice(0, -4));
// One object per style, as the host keeps them: engines are memoised on the object.
const styles = new Map<string, StyleSpec>();
const style = (id: string): StyleSpec => {
  let s = styles.get(id);
  if (!s) styles.set(id, (s = { id, xml: readFileSync(join(stylesDir, `${id}.csl`), 'utf8') }));
  return s;
};

const lecun: CslItem = {
  id: 'lecun2015',
  type: 'article-journal',
  title: 'Deep learning',
  author: [
    { family: 'LeCun', given: 'Yann' },
    { family: 'Bengio', given: 'Yoshua' },
    { family: 'Hinton', given: 'Geoffrey' },
  ],
  'container-title': 'Nature',
  volume: '521',
  issue: '7553',
  page: '436-444',
  issued: { 'date-parts': [[2015, 5, 28]] },
  DOI: '10.1038/nature14539',
};

const who: CslItem = {
  id: 'who2020',
  type: 'report',
  title: 'World health statistics',
  author: [{ literal: 'World Health Organization' }],
  publisher: 'WHO',
  issued: { 'date-parts': [[2020]] },
};

/** The one caller of formatReferences for single items. */
function check(styleId: string, item: CslItem, format: 'text' | 'html', expected: string) {
  const notes: string[] = [];
  expect(formatReferences([item], style(styleId), format, notes)).toEqual([expected]);
  expect(notes).toEqual([]);
}

describe('formatReferences', () => {
  it('ships every listed style as an independent style citeproc accepts', () => {
    for (const id of styleIds) {
      expect(style(id).xml).not.toContain('independent-parent');
      expect(prepareStyle(style(id))).toBe(true);
    }
  });

  it('formats a journal article in Nature style, without the citation number', () => {
    check('nature', lecun, 'text', 'LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. Nature 521, 436–444 (2015).');
    check('nature', lecun, 'html', 'LeCun, Y., Bengio, Y. &#38; Hinton, G. Deep learning. <i>Nature</i> <b>521</b>, 436–444 (2015).');
    check('nature', who, 'text', 'World Health Organization. World health statistics. (2020).');
  });

  it('formats the same article in APA, Vancouver and Chicago author-date', () => {
    check('apa', lecun, 'text', 'LeCun, Y., Bengio, Y., & Hinton, G. (2015). Deep learning. Nature, 521(7553), 436–444. https://doi.org/10.1038/nature14539');
    check('apa', lecun, 'html', 'LeCun, Y., Bengio, Y., &#38; Hinton, G. (2015). Deep learning. <i>Nature</i>, <i>521</i>(7553), 436–444. https://doi.org/10.1038/nature14539');
    check('vancouver', lecun, 'text', 'LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015 May 28;521(7553):436–44.');
    check(
      'chicago-author-date',
      lecun,
      'text',
      'LeCun, Yann, Yoshua Bengio, and Geoffrey Hinton. 2015. “Deep Learning.” Nature 521 (7553): 436–44. https://doi.org/10.1038/nature14539.',
    );
  });

  it('renders an "others" marker as each style truncates a list: its et-al. term, delimiter and count', () => {
    const others = { literal: 'others' };
    const two: CslItem = { ...lecun, author: [{ family: 'Lundberg', given: 'Scott M.' }, { family: 'Lee', given: 'Su-In' }, others] };
    const one: CslItem = { ...lecun, author: [{ family: 'Lundberg', given: 'Scott M.' }, others] };
    // Expected strings are pandoc's (citeproc-hs) for the same style files and items.
    check('nature', two, 'text', 'Lundberg, S. M., Lee, S.-I., et al. Deep learning. Nature 521, 436–444 (2015).');
    check('nature', one, 'text', 'Lundberg, S. M. et al. Deep learning. Nature 521, 436–444 (2015).');
    check('ieee', two, 'text', 'S. M. Lundberg, S.-I. Lee, et al., “Deep learning,” Nature, vol. 521, no. 7553, pp. 436–444, May 2015, doi: 10.1038/nature14539.');
    check('vancouver', one, 'text', 'Lundberg SM et al. Deep learning. Nature. 2015 May 28;521(7553):436–44.');
    check('chicago-author-date', two, 'text', 'Lundberg, Scott M., Su-In Lee, et al. 2015. “Deep Learning.” Nature 521 (7553): 436–44. https://doi.org/10.1038/nature14539.');
    // Six names and the marker reach Nature's et-al-min of 6: truncated to the first, as pandoc does.
    const five: CslItem = { ...lecun, author: [...['A', 'B', 'C', 'D', 'E'].map((f): Record<string, string> => ({ family: f, given: 'X' })), others] };
    check('nature', five, 'text', 'A, X. et al. Deep learning. Nature 521, 436–444 (2015).');
    // The same words as a family name, or another spelling, are the same marker.
    check('nature', { ...one, author: [{ family: 'Lundberg', given: 'Scott M.' }, { family: 'et al.' }] }, 'text', 'Lundberg, S. M. et al. Deep learning. Nature 521, 436–444 (2015).');
  });

  it('initialises hyphenated given names as pandoc does: a part in lower case is left out', () => {
    // Expected strings are pandoc 2.17's output for the same item and style files.
    const item: CslItem = {
      id: 'lee1988',
      type: 'book',
      title: 'T',
      publisher: 'P',
      author: [
        { family: 'Lee', given: 'Ming-chih Yeh' },
        { family: 'Picard', given: 'Jean-Luc' },
        { family: 'Cruz', given: 'Ana-maría' },
      ],
      issued: { 'date-parts': [[1988]] },
    };
    const one = (id: string) => formatReferences([item], style(id), 'text')[0];
    expect(one('american-medical-association')).toBe('Lee MY, Picard JL, Cruz A. T. P; 1988.');
    expect(one('apa')).toBe('Lee, M. Y., Picard, J.-L., & Cruz, A. (1988). T. P.');
    expect(one('ieee')).toContain('M. Y. Lee, J.-L. Picard, and A. Cruz');
    // Styles that print given names in full keep them as written.
    expect(one('chicago-author-date')).toContain('Lee, Ming-chih Yeh, Jean-Luc Picard, and Ana-maría Cruz');
  });

  it('moves a period or comma into a quotation only where pandoc does: one it directly follows', () => {
    // Expected strings are pandoc 2.17's output for the same items and style files.
    const book: CslItem = { id: 'averroes', type: 'book', title: 'Des A: “Über B” oder “Über C”', author: [{ family: 'Doe', given: 'Jane' }], publisher: 'P', issued: { 'date-parts': [[1892]] } };
    const article = (title: string): CslItem => ({ id: 'a', type: 'article-journal', title, author: [{ family: 'Roe', given: 'Jim' }], 'container-title': 'Journal', volume: '3', page: '1-5', issued: { 'date-parts': [[1990]] } });
    // The title's own quotation ends inside its italics: the period stays after them.
    check('chicago-author-date', book, 'text', 'Doe, Jane. 1892. Des A: “Über B” Oder “Über C”. P.');
    check('ieee', book, 'text', 'J. Doe, Des A: “Über B” oder “Über C”. P, 1892.');
    // Vancouver prints the title upright, so the period follows the quotation directly.
    check('vancouver', book, 'text', 'Doe J. Des A: “Über B” oder “Über C.” P; 1892.');
    // The style's quotation takes the punctuation, the title's own one inside it does not.
    check('chicago-author-date', article('A study of “things”'), 'text', 'Roe, Jim. 1990. “A Study of ‘Things’.” Journal 3: 1–5.');
    check('ieee', article('A study of “things”'), 'text', 'J. Roe, “A study of ‘things’,” Journal, vol. 3, pp. 1–5, 1990.');
    check('ieee', article('Why “not?”'), 'text', 'J. Roe, “Why ‘not?’” Journal, vol. 3, pp. 1–5, 1990.');
  });

  it('joins the punctuation around an absent variable as pandoc does', () => {
    // Expected strings are pandoc 2.17's output for the same items and style files.
    const chapter: CslItem = { id: 'kohl', type: 'chapter', author: [{ family: 'Kohlmeyer', given: 'K.' }], editor: [{ family: 'Gehrig', given: 'U.' }], 'container-title': 'Tierbilder aus vier Jahrtausenden', page: '20-29', 'publisher-place': 'Mainz', issued: { 'date-parts': [[1983]] } };
    const noVolume: CslItem = { id: 'mast', type: 'article-journal', author: [{ family: 'Mastrocinque', given: 'Attilio' }], title: 'Magnetometry at Grumentum', 'container-title': 'The Journal of Fasti Online', page: '1-5', issued: { 'date-parts': [[2012]] } };
    const noPage: CslItem = { id: 'kast', type: 'article-journal', author: [{ family: 'Kastenholz', given: 'M. A.' }], title: 'Computation of ionic solvation free energies', 'container-title': 'J. Chem. Phys.', volume: '124', issued: { 'date-parts': [[2006]] }, DOI: '10.1063/1.2172593' };
    const noBook: CslItem = { id: 'mont', type: 'chapter', author: [{ family: 'Montello', given: 'D.' }], title: 'The cambridge handbook of visuospatial thinking', editor: [{ family: 'Shah', given: 'P' }], publisher: 'Cambridge University Press', 'publisher-place': 'Cambridge, UK', issued: { 'date-parts': [[2005]] } };
    const titleOnly: CslItem = { id: 'limc', type: 'book', title: 'LIMC' };
    // A space before a comma or period goes, then the two marks join (`. ,` is `.,`, `. .` is `.`).
    check('elsevier-harvard', chapter, 'text', 'Kohlmeyer, K., 1983., in: Gehrig, U. (Ed.), Tierbilder Aus Vier Jahrtausenden. Mainz, pp. 20–29.');
    check('elsevier-harvard', noBook, 'text', 'Montello, D., 2005. The cambridge handbook of visuospatial thinking, in: Shah, P. (Ed.),. Cambridge University Press, Cambridge, UK.');
    check('chicago-author-date', noBook, 'text', 'Montello, D. 2005. “The Cambridge Handbook of Visuospatial Thinking.” In, edited by P Shah. Cambridge, UK: Cambridge University Press.');
    check('the-lancet', noBook, 'text', 'Montello D. The cambridge handbook of visuospatial thinking. In: Shah P, ed. Cambridge, UK: Cambridge University Press, 2005.');
    check('the-lancet', titleOnly, 'text', 'LIMC.');
    // `;:` and `:.` keep the first mark.
    check('bmj', noVolume, 'text', 'Mastrocinque A. Magnetometry at Grumentum. The Journal of Fasti Online 2012;1–5.');
    check('springer-basic-author-date', noPage, 'text', 'Kastenholz MA (2006) Computation of ionic solvation free energies. J Chem Phys 124: https://doi.org/10.1063/1.2172593');
    // The citation number is not part of the entry's text: `1. , LIMC.` keeps its comma.
    check('pnas', titleOnly, 'text', ', LIMC.');
    expect(formatBibliography([titleOnly], style('pnas'), 'text')).toBe('1. , LIMC.');
  });

  it('joins an institution last in a list of names as any name: with the name delimiter pandoc uses', () => {
    // Expected strings are pandoc 2.17's output for the same items and style files.
    const four: CslItem = { id: 'n1', type: 'book', title: 'Fontographer', author: [{ family: 'Von Ehr', given: 'J.' }, { family: 'Crowder', given: 'K.' }, { family: 'Green', given: 'K.' }, { literal: 'Altsys Corporation' }], issued: { 'date-parts': [[1990]] } };
    const two: CslItem = { id: 'n2', type: 'book', title: 'Fontographer two', author: [{ family: 'Alpha', given: 'J.' }, { literal: 'Altsys Corporation' }], issued: { 'date-parts': [[1991]] } };
    check('nature', four, 'text', 'Von Ehr, J., Crowder, K., Green, K. & Altsys Corporation. Fontographer. (1990).');
    check('apa', two, 'text', 'Alpha, J., & Altsys Corporation. (1991). Fontographer two.');
    check('chicago-author-date', two, 'text', 'Alpha, J., and Altsys Corporation. 1991. Fontographer Two.');
  });

  it('prints a page value as pandoc does: a piece with one dash as a range, a piece with more as written', () => {
    // Expected strings are pandoc 2.17's output for the same items and style files; AMA's range delimiter is a hyphen.
    const pages = (page: string): CslItem => ({ id: 'p', type: 'article-journal', title: 'A', author: [{ family: 'A', given: 'J.' }], 'container-title': 'J', volume: '3', page, issued: { 'date-parts': [[2010]] } });
    check('american-medical-association', pages('70–76. 92–95. 132'), 'text', 'A J. A. J. 2010;3:70–76. 92–95. 132.');
    check('american-medical-association', pages('12–15 and 20'), 'text', 'A J. A. J. 2010;3:12-15 and 20.');
    check('vancouver', pages('70–76. 92–95. 132'), 'text', 'A J. A. J. 2010;3:70–76. 92–95. 132.');
  });

  it('prints no label for an absent variable, as CSL says and pandoc does', () => {
    // Expected string is pandoc 2.17's output: Cite Them Right labels `volume` beside `number-of-volumes`.
    const set: CslItem = { id: 'knuth', type: 'book', title: 'Computers & Typesetting', author: [{ family: 'Knuth', given: 'Donald E.' }], 'number-of-volumes': '5', publisher: 'Addison-Wesley', 'publisher-place': 'Reading, Mass.', issued: { 'date-parts': [[1984], [1986]] } };
    check('harvard-cite-them-right', set, 'text', 'Knuth, D.E. (1984–1986) Computers & Typesetting (5). Reading, Mass.: Addison-Wesley.');
  });

  it('prints the first year range of a new engine as pandoc does, without another date’s affixes', () => {
    // Expected strings are pandoc 2.17's output; each style object is new, so its engine is too.
    const range: CslItem = { id: 'eaor', type: 'book', title: 'Roma', author: [{ family: 'Tumolesi', given: 'Patrizia Sabbatini' }], publisher: 'EQ', issued: { 'date-parts': [[1988], [2009]] } };
    const fresh = (id: string): StyleSpec => ({ id, xml: style(id).xml });
    expect(formatReferences([range, range], fresh('nature'), 'text')).toEqual(Array(2).fill('Tumolesi, P. S. Roma. (EQ, 1988–2009).'));
    expect(formatReferences([range], fresh('cell'), 'text')).toEqual(['Tumolesi, P.S. (1988–2009). Roma (EQ).']);
  });

  it('returns one reference per item in input order, even for sorted styles', () => {
    const refs = formatReferences([who, lecun], style('apa'), 'text');
    expect(refs).toHaveLength(2);
    expect(refs[0]).toMatch(/^World Health Organization/);
    expect(refs[1]).toMatch(/^LeCun/);
  });

  it('renders an edited entry anew, even under the same key', () => {
    const before = formatReferences([lecun], style('nature'), 'text')[0];
    const after = formatReferences([{ ...lecun, title: 'Deeper learning' }], style('nature'), 'text')[0];
    expect(before).toContain('Deep learning.');
    expect(after).toContain('Deeper learning.');
  });

  it('keeps field text inert in HTML: no tags, no Markdown links', () => {
    const evil: CslItem = { ...lecun, title: '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>' };
    for (const id of styleIds) {
      const [html] = formatReferences([evil], style(id), 'html');
      expect(html).toContain('&#60;script&#62;');
      expect(html).not.toMatch(/<script|<img|\]\(/i);
    }
    const [text] = formatReferences([evil], style('apa'), 'text');
    expect(escapeMarkdown(text ?? '')).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
  });

  it('passes abstracts to a style that prints them', () => {
    const annotated: StyleSpec = {
      id: 'annotated',
      xml:
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>A</title><id>a</id><updated>2020-01-01T00:00:00+00:00</updated></info>' +
        '<citation><layout><text variable="title"/></layout></citation>' +
        '<bibliography><layout><text variable="title" suffix=". "/><text variable="abstract"/></layout></bibliography></style>',
    };
    expect(formatReferences([{ ...lecun, abstract: 'Short abstract' }], annotated, 'text')).toEqual(['Deep learning. Short abstract']);
    expect(formatReferences([{ ...lecun, abstract: 'Short abstract' }], style('nature'), 'text')[0]).not.toContain('abstract');
  });

  it('formats with an edited style under the same id, not the engine of the old text', () => {
    const titled = (suffix: string): StyleSpec => ({
      id: 'edited',
      xml:
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>E</title><id>e</id><updated>2020-01-01T00:00:00+00:00</updated></info>' +
        '<citation><layout><text variable="title"/></layout></citation>' +
        `<bibliography><layout><text variable="title" suffix="${suffix}"/></layout></bibliography></style>`,
    });
    expect(formatReferences([lecun], titled('!'), 'text')).toEqual(['Deep learning!']);
    expect(formatReferences([lecun], titled('?'), 'text')).toEqual(['Deep learning?']);
  });

  it('keeps citeproc warnings off stdout, which is the LSP stream', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const odd: StyleSpec = {
        id: 'odd-attribute',
        xml:
          '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>O</title><id>o</id><updated>2020-01-01T00:00:00+00:00</updated></info>' +
          '<citation><layout><text variable="title"/></layout></citation>' +
          '<bibliography><layout><text variable="title" no-such-attribute="1"/></layout></bibliography></style>',
      };
      expect(formatReferences([lecun], odd, 'text')).toEqual(['Deep learning']);
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  it('falls back to a plain rendering with a note when the style is broken', () => {
    const notes: string[] = [];
    const refs = formatReferences([lecun], { id: 'broken', xml: '<style>not csl' }, 'text', notes);
    expect(refs).toEqual(['LeCun, Y., Bengio, Y. & Hinton, G. (2015). Deep learning. Nature.']);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('broken');
  });

  it('formats items with odd or missing data without throwing', () => {
    const odd: CslItem[] = [
      { id: 'a', type: 'book' },
      { id: 'b', type: 'no-such-type', title: 'T', issued: { literal: 'forthcoming' } },
      { id: 'c', type: 'article-journal', author: [{ literal: 'X' }, { given: 'Only' }], issued: { 'date-parts': [['x']] } },
    ];
    for (const id of styleIds) {
      const refs = formatReferences(odd, style(id), 'text');
      expect(refs).toHaveLength(3);
      for (const r of refs) expect(typeof r).toBe('string');
    }
  });
});

describe('formatBibliography', () => {
  const zed: CslItem = { ...who, id: 'zed', author: [{ family: 'Zed', given: 'Ann' }], title: 'Last by name' };

  it('sorts author-date styles by author and numbers numeric styles in the order given', () => {
    const apa = formatBibliography([zed, lecun], style('apa'), 'text').split('\n');
    expect(apa).toHaveLength(2);
    expect(apa[0]).toMatch(/^LeCun/);
    expect(apa[1]).toMatch(/^Zed/);
    const nature = formatBibliography([zed, lecun], style('nature'), 'text').split('\n');
    expect(nature[0]).toMatch(/^1\.\s*Zed/);
    expect(nature[1]).toMatch(/^2\.\s*LeCun/);
  });

  it('wraps HTML in a csl-bib-body without leaking keys into attributes', () => {
    const html = formatBibliography([{ ...lecun, id: 'x" onmouseover="alert(1)' }], style('apa'), 'html');
    expect(html.startsWith('<div class="csl-bib-body">')).toBe(true);
    expect(html).not.toContain('onmouseover');
  });

  it('is empty for no items', () => {
    expect(formatBibliography([], style('apa'), 'text')).toBe('');
  });
});

describe('formatPlain', () => {
  it('renders Authors (Year). Title. Container. and escapes HTML', () => {
    expect(formatPlain(who)).toBe('World Health Organization (2020). World health statistics.');
    expect(formatPlain({ id: 'k', type: 'book', title: 'Why?' })).toBe('(n.d.). Why?');
    expect(formatPlain({ ...who, author: [{ family: 'Doe', given: 'Jane' }, { literal: 'others' }] })).toBe('Doe, J., et al. (2020). World health statistics.');
    expect(formatPlain({ ...lecun, title: '<b>[x](y)</b>' }, 'html')).toBe(
      'LeCun, Y., Bengio, Y. &#38; Hinton, G. (2015). <i>&#60;b&#62;&#91;x&#93;(y)&#60;/b&#62;</i>. Nature.',
    );
  });
});
