// The BibTeX reader on small fixtures: entry shapes, macros, spans, and recovery from broken input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxExpandedValue, readBibtex, readBibtexComments } from '../../../server/src/core/syntax/bib/bibtex';
import { fieldSpan, type BibEntry } from '../../../server/src/core/model/entry';
import { authorLabel, fieldText } from '../../../server/src/core/syntax/bib/fields';
import { lineStarts, positionAt } from '../../../server/src/core/model/types';

/** What a user would see of a read: entries as `type key {field: raw}`, and errors as `line: code message`. */
function check(text: string, expected: { entries?: string[]; errors?: string[]; strings?: Record<string, string> }) {
  const bib = readBibtex(text, 'refs.bib');
  const starts = lineStarts(text);
  const entries = bib.entries.map((e) => `${e.type} ${e.key} ${JSON.stringify(Object.fromEntries([...e.fields].map(([k, f]) => [k, f.raw])))}`);
  const errors = bib.errors.map((e) => `${positionAt(starts, e.span.start).line + 1}: ${e.code} ${e.message}`);
  if (expected.entries) expect(entries).toEqual(expected.entries);
  expect(errors).toEqual(expected.errors ?? []);
  if (expected.strings) expect(Object.fromEntries(bib.strings)).toEqual(expected.strings);
  return bib;
}

describe('readBibtex', () => {
  it('reads braced, quoted, bare and concatenated values, lower-casing types and field names', () => {
    check(
      '@ARTICLE{lundberg2017,\n  Author = {Lundberg, Scott and {Lee}, Su-In},\n  TITLE = "A {Unified} Approach",\n  year = 2017,\n  note = "a" # {b} # 42\n}\n',
      { entries: ['article lundberg2017 {"author":"Lundberg, Scott and {Lee}, Su-In","title":"A {Unified} Approach","year":"2017","note":"ab42"}'] },
    );
  });

  it('expands @string macros case-insensitively and the predefined months', () => {
    check(
      '@String{ACM = "Association for Computing Machinery"}\n@string(jgr = {J.~Geophys. Res.})\n' +
        '@article{a, publisher = acm, journal = JGR # " (Atmospheres)", month = jul}\n',
      {
        entries: ['article a {"publisher":"Association for Computing Machinery","journal":"J.~Geophys. Res. (Atmospheres)","month":"July"}'],
        strings: { acm: 'Association for Computing Machinery', jgr: 'J.~Geophys. Res.' },
      },
    );
  });

  it('reports an undefined macro but keeps the entry, with the macro name as its value', () => {
    check('@article{a, journal = nosuch}\n', {
      entries: ['article a {"journal":"nosuch"}'],
      errors: ["1: bib.undefined-string Undefined @string macro 'nosuch'"],
    });
  });

  it('skips @preamble and @comment, keeps comment texts (JabRef metadata) and ignores text outside entries', () => {
    const text = 'Some notes, e-mail me@example.org.\n@preamble{ "\\newcommand{\\noop}[1]{}" }\n@comment{jabref-meta: grouping:\n0 AllEntriesGroup:;\n1 StaticGroup:Shapley\\;0\\;1\\;;\n}\n@Comment{jabref-meta: databaseType:biblatex;}\n@misc{k}\n';
    check(text, { entries: ['misc k {}'] });
    expect(readBibtexComments([text])).toEqual([
      'jabref-meta: grouping:\n0 AllEntriesGroup:;\n1 StaticGroup:Shapley\\;0\\;1\\;;\n',
      'jabref-meta: databaseType:biblatex;',
    ]);
  });

  it('takes @comment without braces for a comment, as BibTeX does (it skips to the next @)', () => {
    check('@Comment this file was exported by hand\n@COMMENT\n@misc{k, title = {T}}\n', { entries: ['misc k {"title":"T"}'] });
  });

  it('reads the paren form, nested braces, CRLF, a BOM and keys with unusual characters', () => {
    const bib = check('\uFEFF@book(Knuth:1984/TeX.book+v1_a-b,\r\n  title = {The {\\TeX}book {with {deep} nesting}}\r\n)\r\n', {
      entries: ['book Knuth:1984/TeX.book+v1_a-b {"title":"The {\\\\TeX}book {with {deep} nesting}"}'],
    });
    expect(bib.entries[0]?.span.start).toBe(1);
  });

  it('records the span of the entry, of its key and of each value', () => {
    const text = '@misc{key1,\n  title = {Hello} # " world",\n  year = 2020}\n';
    const bib = check(text, { entries: ['misc key1 {"title":"Hello world","year":"2020"}'] });
    const e = bib.entries[0]!;
    const slice = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
    expect(slice(e.span)).toBe(text.trimEnd());
    expect(slice(e.keySpan)).toBe('key1');
    const span = (name: string) => {
      const f = e.fields.get(name);
      return f && fieldSpan(e, f);
    };
    expect(slice(span('title'))).toBe('{Hello} # " world"');
    expect(slice(span('year'))).toBe('2020');
  });

  it('keeps the first of two equal field names and reports the second', () => {
    check('@misc{k,\n  title = {One},\n  Title = {Two}\n}\n', {
      entries: ['misc k {"title":"One"}'],
      errors: ["3: bib.duplicate-field Field 'title' appears twice in entry 'k'; the first one is used"],
    });
  });

  it('tolerates a forgotten comma between fields, reporting it', () => {
    check('@misc{k,\n  title = {One}\n  year = 2001\n}\n', {
      entries: ['misc k {"title":"One","year":"2001"}'],
      errors: ["3: bib.syntax Missing ',' before this field in entry 'k'"],
    });
  });

  it('drops an entry with a missing key, or garbage between fields, and keeps the next one', () => {
    check('@article{title = {No key}}\n@misc{ok1, note = {fine}}\n@misc{bad, title = {x} garbage here,\n year = 2000}\n@misc{ok2}\n', {
      entries: ['misc ok1 {"note":"fine"}', 'misc ok2 {}'],
      errors: [
        "1: bib.syntax Missing key in @article: expected '@article{key, ...'",
        "3: bib.syntax Unexpected text in entry 'bad': expected ',' or '}'",
      ],
    });
  });

  it('drops an entry whose value never closes and resumes at the next entry', () => {
    check('@misc{a, title = {Open {brace}\n@misc{b, title = "open quote\n  @misc{c, year = 1999}\n', {
      entries: ['misc c {"year":"1999"}'],
      errors: [
        "1: bib.syntax Unterminated braced value: '{' is never closed by '}'",
        '2: bib.syntax Unterminated quoted value: \'"\' is never closed by \'"\'',
      ],
    });
  });

  it('keeps an entry whose closing brace is missing when the next entry starts', () => {
    check('@misc{a, title = {Kept}, year = 2001\n@misc{b}\n', {
      entries: ['misc a {"title":"Kept","year":"2001"}', 'misc b {}'],
      errors: ["1: bib.syntax Entry 'a' is not closed: missing '}'"],
    });
  });

  it('reports a line-start @ that is not followed by an entry, and ignores commented-out entries', () => {
    check('@article no brace\n% @misc{hidden, title = {x}}\n@misc{shown}\n', {
      entries: ['misc shown {}'],
      errors: ["1: bib.syntax Expected '{' or '(' after @article"],
    });
  });

  it('reads an empty file and a file of only comments', () => {
    check('', { entries: [] });
    check('% nothing here\n', { entries: [] });
  });

  it('loses only the broken entry of a real-looking file, and reports the right line', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/bib/broken-middle.bib'), 'utf8');
    const bib = readBibtex(text, 'broken-middle.bib');
    expect(bib.entries.map((e) => e.key)).toEqual(['first', 'third']);
    expect(bib.errors).toHaveLength(1);
    const line = positionAt(lineStarts(text), bib.errors[0]!.span.start).line;
    expect(text.split('\n')[line]).toContain('title = {The {TeX book,');
  });
});

