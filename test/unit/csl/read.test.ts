// Reading CSL-JSON, CSL-YAML and RIS into the entry model: keys, exact key spans, fields, errors.
import { fileText } from '../../../server/src/core/model/fileText';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BibFile } from '../../../server/src/core/model/entry';
import { readCslJson, readCslYaml } from '../../../server/src/core/syntax/bib/csl';
import { readRis } from '../../../server/src/core/syntax/bib/ris';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', 'csl', name), 'utf8');

/** Every entry's key must be exactly the text at its key span. */
function expectKeySpans(file: BibFile) {
  for (const e of file.entries) expect(fileText(file).slice(e.keySpan.start, e.keySpan.end)).toBe(e.key);
}

const field = (file: BibFile, key: string, name: string) => file.entries.find((e) => e.key === key)?.fields.get(name)?.raw;

describe('CSL-JSON', () => {
  const file = readCslJson(fixture('items.json'), 'items.json');

  it('keeps every readable item and loses only the broken one and the one without id', () => {
    expect(file.entries.map((e) => e.key)).toEqual(['lecun2015', 'who2020', 'vanbeethoven1810', 'onlyCitationKey', '42']);
    expect(file.errors.map((e) => e.code).sort()).toEqual(['bib.missing-key', 'bib.syntax']);
  });

  it('points the syntax error at the broken item and the missing-id error at its item', () => {
    const syntax = file.errors.find((e) => e.code === 'bib.syntax');
    const brokenAt = fileText(file).indexOf('"missing a comma"');
    expect(syntax?.span.start).toBe(brokenAt);
    const missing = file.errors.find((e) => e.code === 'bib.missing-key');
    expect(fileText(file).slice(missing?.span.start, missing?.span.end)).toContain('An item without an id');
    expect(fileText(file)[missing?.span.start ?? -1]).toBe('{');
    expect(fileText(file)[(missing?.span.end ?? 0) - 1]).toBe('}');
  });

  it('gives exact key spans and item spans from { to }', () => {
    expectKeySpans(file);
    for (const e of file.entries) {
      expect(fileText(file)[e.span.start]).toBe('{');
      expect(fileText(file)[e.span.end - 1]).toBe('}');
    }
  });

  it('maps CSL variables to BibTeX-named plain-text fields', () => {
    expect(file.entries[0]?.type).toBe('article');
    expect(field(file, 'lecun2015', 'author')).toBe('LeCun, Yann and Bengio, Yoshua and Hinton, Geoffrey');
    expect(field(file, 'lecun2015', 'journal')).toBe('Nature');
    expect(field(file, 'lecun2015', 'year')).toBe('2015');
    expect(field(file, 'lecun2015', 'month')).toBe('5');
    expect(field(file, 'lecun2015', 'number')).toBe('7553');
    expect(field(file, 'lecun2015', 'pages')).toBe('436-444');
    expect(field(file, 'lecun2015', 'doi')).toBe('10.1038/nature14539');
    expect(field(file, 'lecun2015', 'keywords')).toBe('deep learning, neural networks');
    expect(field(file, 'who2020', 'author')).toBe('{World Health Organization}');
    expect(field(file, 'who2020', 'institution')).toBe('WHO');
    expect(field(file, 'who2020', 'year')).toBe('2020');
    expect(field(file, 'vanbeethoven1810', 'author')).toBe('van Beethoven, Ludwig');
    expect(field(file, 'vanbeethoven1810', 'editor')).toBe('Smith, Jr., Jo');
    expect(field(file, 'vanbeethoven1810', 'booktitle')).toBe('Collected works');
    expect(field(file, 'vanbeethoven1810', 'year')).toBe('1810');
    expect(file.entries.find((e) => e.key === 'vanbeethoven1810')?.type).toBe('incollection');
    expect(file.entries.find((e) => e.key === 'onlyCitationKey')?.type).toBe('online');
    expect(file.entries.find((e) => e.key === '42')?.type).toBe('mastersthesis');
    expect(field(file, '42', 'school')).toBe('Some University');
  });

  it('strips CSL rich-text tags from fields but keeps them in the CSL item', () => {
    const f = readCslJson('[{"id": "e", "type": "article-journal", "title": "Growth of <i>E. coli</i> at 10<sup>5</sup> <span class=\\"nocase\\">pH</span>"}]', 'x.json');
    expect(f.entries[0]?.fields.get('title')?.raw).toBe('Growth of E. coli at 105 pH');
    expect(f.entries[0]?.csl?.title).toContain('<i>E. coli</i>');
  });

  it('keeps the CSL item on the entry, with the key as id', () => {
    const e = file.entries.find((x) => x.key === '42');
    expect(e?.csl?.id).toBe('42');
    expect(e?.csl?.genre).toBe("Master's thesis");
    expect(e?.format).toBe('csl-json');
  });

  it('recovers the items after one whose closing brace is missing', () => {
    const text = '[\n  {"id": "a", "title": "A"},\n  {"id": "b", "title": "B",\n  {"id": "c", "title": "C"}\n]\n';
    const f = readCslJson(text, 'x.json');
    expect(f.entries.map((e) => e.key)).toEqual(['a', 'c']);
    expect(f.errors.length).toBeGreaterThan(0);
    expectKeySpans(f);
  });

  it('reports a missing comma between items but keeps both', () => {
    const f = readCslJson('[{"id":"a","type":"book"}\n{"id":"b","type":"book"}]', 'x.json');
    expect(f.entries.map((e) => e.key)).toEqual(['a', 'b']);
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]?.span.start).toBe(26);
  });

  it('never throws on garbage and says where it stopped', () => {
    for (const text of ['', '   ', 'nonsense', '[', '[{', '{"id": 1', '[1, 2, "x"]', '[{"id":"a"}] trailing', '\uFEFF[]']) {
      const f = readCslJson(text, 'x.json');
      expect(fileText(f)).toBe(text);
      for (const e of f.errors) expect(e.span.start).toBeLessThanOrEqual(text.length);
    }
    expect(readCslJson('nonsense', 'x.json').errors[0]?.code).toBe('bib.syntax');
    expect(readCslJson('[{"id":"a"}] trailing', 'x.json').entries).toHaveLength(1);
  });

  it('trims padded keys and their spans alike', () => {
    const f = readCslJson('[{"id": "  padded "}]', 'x.json');
    expect(f.entries[0]?.key).toBe('padded');
    expectKeySpans(f);
  });

  it('reads a single top-level item', () => {
    const f = readCslJson('{"id": "solo", "type": "book", "title": "Solo"}', 'x.json');
    expect(f.entries.map((e) => e.key)).toEqual(['solo']);
    expectKeySpans(f);
  });
});

