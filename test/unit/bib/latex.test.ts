// LaTeX-to-Unicode decoding of field values: accents, symbols, quotes, dashes, markup, math.
import { describe, expect, it } from 'vitest';
import { latexToUnicode } from '../../../server/src/core/syntax/bib/latex';

function check(raw: string, expected: string) {
  expect(latexToUnicode(raw)).toBe(expected);
}

describe('latexToUnicode', () => {
  it.each([
    ['{\\"o}', 'ö'], ['\\"{o}', 'ö'], ["\\'{e}", 'é'], ["\\'e", 'é'], ['\\`a', 'à'], ['\\^o', 'ô'], ['\\~n', 'ñ'],
    ['\\=a', 'ā'], ['\\.z', 'ż'], ['\\u{g}', 'ğ'], ['\\c{c}', 'ç'], ['\\c c', 'ç'], ['\\v{s}', 'š'], ['\\v S', 'Š'],
    ['\\H{o}', 'ő'], ['\\k{a}', 'ą'], ['\\r{u}', 'ů'], ['{\\ss}', 'ß'], ['\\aa', 'å'], ['{\\AA}', 'Å'], ['\\o', 'ø'],
    ['{\\O}', 'Ø'], ['\\l', 'ł'], ['{\\L}', 'Ł'], ['{\\ae}', 'æ'], ['\\OE{}', 'Œ'], ["\\'{\\i}", 'í'], ["\\'\\i", 'í'],
    ['{\\i}', 'ı'], ['\\"{\\i}', 'ï'], ['\\v{\\j}', 'ǰ'],
  ])('decodes the accent or letter %s', (raw, expected) => check(raw, expected));

  it('decodes whole names and words, composing to NFC', () => {
    check('Bronis{\\l}aw Malinowski', 'Bronisław Malinowski');
    check("Jos{\\'e} Mar{\\'i}a Ur{\\'i}a R{\\'i}u", 'José María Uría Ríu');
    check('Stra{\\ss}enrecht', 'Straßenrecht');
    check('Erd\\H{o}s and Gau\\ss', 'Erdős and Gauß');
    expect(latexToUnicode('\\"a')).toBe('\u00e4');
  });

  it('turns escaped specials, dashes, ties and TeX quotes into text', () => {
    check('AT\\&T, 50\\%, \\$5, snake\\_case, \\#1', 'AT&T, 50%, $5, snake_case, #1');
    check('pages 10--20, a---b, a-b', 'pages 10–20, a—b, a-b');
    check('J.~Amer. Math. Soc.', 'J.\u00a0Amer. Math. Soc.');
    check("``Quoted'' text, `single', it's", '“Quoted” text, ‘single\', it\'s');
  });

  it('removes protective braces and formatting commands but keeps their text', () => {
    check('The {Gnats} and {GNUs} of {\\TeX}', 'The Gnats and GNUs of TeX');
    check('\\textit{Italic}, \\emph{em}, \\textbf{bold} and \\textsc{Small Caps}', 'Italic, em, bold and Small Caps');
    check('\\mkbibquote{Intention} und \\enquote{Intentionalit{\\"a}t}', '“Intention” und “Intentionalität”');
    check('\\mbox{G-Animal\'s} Journal', "G-Animal's Journal");
    check('See \\url{https://example.org/a_b~c%20d}', 'See https://example.org/a_b~c%20d');
    check('\\href{https://x.org}{the site}', 'the site');
  });

  it('keeps math readable', () => {
    check('The $\\alpha$-helix and $x^2 + y_{i}$', 'The α-helix and x^2 + y_i');
    check('$\\mu$m and $\\leq 5\\%$', 'μm and ≤ 5%');
    check('costs $5', 'costs $5');
  });

  it('drops unknown commands and sort tricks gracefully, and collapses whitespace', () => {
    check('{\\noopsort{1973b}}1973', '1973');
    check('\\unknowncommand{kept text} and \\weird more', 'kept text and more');
    check('  spread \n\t over   lines  ', 'spread over lines');
    check('trailing backslash \\', 'trailing backslash');
    check('Hastings\\hyphen Ritchie and input\\slash output', 'Hastings-Ritchie and input/output');
    check('unbalanced {brace and } extra }', 'unbalanced brace and extra');
  });

  it('returns plain text unchanged', () => {
    check('A Unified Approach to Interpreting Model Predictions', 'A Unified Approach to Interpreting Model Predictions');
    check('', '');
  });
});

describe('latexToUnicode on hostile input', () => {
  it('decodes 100,000 nested groups, accents, math and quote commands without overflowing the stack', () => {
    const n = 100_000;
    const nest = (open: string, inner: string) => `${open.repeat(n)}${inner}${'}'.repeat(n)}`;
    check(nest('{', 'x'), 'x');
    expect(latexToUnicode(nest('\\"{', 'o')).normalize('NFD').replace(/\u0308/g, '')).toBe('o');
    check(`$${nest('{', '\\alpha')}$`, 'α');
    expect(latexToUnicode(nest('\\mkbibquote{', 'q')).replace(/[“”]/g, '')).toBe('q');
  });
});
