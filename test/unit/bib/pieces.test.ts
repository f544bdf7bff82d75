// A BibTeX file read in pieces (one entry a piece, decoded piece by piece) reads exactly as the
// whole text does, and a re-read takes over the entries that did not change.
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBibtex, readBibtexChunks, readBibtexComments } from '../../../server/src/core/syntax/bib/bibtex';
import { BlockCuts, bytePieces, decodeBytes, entryCuts } from '../../../server/src/core/syntax/bib/encoding';
import { readBibliographyBytes } from '../../../server/src/core/syntax/bib/read';
import { fieldSpan, type BibFile } from '../../../server/src/core/model/entry';
import { chunkLineStarts, lineStarts } from '../../../server/src/core/model/types';
import { fileCharCodeAt, fileLength, fileSlice, fileText, hasText, sameText } from '../../../server/src/core/model/fileText';
import { corpus } from './corpus';

const encoder = new TextEncoder();

/** Everything a read yields, offsets absolute, in a form toEqual compares. */
function shape(file: BibFile) {
  return {
    entries: file.entries.map((e) => ({
      key: e.key,
      type: e.type,
      span: e.span,
      keySpan: e.keySpan,
      fields: [...e.fields.values()].map((f) => [f.name, f.raw, fieldSpan(e, f)]),
    })),
    strings: [...file.strings],
    errors: file.errors,
  };
}

/** Reads the bytes in pieces and as one text, and checks the two agree; returns the piecewise read. */
function agree(bytes: Uint8Array, name = 'x.bib'): BibFile {
  const whole = readBibtex(decodeBytes(bytes).text, name);
  const pieces = readBibliographyBytes(name, bytes);
  expect(shape(pieces)).toEqual(shape(whole));
  expect(fileText(pieces)).toBe(decodeBytes(bytes).text);
  expect(readBibtexComments(pieces.chunks)).toEqual(readBibtexComments([decodeBytes(bytes).text]));
  return pieces;
}

const fragments = [
  '@article{', '@book(', '@string{', '@comment{', '@preamble{', '  @misc{', '@ ', '@inproceedings {', '\n@article{k,',
  'title = {', 'author = "', 'month = jan', 'year = 2020', ' # ', '}', ')', '{', '"', ',', '=', '\n', '\r\n', '\r', '%', '% @article{x,\n',
  'key1,', 'key2,', 'abc = {x}', 'é', 'Ł', '東', '\\"{o}', '  ', '\t', '@string{jan = "Janvier"}\n', '@string{foo = "Foo"}\n', 'foo',
];
const bibLike = fc.array(fc.constantFrom(...fragments), { maxLength: 200 }).map((parts) => parts.join(''));

describe('reading in pieces', () => {
  it('reads random BibTeX-like text as the whole text reads', () => {
    fc.assert(fc.property(bibLike, (text) => void agree(encoder.encode(text))), { numRuns: 800 });
  });

  it('cuts only before an entry header at a line start', () => {
    const text = 'x @article{a,}\n@article{b, t={\n@book{c,}\n  @misc(d)\n@ comment\n%@x{\n@string {s="x"}';
    const bytes = encoder.encode(text);
    expect(entryCuts(bytes).map((i) => text.slice(i, i + 6))).toEqual(['x @art', '@artic', '@book{', '@misc(', '@strin']);
  });

  it('cuts a file given in blocks where it cuts the whole, whatever the blocks (read into one reused buffer)', () => {
    fc.assert(
      fc.property(bibLike, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (text, sizes) => {
        const bytes = encoder.encode(text);
        const cuts = new BlockCuts();
        const shared = Buffer.alloc(64);
        for (let at = 0, i = 0; ; i++) {
          const n = Math.min(sizes[i % sizes.length] as number, bytes.length - at);
          shared.set(bytes.subarray(at, at + n));
          cuts.push(shared.subarray(0, n), n === 0);
          shared.fill(64);
          at += n;
          if (n === 0) break;
        }
        expect(cuts.cuts).toEqual(entryCuts(bytes));
      }),
      { numRuns: 800 },
    );
  });

  it('reads Windows-1252 bytes, and a file whose bad byte is in a late piece, as decodeBytes reads them', () => {
    const latin = Uint8Array.from([...encoder.encode('@article{a, title={Caf'), 0xe9, ...encoder.encode('}}\n@article{b, title={x}}\n@article{c, title={'), 0x93, 0x94, ...encoder.encode('}}\n')]);
    const file = agree(latin);
    expect(file.entries.map((e) => e.fields.get('title')?.raw)).toEqual(['Café', 'x', '“”']);
  });

  it('keeps pieces without wide characters one-byte and the text unchanged with a BOM', () => {
    const bytes = encoder.encode('\uFEFF@article{a, title={Ł}}\n@article{b, title={plain}}\n');
    const file = agree(bytes);
    expect(file.chunks).toHaveLength(2);
    expect(fileText(file).startsWith('@article{a')).toBe(true);
  });

  it('reads a large file whose pieces hold wide characters, Latin-1 ones or none', () => {
    const names = ['Smith', 'Müller', 'Łukasz', 'Zoë', '東京', 'Brown', 'Ôtel'];
    const text = Array.from({ length: 4000 }, (_, i) => `@article{k${i},\n  author = {${names[Math.floor(i / 300) % names.length]}, A.},\n  title = {Title ${i} ${'x'.repeat(i % 50)}}\n}\n\n`).join('');
    const file = agree(encoder.encode(text));
    expect(file.entries).toHaveLength(4000);
  });

  it('reads UTF-16 files whole', () => {
    const text = '@article{a, title={x}}\n@article{b, title={y}}\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
    expect('whole' in bytePieces(bytes)).toBe(true);
    expect(readBibliographyBytes('u.bib', bytes).entries.map((e) => e.key)).toEqual(['a', 'b']);
  });

  describe.skipIf(!corpus)('every file of shared/corpus', () => {
    for (const name of corpus ? readdirSync(corpus).filter((f) => f.endsWith('.bib')) : []) {
      it(name, () => void agree(readFileSync(join(corpus ?? '.', name)), name));
    }
  });

  it('the bundled bibliography', () => {
    agree(readFileSync(resolve(__dirname, '../../../data/transparency-review.bib')));
  });
});

