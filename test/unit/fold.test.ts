// One fold for the whole core: search, themes, field matching and both key generators (imported
// references and RIS records without an ID) read accented and special letters alike.
import { describe, expect, it } from 'vitest';
import { fold as modelFold } from '../../server/src/core/model/fold';
import { fold as searchFold } from '../../server/src/core/search/fold';
import { fold as themeFold } from '../../server/src/core/themes/text';
import { foldForSearch } from '../../server/src/core/syntax/bib/fields';
import { makeKey } from '../../server/src/core/syntax/bib/keys';
import { readRis } from '../../server/src/core/syntax/bib/ris';

const samples = ['Đorđe Đurić', 'Łukasz Ørsted', 'Straße', 'Æsir Œuvre', 'GÖDEL', 'ﬁnal', 'Þórr', 'İstanbul'];

describe('one text fold', () => {
  it('folds alike in search, themes and field text', () => {
    for (const s of samples) {
      const expected = modelFold(s);
      expect(searchFold(s)).toBe(expected);
      expect(themeFold(s)).toBe(expected);
      expect(foldForSearch(s)).toBe(expected);
    }
    expect(modelFold('Đorđe Đurić')).toBe('dorde duric');
    expect(modelFold('ﬁnal')).toBe('final');
  });

  it('makes the same key for imported references and RIS records', () => {
    expect(makeKey({ authors: [{ family: 'Đorđević' }], year: '2020', title: 'Über große Daten' })).toBe('dordevic2020uber');
    const ris = readRis('TY  - JOUR\nAU  - Đorđević, Ana\nPY  - 2020\nTI  - Über große Daten\nER  - \nTY  - JOUR\nAU  - Đorđević, Ana\nPY  - 2020\nTI  - Über große Daten\nER  - \n', 'file:///x.ris');
    expect(ris.entries.map((e) => e.key)).toEqual(['dordevic2020uber', 'dordevic2020ubera']);
  });
});
