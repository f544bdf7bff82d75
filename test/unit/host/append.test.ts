// Appending imported entries to a bibliography in its own encoding: the bytes already there never
// change, the new entry reads back as written, and an encoding that cannot hold it is refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldText } from '../../../server/src/core/syntax/bib/fields';
import { appendToFile, loadBibliography, uriOf } from '../../../server/src/host';

const dir = mkdtempSync(join(tmpdir(), 'citelens-append-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf16le = (text: string, bom = true) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const added = '@article{new2024, author = {Müller, Jürgen}, title = {Über “Zitate” – ein Test}}\n';

/**
 * Appends to a file holding `before`, then checks its first bytes are exactly `before` and that the
 * file reads as the old entry plus the new one, with the names as written. The only caller of appendToFile here.
 */
async function check(name: string, before: Buffer, text = added) {
  const path = join(dir, name);
  writeFileSync(path, before);
  await appendToFile(uriOf(path), text);
  const after = readFileSync(path);
  expect(after.subarray(0, before.length).equals(before)).toBe(true);
  const read = await loadBibliography(uriOf(path));
  if (!('file' in read)) throw new Error(`not read: ${read.reason}`);
  return read.file.entries.map((e) => `${e.key}: ${fieldText(e, 'author')} / ${fieldText(e, 'title')}`);
}

describe('appendToFile', () => {
  it('appends Windows-1252 to a Latin-1 file, so Citelens reads Müller back, not MÃ¼ller', async () => {
    expect(await check('latin1.bib', latin1('@book{old, author = {Gödel, Kurt}, title = {Abschluß}}'))).toEqual([
      'old: Gödel, Kurt / Abschluß',
      'new2024: Müller, Jürgen / Über “Zitate” – ein Test',
    ]);
  });

  it('appends UTF-16 to a UTF-16 file, with or without a BOM', async () => {
    for (const bom of [true, false]) {
      expect(await check(`utf16-${bom}.bib`, utf16le('@book{old, author = {Łukasiewicz, Jan}, title = {東京}}\n', bom))).toEqual([
        'old: Łukasiewicz, Jan / 東京',
        'new2024: Müller, Jürgen / Über “Zitate” – ein Test',
      ]);
    }
  });

  it('appends UTF-8 to a UTF-8 file and creates a missing one', async () => {
    expect(await check('utf8.bib', Buffer.from('@book{old, title = {Łódź}}', 'utf8'))).toEqual(['old:  / Łódź', 'new2024: Müller, Jürgen / Über “Zitate” – ein Test']);
    await appendToFile(uriOf(join(dir, 'fresh.bib')), added);
    expect(readFileSync(join(dir, 'fresh.bib'), 'utf8')).toBe(added);
  });

  it('refuses, touching nothing, text a Latin-1 file cannot hold, and a file that is not regular', async () => {
    const path = join(dir, 'refuse.bib');
    const before = latin1('@book{old, author = {Gödel, Kurt}}\n');
    writeFileSync(path, before);
    await expect(appendToFile(uriOf(path), '@misc{x, author = {Łukasiewicz, Jan}, title = {東京}}')).rejects.toThrow(
      'Nothing was written to refuse.bib: it is written in Latin-1 (Windows-1252), which cannot hold Ł 東 京.',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    await expect(appendToFile(uriOf(dir), added)).rejects.toThrow(/^Nothing was written to .*: it is a folder\.$/);
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.bib')]);
    } catch {
      return void console.warn('skipped the FIFO case: mkfifo is not available here');
    }
    await expect(appendToFile(uriOf(join(dir, 'pipe.bib')), added)).rejects.toThrow('Nothing was written to pipe.bib: it is a named pipe (FIFO).');
  });
});