describe('CSL-YAML', () => {
  const file = readCslYaml(fixture('refs.yaml'), 'refs.yaml');

  it('reads the references list of a Pandoc YAML block', () => {
    expect(file.entries.map((e) => e.key)).toEqual(['knuth1984', 'crossref-style', 'oldstyle', 'edtf']);
    expect(file.errors.map((e) => e.code)).toEqual(['bib.missing-key']);
    expect(fileText(file).slice(file.errors[0]?.span.start, file.errors[0]?.span.end)).toContain('Missing its id');
  });

  it('gives key spans inside quotes, and line numbers follow', () => {
    expectKeySpans(file);
    const knuth = file.entries[0];
    expect(fileText(file).slice(0, knuth?.keySpan.start).split('\n').length).toBe(4);
  });

  it('reads every date shape', () => {
    expect(field(file, 'knuth1984', 'year')).toBe('1984');
    expect(field(file, 'crossref-style', 'year')).toBe('2023');
    expect(field(file, 'oldstyle', 'year')).toBe('1999');
    expect(field(file, 'oldstyle', 'month')).toBe('3');
    expect(field(file, 'edtf', 'date')).toBe('2021-06-14');
    expect(field(file, 'edtf', 'booktitle')).toBe('Proceedings of Something');
    expect(field(file, 'crossref-style', 'author')).toBe('{R Core Team}');
    expect(field(file, 'knuth1984', 'author')).toBe('Knuth, Donald E.');
  });

  it('reads the references of a Markdown front matter and ignores the body', () => {
    const md = '---\ntitle: Paper\nreferences:\n- id: a\n  title: A\n---\n\n# Intro: *x* [@a]\n\n- item: [b\n';
    const f = readCslYaml(md, 'paper.md');
    expect(f.entries.map((e) => e.key)).toEqual(['a']);
    expect(f.errors).toEqual([]);
    expectKeySpans(f);
  });

  it('resolves anchors shared between items, and an unknown alias costs its item only', () => {
    const text = 'references:\n- id: a\n  author: &doe\n  - family: Doe\n    given: Jane\n- id: b\n  author: *doe\n- id: c\n  author: *nobody\n- id: d\n  title: D\n';
    const f = readCslYaml(text, 'x.yaml');
    expect(f.entries.map((e) => e.key)).toEqual(['a', 'b', 'd']);
    expect(field(f, 'b', 'author')).toBe('Doe, Jane');
  });

  it('reads a bare list and reports broken YAML with its position', () => {
    const bare = readCslYaml('- id: a\n  title: A\n- id: b\n', 'x.yaml');
    expect(bare.entries.map((e) => e.key)).toEqual(['a', 'b']);
    const broken = readCslYaml('references:\n- id: a\n  title: "unclosed\n- id: b\n', 'x.yaml');
    expect(broken.errors.some((e) => e.code === 'bib.syntax')).toBe(true);
    expect(readCslYaml('just: a map\n', 'x.yaml').errors[0]?.code).toBe('bib.syntax');
    expect(readCslYaml('', 'x.yaml').errors).toEqual([]);
  });
});

