// A record citation-js rejects is still read, through our own RIS mapping, and nothing throws.
import { describe, expect, it, vi } from 'vitest';
import { readRis } from '../../../server/src/core/syntax/bib/ris';

const chain = vi.hoisted(() =>
  vi.fn(() => {
    throw new TypeError("Cannot read properties of undefined (reading 'name')");
  }),
);

vi.mock('../../../server/src/core/syntax/citationJs', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../server/src/core/syntax/citationJs')>();
  return { ...real, citationJsRis: () => ({ plugins: { input: { chain } } }) };
});

describe('RIS when citation-js rejects a record', () => {
  it('keeps the record with our own mapping', () => {
    const file = readRis('TY  - JOUR\nID  - k1\nAU  - Lee, Ann\nTI  - Kept\nT2  - Journal\nPY  - 2001\nDO  - https://doi.org/10.1/x\nER  - \n', 'refs.ris');
    expect(chain).toHaveBeenCalledTimes(1);
    expect(file.errors).toEqual([]);
    expect(file.entries.map((e) => e.key)).toEqual(['k1']);
    const fields = Object.fromEntries([...file.entries[0]!.fields].map(([name, f]) => [name, f.raw]));
    expect(fields).toMatchObject({ author: 'Lee, Ann', title: 'Kept', journal: 'Journal', year: '2001', doi: '10.1/x' });
  });
});
