// BibTeX name lists: splitting at `and`, the three name forms, von parts, corporate names, labels.
import { describe, expect, it } from 'vitest';
import { formatAuthorsShort, parseNames } from '../../../server/src/core/syntax/bib/names';

/** Each person as `given|prefix|family|suffix` (literal names as `=literal`), plus `+others`. */
function check(raw: string, expected: string[], label?: string) {
  const { people, others } = parseNames(raw);
  const shown = people.map((p) => (p.literal ? `=${p.literal}` : [p.given ?? '', p.prefix ?? '', p.family, p.suffix ?? ''].join('|')));
  if (others) shown.push('+others');
  expect(shown).toEqual(expected);
  if (label !== undefined) expect(formatAuthorsShort(people, others)).toBe(label);
}

describe('parseNames', () => {
  it('reads "Last, First" and "First Last" and splits at and (any case) outside braces', () => {
    check('Lundberg, Scott M. and Su-In Lee', ['Scott M.||Lundberg|', 'Su-In||Lee|'], 'Lundberg and Lee');
    check('Lundberg, Scott AND Lee, Su-In', ['Scott||Lundberg|', 'Su-In||Lee|']);
    check('{Barnes and Noble} and Smith, J', ['=Barnes and Noble', 'J||Smith|']);
    check('Anderson, A and Sandberg, B', ['A||Anderson|', 'B||Sandberg|']);
  });

  it('finds von parts in both forms and the Jr part', () => {
    check('Ludwig van Beethoven', ['Ludwig|van|Beethoven|']);
    check('van Beethoven, Ludwig', ['Ludwig|van|Beethoven|'], 'van Beethoven');
    check('Charles Louis Xavier Joseph de la Vallee Poussin', ['Charles Louis Xavier Joseph|de la|Vallee Poussin|']);
    check('Ford, Jr., Henry', ['Henry||Ford|Jr.']);
    check('von Last, Jr, First', ['First|von|Last|Jr']);
    check('{\\"u}ber Name, Erst', ['Erst|über|Name|']);
  });

  it('treats a fully braced name as a corporate literal and decodes LaTeX in every part', () => {
    check('{World Health Organization}', ['=World Health Organization'], 'World Health Organization');
    check("Aks{\\i}n, {\\\"O}zge and T{\\\"u}rkmen, Hayati and Artok, Levent", ['Özge||Aksın|', 'Hayati||Türkmen|', 'Levent||Artok|'], 'Aksın et al.');
    check("V{\\'a}zques{ de }Parga, Luis", ['Luis||Vázques de Parga|']);
    check('J {van de Pol} and R {La Joie}', ['J||van de Pol|', 'R||La Joie|']);
  });

  it('reads `and others` as et al. and handles single names and empty input', () => {
    check('Vaswani, Ashish and others', ['Ashish||Vaswani|', '+others'], 'Vaswani et al.');
    check('Averroes', ['||Averroes|'], 'Averroes');
    check('', [], '');
    check('  and  ', []);
  });
});