describe('readBibtex on hostile input', () => {
  it('survives a 1 KB @string doubling bomb: values stop growing at 1 MB, the rest of the file is read, and it says so', () => {
    let bomb = '@string{s0 = "xx"}\n';
    for (let i = 1; i < 40; i++) bomb += `@string{s${i} = s${i - 1} # s${i - 1}}\n`;
    bomb += '@article{a, title = s39, journal = s39 # s39}\n@article{b, title = {Fine}}\n';
    expect(bomb.length).toBeLessThan(1200);
    const bib = readBibtex(bomb, 'bomb.bib');
    expect(bib.entries.map((e) => e.key)).toEqual(['a', 'b']);
    const longest = Math.max(...[...bib.strings.values(), ...bib.entries.flatMap((e) => [...e.fields.values()].map((f) => f.raw))].map((v) => v.length));
    expect(longest).toBeLessThanOrEqual(maxExpandedValue + 10);
    const total = [...bib.strings.values()].reduce((n, v) => n + v.length, 0);
    expect(total).toBeLessThan(32 << 20);
    expect(bib.errors.length).toBeGreaterThan(0);
    expect(bib.errors.every((e) => e.code === 'bib.limit')).toBe(true);
    expect(bib.errors[0]?.message).toMatch(/^Expanding 's19' here would build more than 1 MB of text/);
  });

  it('reads an entry with 5,000 nested braces, reports the depth, and decodes its text', () => {
    const deep = `${'{'.repeat(5000)}x${'}'.repeat(5000)}`;
    const bib = check(`@article{a, title = {${deep}}, author = "${deep}"}\n@article{b, title = {B}}`, {
      errors: [
        '1: bib.limit Braces are nested 5000 deep in this value; below 100 levels its text is shown without LaTeX',
        '1: bib.limit Braces are nested 5000 deep in this value; below 100 levels its text is shown without LaTeX',
      ],
    });
    expect(bib.entries.map((e) => fieldText(e, 'title'))).toEqual(['x', 'B']);
    expect(authorLabel(bib.entries[0] as BibEntry)).toBe('x');
  });
});
