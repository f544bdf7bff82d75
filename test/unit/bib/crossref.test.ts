// Field inheritance through crossref and xdata, with BibLaTeX's title mappings, chains, cycles and missing parents.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { resolveInheritance } from '../../../server/src/core/analysis/crossref';

/** Resolves the file and shows `key: field=raw, ...` for the keys asked, plus error messages. */
function check(bib: string, keys: string[], expected: string[], errors: string[] = []) {
  const result = resolveInheritance(readBibtex(bib, 'refs.bib').entries);
  const shown = keys.map((key) => {
    const entry = result.entries.find((e) => e.key === key);
    return `${key}: ${[...(entry?.fields.values() ?? [])].map((f) => `${f.name}=${f.raw}${f.start !== undefined ? '' : '*'}`).join(', ')}`;
  });
  expect(shown).toEqual(expected);
  expect(result.errors.map((e) => `${e.code} ${e.message}`)).toEqual(errors);
  return result;
}

describe('resolveInheritance', () => {
  it('gives an inproceedings the proceedings title as booktitle, and inherits other fields (marked * = no span)', () => {
    check(
      '@inproceedings{paper, crossref = {conf}, title = {Paper}}\n@proceedings{conf, title = {Proc. of X}, year = 2001, publisher = {P}, shorthand = {PX}}',
      ['paper'],
      ['paper: crossref=conf, title=Paper, booktitle=Proc. of X*, year=2001*, publisher=P*'],
    );
  });

  it('maps mvbook titles to maintitle, book authors to bookauthor, periodical titles to journaltitle', () => {
    check(
      '@book{vol, crossref = {mv}, title = {Volume 2}}\n@mvbook{mv, title = {Collected Works}, author = {Kant, I}}\n' +
        '@inbook{ch, crossref = {bk}}\n@book{bk, title = {Book}, author = {Doe, J}}\n' +
        '@article{art, crossref = {per}}\n@periodical{per, title = {Journal X}}',
      ['vol', 'ch', 'art'],
      [
        'vol: crossref=mv, title=Volume 2, maintitle=Collected Works*, author=Kant, I*',
        'ch: crossref=bk, booktitle=Book*, author=Doe, J*, bookauthor=Doe, J*',
        'art: crossref=per, journaltitle=Journal X*',
      ],
    );
  });

  it('never overrides the child, follows chains and xdata, and survives cycles', () => {
    check(
      '@inbook{a, crossref = {b}, publisher = {Own}}\n@book{b, crossref = {c}, publisher = {B}}\n@mvbook{c, location = {Berlin}}\n' +
        '@xdata{pub, xdata = {loc}, publisher = {Springer}}\n@xdata{loc, location = {Heidelberg}}\n@book{x, xdata = {pub}}\n' +
        '@misc{p, crossref = {q}, note = {p}}\n@misc{q, crossref = {p}, year = 1}\n@misc{self, xdata = {self}}',
      ['a', 'x', 'p', 'self'],
      [
        'a: crossref=b, publisher=Own, location=Berlin*',
        'x: xdata=pub, publisher=Springer*, location=Heidelberg*',
        'p: crossref=q, note=p, year=1*',
        'self: xdata=self',
      ],
    );
  });

  it('reports a missing parent and leaves the entry as it is', () => {
    const result = check('@article{lonely, crossref = {Nowhere}}', ['lonely'], ['lonely: crossref=Nowhere'], [
      "bib.missing-crossref crossref entry 'Nowhere' not found (referenced by 'lonely')",
    ]);
    expect(result.errors[0]).toMatchObject({ file: 'refs.bib', key: 'lonely' });
  });

  it('matches crossref keys case-insensitively like BibTeX, as xampl.bib relies on', () => {
    check('@article{ac, crossref = {WHOLE-JOURNAL}}\n@article{whole-journal, journal = {GAJ}}', ['ac'], ['ac: crossref=WHOLE-JOURNAL, journal=GAJ*']);
  });
});
