// Themes file validation: what a user who mistypes the file is told, and where.
import { describe, expect, it } from 'vitest';
import { lineStarts, positionAt } from '../../../server/src/core/model/types';
import { parseThemesFile } from '../../../server/src/core/themes';

/** The only caller of parseThemesFile here: errors as `line:col message` (1-based), plus the theme names kept. */
function check(text: string, expected: { errors: string[]; themes: string[] }): void {
  const { value, errors } = parseThemesFile(text);
  const starts = lineStarts(text);
  const at = (offset: number): string => {
    const p = positionAt(starts, offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const names = (specs: typeof value.themes, prefix = ''): string[] => specs.flatMap((t) => [prefix + t.name, ...names(t.children, prefix + t.name + '/')]);
  expect({ errors: errors.map((e) => `${at(e.span.start)} ${e.message}`), themes: names(value.themes) }).toEqual(expected);
}

describe('parseThemesFile', () => {
  it('accepts a valid file with nested themes, regexes, conjunctions and excludes', () => {
    check(
      `{
  "themes": [
    { "name": "Imaging", "rules": [ { "field": "title", "match": "medical imag*" } ],
      "children": [ { "name": "Chest", "rules": [ { "field": "title", "regex": "x-?rays?", "flags": "i" } ] } ] },
    { "name": "Fair", "rules": [ { "all": [ { "match": "bias" }, { "field": "journal", "match": "dermatology" } ] } ],
      "exclude": [ { "match": "bias-variance" } ] }
  ]
}`,
      { errors: [], themes: ['Imaging', 'Imaging/Chest', 'Fair'] },
    );
  });

  it('points at a JSON syntax error', () => {
    check('{\n  "themes": [\n    { "name": "A", "rules": [] }\n    { "name": "B" }\n  ]\n}', {
      errors: ["4:5 expected ',' or ']' in array, found \"{\""],
      themes: [],
    });
    check('{ "themes": [ { "name": "A\n', { errors: ['1:25 unterminated string'], themes: [] });
  });

  it('reports each schema problem at its place and keeps the valid rest', () => {
    check(
      `{
  "themes": [
    { "name": "Good", "rules": [ { "field": "titel", "match": "x" }, { "match": "ok" } ] },
    { "rules": [ { "match": "y" } ] },
    { "name": "Bad regex", "rules": [ { "field": "title", "regex": "(unclosed" } ] },
    { "name": "Flags", "rules": [ { "regex": "a", "flags": "g" }, { "match": "b", "flags": "i" } ] },
    { "name": "Good", "rules": [ { "match": "twin" } ] },
    { "name": "Typo", "rule": [ { "match": "z" } ] },
    { "name": "Empty match", "rules": [ { "match": " - " }, { "match": "a", "regex": "b" }, "title" ] }
  ],
  "extra": 1
}`,
      {
        errors: [
          '3:45 themes[0].rules[0].field must be one of title, abstract, journal, keywords, any; got "titel"',
          '4:5 themes[1]: missing "name"',
          '5:68 themes[2].rules[0].regex is not a valid regular expression: Invalid regular expression: /(unclosed/: Unterminated group',
          '6:60 themes[3].rules[0].flags may only contain i, m, s and u',
          '6:83 themes[3].rules[1]: "flags" applies to "regex" only; word matching ignores case and accents already',
          '7:5 themes[4]: a sibling theme is already named "Good" (themes[0])',
          '8:5 themes[5] ("Typo"): needs "keys", "rules" or "children"',
          '8:23 themes[5]: unknown property "rule" (expected name, keys, rules, exclude, children)',
          '9:52 themes[6].rules[0].match must be a string with at least one letter or digit',
          '9:61 themes[6].rules[1]: use only one of "match", "regex" and "all"',
          '9:93 themes[6].rules[2] must be an object such as { "field": "title", "match": "skin cancer" }',
          '11:3 unknown property "extra" (expected "themes")',
        ],
        themes: ['Good', 'Bad regex', 'Flags', 'Typo', 'Empty match'],
      },
    );
  });

  it('explains what a themes file is when it is something else', () => {
    check('[]', { errors: ['1:1 a themes file is an object: { "themes": [ ... ] }'], themes: [] });
    check('{}', { errors: ['1:1 missing "themes": an array of themes'], themes: [] });
    check('{"themes": {}}', { errors: ['1:12 themes must be an array of themes'], themes: [] });
  });
});