describe('RIS', () => {
  const file = readRis(fixture('refs.ris'), 'refs.ris');

  it('reads records, using ID as the key when there is one and generating stable keys otherwise', () => {
    expect(file.entries.map((e) => e.key)).toEqual(['smith2019water', 'myBookKey', 'smith2019watera', 'smith2019waterb']);
    expect(readRis(fixture('refs.ris'), 'refs.ris').entries.map((e) => e.key)).toEqual(file.entries.map((e) => e.key));
  });

  it('maps tags to fields', () => {
    expect(field(file, 'smith2019water', 'author')).toBe('Smith, John and Doe, Jane A.');
    expect(field(file, 'smith2019water', 'journal')).toBe('Journal of Planets');
    expect(field(file, 'smith2019water', 'pages')).toBe('100-110');
    expect(field(file, 'smith2019water', 'date')).toBe('2019-03-02');
    expect(field(file, 'smith2019water', 'doi')).toBe('10.1000/xyz');
    expect(field(file, 'smith2019water', 'keywords')).toBe('mars, water');
    expect(field(file, 'smith2019water', 'abstract')).toBe('A first line continued on a second line.');
    expect(field(file, 'myBookKey', 'isbn')).toBe('978-3-16-148410-0');
    expect(field(file, 'myBookKey', 'address')).toBe('Oxford');
    expect(file.entries[1]?.type).toBe('book');
  });

  it('spans each record from TY to ER, the ID key exactly, and reports junk lines', () => {
    for (const e of file.entries) {
      const text = fileText(file).slice(e.span.start, e.span.end);
      expect(text.startsWith('TY  -')).toBe(true);
      expect(text.trimEnd().endsWith('ER  -')).toBe(true);
    }
    const book = file.entries[1];
    expect(fileText(file).slice(book?.keySpan.start, book?.keySpan.end)).toBe('myBookKey');
    expect(file.errors).toHaveLength(1);
    expect(fileText(file).slice(file.errors[0]?.span.start, file.errors[0]?.span.end)).toBe('this line is junk');
  });

  it('keeps a record that is not closed, with an error', () => {
    const f = readRis('TY  - JOUR\nTI  - Open\nAU  - Lee, A\n', 'x.ris');
    expect(f.entries.map((e) => e.key)).toEqual(['leeopen']);
    expect(f.errors[0]?.code).toBe('bib.syntax');
  });
});

describe('readBibliography', () => {
  it('dispatches on extension and sniffs unknown ones', () => {
    expect(readBibliography('/a/refs.JSON', '[]').format).toBe('csl-json');
    expect(readBibliography('file:///a/refs.yml', '- id: a\n').format).toBe('csl-yaml');
    expect(readBibliography('refs.ris', fixture('refs.ris')).format).toBe('ris');
    expect(readBibliography('refs.bib', '@book{a, title={A}}').format).toBe('bibtex');
    expect(readBibliography('refs.txt', fixture('items.json')).format).toBe('csl-json');
    expect(readBibliography('refs', fixture('refs.ris')).format).toBe('ris');
    expect(readBibliography('refs.txt', '@article{a, title={A}}').format).toBe('bibtex');
    expect(readBibliography('refs.txt', 'references:\n- id: a\n').format).toBe('csl-yaml');
  });
});

describe('readers on damaged input', () => {
  const sources: [string, (text: string, file: string) => BibFile][] = [
    ['items.json', readCslJson],
    ['refs.yaml', readCslYaml],
    ['refs.ris', readRis],
  ];
  for (const [name, reader] of sources) {
    it(`${name}: never throws on cut or spliced text, and key spans stay exact`, () => {
      const text = fixture(name);
      fc.assert(
        fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 4 }), (a, b, insert) => {
          const [from, to] = a <= b ? [a, b] : [b, a];
          const damaged = text.slice(0, from) + insert + text.slice(to);
          const file = reader(damaged, name);
          // RIS keys are generated unless the record has an ID, so only their bounds can be checked.
          if (file.format === 'ris') for (const e of file.entries) expect(e.keySpan.end).toBeLessThanOrEqual(damaged.length);
          else
            for (const e of file.entries) {
              // Escapes and folded multi-line scalars are the only way the source may differ from the key.
              const raw = damaged.slice(e.keySpan.start, e.keySpan.end);
              if (!/[\\\n]/.test(raw)) expect(raw).toBe(e.key);
            }
          for (const e of file.errors) expect(e.span.end).toBeLessThanOrEqual(damaged.length);
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('hostile CSL-YAML and RIS', () => {
  it('refuses a CSL-YAML item whose mis-indented lines make its keys collections, instead of stringifying it for minutes', () => {
    const text = `references:\n${Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i + 1)}- id: k${i}\n`).join('')}- id: fine\n  title: Fine\n`;
    const file = readCslYaml(text, 'refs.yaml');
    expect(file.errors.map((e) => `${e.code} ${e.message}`)).toContain('bib.syntax This reference is not read: it has a key that is not plain text (mis-indented lines?).');
  });

  it('gives 30,000 RIS records that generate one key distinct keys in linear work', () => {
    const n = 30_000;
    const file = readRis('TY  - JOUR\nER  - \n'.repeat(n), 'refs.ris');
    expect(file.entries).toHaveLength(n);
    expect(new Set(file.entries.map((e) => e.key)).size).toBe(n);
  });
});
