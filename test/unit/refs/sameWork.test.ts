// One rule for "this work is already in the bibliography": DOI, else title + year + first author.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { importReferences as importPreview } from '../../../server/src/core/features/importRefs';
import { indexEntries, sameWork } from '../../../server/src/core/refs/sameWork';
import { skippedSummary } from '../../../server/src/core/refs/skipped';
import { parseReference } from '../../../server/src/core/refs/parse';
import { importReferences } from '../../../server/src/core/refs/toEntry';

const BIB = `@article{smith2019deep, author = {Smith, Eric J.}, title = {Deep Models of the {Brain}}, journal = {Nature Medicine}, year = 2019}
@article{topol2019high, author = {Topol, E. J.}, title = {Something else}, year = 2019, doi = {https://doi.org/10.1038/S41591-018-0300-7}}`;

/** The key `reference` is found under in BIB, or undefined. */
function check(reference: string): string | undefined {
  return sameWork(parseReference(reference), indexEntries(readBibtex(BIB, 'refs.bib').entries));
}

describe('sameWork', () => {
  it('matches a DOI whatever its case or prefix, even when the titles differ', () => {
    expect(check('Topol, E. J. (2019). High-performance medicine: the convergence of human and artificial intelligence. Nature Medicine, 25(1), 44–56. https://doi.org/10.1038/s41591-018-0300-7')).toBe('topol2019high');
  });

  it('without a DOI, matches title (case and punctuation aside), year and first author', () => {
    expect(check('Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.')).toBe('smith2019deep');
    expect(check('Smith, E. J. (2020). Deep models of the brain. Nature Medicine, 25(1), 44–56.')).toBeUndefined();
    expect(check('Jones, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.')).toBeUndefined();
  });

  it('two different DOIs are two works, even with one title', () => {
    const bib = '@article{a, author = {Smith, E.}, title = {Corrigendum to deep models of the brain}, year = 2019, doi = {10.1/one}}';
    const index = indexEntries(readBibtex(bib, 'refs.bib').entries);
    expect(sameWork(parseReference('Smith, E. (2019). Corrigendum to deep models of the brain. Nature Medicine, 25(3), 501. https://doi.org/10.1/two'), index)).toBeUndefined();
    expect(sameWork(parseReference('Smith, E. (2019). Corrigendum to deep models of the brain. Nature Medicine, 25(3), 501.'), index)).toBe('a');
  });

  it('the editor and the CLI skip the same works, and say why', () => {
    const list = 'Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.\nDoe, J. (2021). A new work. Science, 3, 4–5.\nDoe, J. (2021). A new work. Science, 3, 4–5.';
    const entries = readBibtex(BIB, 'refs.bib').entries;
    const editor = importPreview(list, { taken: new Set(), existing: entries });
    const cli = importReferences(list, { existing: indexEntries(entries) });
    expect(editor.keys).toEqual(cli.imported.map((r) => r.key));
    expect(editor.keys).toHaveLength(1);
    expect(editor.skipped.map((s) => s.reason)).toEqual(["already in the bibliography as 'smith2019deep'", `listed twice: the same work as '${editor.keys[0]}' above`]);
    expect(skippedSummary(editor.skipped)).toBe('2 skipped: 2 already there.');
    expect(skippedSummary([...editor.skipped, { reason: 'no title recognised' }])).toBe('3 skipped: 2 already there, 1 not understood.');
  });
});