describe('the text of a file in pieces', () => {
  const piecesOf = fc.array(fc.array(fc.constantFrom('a', 'é', 'Ł', '\n', '\r', '\r\n', ' '), { maxLength: 12 }).map((p) => p.join('')), { maxLength: 8 });

  it('has the line table, slices, codes and length of the joined text', () => {
    fc.assert(
      fc.property(piecesOf, fc.nat(), fc.nat(), (chunks, a, b) => {
        const file = { chunks: chunks.length ? chunks : [''] };
        const text = file.chunks.join('');
        expect(chunkLineStarts(file.chunks)).toEqual(lineStarts(text));
        expect(fileLength(file)).toBe(text.length);
        const start = a % (text.length + 2);
        const end = b % (text.length + 2);
        expect(fileSlice(file, start, end)).toBe(text.slice(start, Math.max(start, end)));
        expect(fileCharCodeAt(file, start)).toEqual(text.charCodeAt(start));
        expect(hasText(file, text)).toBe(true);
        expect(hasText(file, `${text}x`)).toBe(false);
        expect(sameText(file, { chunks: [text] })).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading again after a change', () => {
  const entry = (k: number, extra = '') => `@article{k${k},\n  author = {Author, A${k}},\n  title = {Title ${k}${extra}},\n  month = jan,\n  year = {20${k % 100}}\n}\n`;
  const fileOf = (ks: number[], head = '', extra = new Map<number, string>()) => head + ks.map((k) => entry(k, extra.get(k))).join('\n');
  const read = (text: string, previous?: BibFile) => {
    const pieces = bytePieces(encoder.encode(text));
    if ('whole' in pieces) throw new Error('unexpected UTF-16');
    return readBibtexChunks(pieces.utf8, 'r.bib', previous);
  };
  const ks = Array.from({ length: 20 }, (_, i) => i);

  const changes: [string, string, string, number][] = [
    // [what, before, after, entries taken over]
    // The last entry's piece gains the blank line before the new one: it is read again.
    ['an entry added at the end', fileOf(ks), fileOf([...ks, 99]), 19],
    ['an entry added at the start', fileOf(ks), fileOf([99, ...ks]), 20],
    ['an entry retitled', fileOf(ks), fileOf(ks, '', new Map([[7, ' (revised)']])), 19],
    ['an entry deleted', fileOf(ks), fileOf(ks.filter((k) => k !== 3)), 19],
    ['a month macro redefined', fileOf(ks), fileOf(ks, '@string{jan = "Janvier"}\n'), 0],
    ['the macro definition removed again', fileOf(ks, '@string{jan = "Janvier"}\n'), fileOf(ks), 0],
  ];
  for (const [what, before, after, reused] of changes) {
    it(`${what}: reads as a fresh read, taking over the unchanged entries`, () => {
      const first = read(before);
      const again = read(after, first);
      expect(shape(again)).toEqual(shape(read(after)));
      expect(fileText(again)).toBe(after);
      const old = new Set(first.entries.map((e) => e.fields));
      expect(again.entries.filter((e) => old.has(e.fields))).toHaveLength(reused);
    });
  }

  it('keeps the very entry objects whose place did not change', () => {
    const first = read(fileOf(ks));
    const again = read(fileOf([...ks, 99]), first);
    expect(again.entries.slice(0, 19).every((e, i) => e === first.entries[i])).toBe(true);
    // The text of a piece taken over is the earlier read's own string, so only one copy stays alive.
    expect(again.chunks.slice(0, 19).every((c, i) => c === first.chunks[i])).toBe(true);
  });

  it('does not take over an entry whose piece had an error', () => {
    const broken = fileOf(ks).replace('title = {Title 5}', 'title = {Title 5} publisher = {P}');
    const first = read(broken);
    expect(first.errors).not.toHaveLength(0);
    const again = read(`${broken}\n${entry(99)}`, first);
    expect(shape(again)).toEqual(shape(read(`${broken}\n${entry(99)}`)));
    expect(again.entries.find((e) => e.key === 'k5')?.fields).not.toBe(first.entries.find((e) => e.key === 'k5')?.fields);
  });

  it('after random edits, reads as a fresh read', () => {
    const edit = fc.record({ at: fc.nat(), drop: fc.nat({ max: 40 }), insert: fc.constantFrom('', '\n', '@article{n, title={x}}\n', '}', '{', 'é', '@string{jan="J"}\n', ' # jan', 'title = {t},') });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        let text = fileOf(ks.slice(0, 8));
        let previous = read(text);
        for (const { at, drop, insert } of edits) {
          const p = at % (text.length + 1);
          text = text.slice(0, p) + insert + text.slice(p + drop);
          const again = read(text, previous);
          expect(shape(again)).toEqual(shape(read(text)));
          previous = again;
        }
      }),
      { numRuns: 200 },
    );
  });
});
