// The Hayagriva reader: top-level keys are entries (carets under each key span), parents are
// containers, fields land in the shared entry model, and what Typst would refuse is reported.
// Whether Typst itself accepts these keys is checked by the Typst corpus (typstCompiler.test.ts).
import { describe, expect, it } from 'vitest';
import { authorLabel, entryTitle, entryYear, fieldText } from '../../../server/src/core/syntax/bib/fields';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { parseFixture } from '../../fixture';

/** Reads `refs.yml` of a fixture; carets must stand under exactly the key of every entry read. */
function check(fixture: string, expected: string[], errors: string[] = []) {
  const { files, ranges } = parseFixture(`%! refs.yml\n${fixture}`, { marker: null, carets: true });
  const text = files.get('refs.yml') as string;
  const bib = readBibliography('file:///ws/refs.yml', text);
  expect(bib.format).toBe('hayagriva');
  expect(bib.entries.map((e) => [e.keySpan.start, e.keySpan.end])).toEqual(ranges.map((r) => [r.start, r.end]));
  for (const e of bib.entries) {
    expect(text.slice(e.span.start, e.span.start + e.key.length + 2)).toMatch(/^["']?/);
    expect(e.span.start).toBeLessThanOrEqual(e.keySpan.start);
    expect(e.span.end).toBeGreaterThan(e.keySpan.end);
  }
  expect(bib.entries.map((e) => `${e.key}: ${e.type} | ${authorLabel(e)} | ${entryYear(e)} | ${entryTitle(e)} | ${fieldText(e, 'journal') || fieldText(e, 'booktitle') || fieldText(e, 'publisher')}`)).toEqual(expected);
  expect(bib.errors.map((e) => `${text.slice(e.span.start, e.span.end)}: ${e.message}`)).toEqual(errors);
}

describe('Hayagriva YAML', () => {
  it('reads top-level keys as entries, with parents as containers, not entries', () => {
    check(
      `# A comment
harry:
^^^^^
    type: Book
    title: Harry Potter and the Order of the Phoenix
    author: Rowling, J. K.
    publisher: Bloomsbury
    date: 2003-06-21
kinetics:
^^^^^^^^
    type: Article
    title: Kinetics and luminescence
    author: ["Doan, T. D.", "Tran Thoai, D. B.", "Haug, Hartmut"]
    date: 2020-10-14
    parent:
        type: Periodical
        title: Physical Review B
        volume: 102
        parent:
            type: Anthology
            title: Not an entry either`,
      [
        'harry: book | Rowling | 2003 | Harry Potter and the Order of the Phoenix | Bloomsbury',
        'kinetics: article | Doan et al. | 2020 | Kinetics and luminescence | Physical Review B',
      ],
    );
  });

  it('reads quoted, numeric and non-Latin keys as Typst does, and persons in every form', () => {
    check(
      `"quoted key":
 ^^^^^^^^^^
  type: web
  title: { value: Verbatim Title, verbatim: true }
  author: { name: Watkins, given-name: Gloria Jean }
1984:
^^^^
  type: book
  title: Nineteen Eighty-Four
  author: Orwell, George
  date: 1949
ключ:
^^^^
  type: thesis
  title: Диссертация
  author:
    - von der Leyen, Ursula
  organization: Universität
  date: 2001-05`,
      [
        'quoted key: online | Watkins |  | Verbatim Title | ',
        '1984: book | Orwell | 1949 | Nineteen Eighty-Four | ',
        'ключ: phdthesis | von der Leyen | 2001 | Диссертация | ',
      ],
    );
  });

  it('keeps every entry but reports what makes Typst refuse the file', () => {
    check(
      `good:
^^^^
  type: book
  title: Good
notype:
^^^^^^
  title: No type
badtype:
^^^^^^^
  type: Foo
  title: Bad
scalar: just text`,
      ['good: book |  |  | Good | ', 'notype: misc |  |  | No type | ', 'badtype: misc |  |  | Bad | '],
      [
        'notype: Entry `notype` has no `type`; Typst refuses the whole file ("no entry type").',
        expect.stringMatching(/^Foo: Unknown entry type `Foo`; Typst refuses the whole file\. Types: article, chapter/) as unknown as string,
        'scalar: Entry `scalar` is not a mapping of fields; Typst refuses the whole file.',
      ],
    );
  });

  it('reports broken YAML with its position and keeps the entries before it', () => {
    const text = 'a:\n  type: book\n  title: A\nb:\n  type: book\n  title: [unclosed\n';
    const bib = readBibliography('refs.yml', text);
    expect(bib.entries.map((e) => e.key)).toContain('a');
    expect(bib.errors.length).toBeGreaterThan(0);
    expect(bib.errors.every((e) => e.code === 'bib.syntax' && e.span.start >= text.indexOf('b:'))).toBe(true);
  });

  it('still reads CSL-YAML from .yml files: a list, bare or under references:', () => {
    expect(readBibliography('a.yml', '- id: x\n  type: book\n  title: X\n').format).toBe('csl-yaml');
    expect(readBibliography('a.yaml', '---\nreferences:\n- id: x\n  title: X\n...\n').format).toBe('csl-yaml');
    expect(readBibliography('a.yaml', 'references:\n  - id: x\n').format).toBe('csl-yaml');
    // A Hayagriva entry may be called `references` too.
    expect(readBibliography('a.yml', 'references:\n  type: book\n  title: R\n').format).toBe('hayagriva');
  });

  it('never throws on random YAML-looking text', () => {
    const pieces = ['a:', '\n', '  ', 'type: book', '- x', '[', ']', '{', '"', "'", ':', '&a', '*a', '!!str', '#', 'parent:', 'author:'];
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let k = 0; k < 30; k++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += pieces[seed % pieces.length];
      }
      expect(() => readBibliography('x.yml', text)).not.toThrow();
    }
  });
});
