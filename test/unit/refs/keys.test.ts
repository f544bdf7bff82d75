// Citation keys for imported entries.
import { describe, expect, it } from 'vitest';
import { bibtexKeys, makeKey } from '../../../server/src/core/syntax/bib/keys';

describe('makeKey', () => {
  const rajpurkar = { authors: [{ family: 'Rajpurkar', given: 'P.' }], year: '2023', title: 'The current and future state of AI' };

  it('builds lastnameYEARfirstword from the first significant title word', () => {
    expect(makeKey(rajpurkar)).toBe('rajpurkar2023current');
    expect(makeKey({ authors: [{ family: 'Embí' }], year: '2023', title: 'Harnessing the promise' })).toBe('embi2023harnessing');
    expect(makeKey({ authors: [{ family: 'D’Amico' }], year: '2023', title: 'A study' })).toBe('damico2023study');
  });

  it('follows a custom pattern', () => {
    expect(makeKey(rajpurkar, '[Auth]_[shortyear]')).toBe('Rajpurkar_23');
  });

  it('never collides with keys already taken, case-insensitively', () => {
    expect(makeKey(rajpurkar, undefined, new Set(['Rajpurkar2023current']))).toBe('rajpurkar2023currenta');
    expect(makeKey(rajpurkar, undefined, new Set(['rajpurkar2023current', 'rajpurkar2023currenta']))).toBe('rajpurkar2023currentb');
  });

  it('reads the keys of an existing BibTeX file, ignoring @string', () => {
    expect([...bibtexKeys('@string{x = "y"}\n@article{ a1 ,\n}\n@Book(b2, title={t})')]).toEqual(['a1', 'b2']);
  });
});
