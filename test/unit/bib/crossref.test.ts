// Field inheritance through crossref and xdata, with BibLaTeX's title mappings, chains, cycles and missing parents.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { maxChain, resolveInheritance } from '../../../server/src/core/analysis/crossref';

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
      "bib.missing-crossref Entry 'lonely' inherits from 'Nowhere', which is not defined",
    ]);
    expect(result.errors[0]).toMatchObject({ file: 'refs.bib', key: 'lonely' });
  });

  it('matches crossref keys case-insensitively like BibTeX, as xampl.bib relies on', () => {
    check('@article{ac, crossref = {WHOLE-JOURNAL}}\n@article{whole-journal, journal = {GAJ}}', ['ac'], ['ac: crossref=WHOLE-JOURNAL, journal=GAJ*']);
  });
});

describe('resolveInheritance on hostile chains', () => {
  const chain = (n: number, field: 'crossref' | 'xdata') =>
    Array.from({ length: n }, (_, i) => `@book{k${i}, ${i + 1 < n ? `${field} = {k${i + 1}}, ` : 'publisher = {Root}, '}note = {n${i}}}`).join('\n');

  it('follows a crossref chain of 3,000 and an xdata chain of 4,000 without overflowing the stack, cut every 64 levels', () => {
    for (const [n, field] of [[3000, 'crossref'], [4000, 'xdata']] as const) {
      const entries = readBibtex(chain(n, field), 'refs.bib').entries;
      const result = resolveInheritance(entries);
      const publisher = (key: string) => result.entries.find((e) => e.key === key)?.fields.get('publisher')?.raw;
      // The last 65 entries reach the root within the cap; the one before them does not.
      expect(publisher(`k${n - 1 - maxChain}`)).toBe('Root');
      expect(publisher(`k${n - 2 - maxChain}`)).toBeUndefined();
      expect(result.errors.length).toBe(Math.floor((n - 1) / (maxChain + 1)));
      expect(result.errors[0]).toMatchObject({ code: 'bib.limit', key: `k${n - 2 - maxChain}` });
      // No entry copies more than the cap's worth of ancestors' fields.
      expect(Math.max(...result.entries.map((e) => e.fields.size))).toBeLessThanOrEqual(maxChain + 3);
    }
  });

  it('cuts a cycle of 3,000 entries without reporting it as missing', () => {
    const ring = Array.from({ length: 3000 }, (_, i) => `@misc{r${i}, crossref = {r${(i + 1) % 3000}}, note = {n${i}}}`).join('\n');
    const result = resolveInheritance(readBibtex(ring, 'refs.bib').entries);
    expect(result.entries).toHaveLength(3000);
    expect(result.errors.every((e) => e.code === 'bib.limit')).toBe(true);
  });
});
