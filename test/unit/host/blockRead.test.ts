// A large BibTeX file is read in blocks, never held whole: the read must be the one of the whole
// bytes for any block size, in every encoding, and a file changed between the two passes is read
// as it is now, not as a mix of both.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { blockReads, loadBibliography, uriOf } from '../../../server/src/host';
import { readBibliographyBytes } from '../../../server/src/core/syntax/bib/read';
import { fieldSpan, type BibFile } from '../../../server/src/core/model/entry';
import { fileText } from '../../../server/src/core/model/fileText';
import { corpus } from '../bib/corpus';

const dir = mkdtempSync(join(tmpdir(), 'citelens-blocks-'));
const saved = { ...blockReads };
afterEach(() => Object.assign(blockReads, saved));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const encoder = new TextEncoder();

function shape(file: BibFile) {
  return {
    text: fileText(file),
    entries: file.entries.map((e) => [e.key, e.type, e.span, e.keySpan, [...e.fields.values()].map((f) => [f.name, f.raw, fieldSpan(e, f)])]),
    strings: [...file.strings],
    errors: file.errors,
  };
}

/** Loads the bytes from disk in blocks of `block` bytes and checks the read is the whole bytes' read. */
async function agree(bytes: Uint8Array, block: number, name = 'x.bib'): Promise<BibFile> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  blockReads.aboveBytes = 0;
  blockReads.blockBytes = block;
  const r = await loadBibliography(uriOf(path));
  if (!('file' in r)) throw new Error(r.reason);
  expect(shape(r.file)).toEqual(shape(readBibliographyBytes(uriOf(path), bytes)));
  return r.file;
}

const fragments = ['@article{', '@book(', '@string{', '@comment{', '  @misc{', '@ ', '\n@article{k,', 'title = {', 'author = "', ' # ', '}', ')', '{', '"', ',', '\n', '\r\n', '%', 'key1,', 'abc = {x}', 'é', '東', '\t', '@string{foo = "Foo"}\n', 'foo'];
const bibLike = fc.array(fc.constantFrom(...fragments), { maxLength: 120 }).map((parts) => parts.join(''));

describe('reading a large BibTeX file in blocks', () => {
  it('reads random BibTeX-like files as the whole bytes read, for any block size', async () => {
    await fc.assert(fc.asyncProperty(bibLike, fc.integer({ min: 1, max: 64 }), async (text, block) => void (await agree(encoder.encode(text), block))), { numRuns: 300 });
  });

  it('reads a file with a BOM, a Windows-1252 file and a UTF-16 one', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => `@article{k${i},\n  title = {Caf\u00e9 ${i}},\n  year = 2020\n}\n`).join('\n');
    expect((await agree(encoder.encode(`\uFEFF${entries}`), 17)).entries).toHaveLength(50);
    const latin = Uint8Array.from([...entries].map((c) => c.charCodeAt(0)));
    const file = await agree(latin, 13);
    expect(file.entries[3]?.fields.get('title')?.raw).toBe('Café 3');
    const wide = new Uint8Array(2 + entries.length * 2);
    wide.set([0xff, 0xfe]);
    for (let i = 0; i < entries.length; i++) wide[2 + 2 * i] = entries.charCodeAt(i);
    expect((await agree(wide, 5)).entries).toHaveLength(50);
  });

  it('reads an entry longer than a block', async () => {
    const text = `@article{a, title = {${'long '.repeat(500)}}}\n@article{b, title = {B}}\n`;
    expect((await agree(encoder.encode(text), 64)).entries.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('reads a file changed between its two passes as it is now', async () => {
    const path = join(dir, 'moving.bib');
    const first = Array.from({ length: 40 }, (_, i) => `@article{old${i}, title = {Old ${i}}}\n`).join('');
    const second = Array.from({ length: 30 }, (_, i) => `@article{new${i}, title = {New title ${i}}}\n`).join('');
    writeFileSync(path, first);
    blockReads.aboveBytes = 0;
    blockReads.blockBytes = 50;
    const r = await loadBibliography(uriOf(path), () => {
      writeFileSync(path, second);
      return undefined;
    });
    if (!('file' in r)) throw new Error(r.reason);
    expect(r.file.entries.map((e) => e.key)).toEqual(Array.from({ length: 30 }, (_, i) => `new${i}`));
    expect(fileText(r.file)).toBe(second);
  });

  it('says why a missing file was not read', async () => {
    blockReads.aboveBytes = 0;
    expect(await loadBibliography(uriOf(join(dir, 'absent.bib')))).toEqual({ missing: true, reason: 'ENOENT' });
  });

  describe.skipIf(!corpus)('every file of shared/corpus, in blocks of 4 KB', () => {
    for (const name of corpus ? readdirSync(corpus).filter((f) => f.endsWith('.bib')) : []) {
      it(name, async () => void (await agree(readFileSync(join(corpus ?? '.', name)), 4096, name)));
    }
  });

  it('the bundled bibliography, in blocks of 1 KB', async () => {
    expect((await agree(readFileSync(resolve(__dirname, '../../../data/transparency-review.bib')), 1024, 'seed.bib')).entries.length).toBeGreaterThan(200);
  });
});
