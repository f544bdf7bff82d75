// The host reads only regular files of bounded size: workspace content names the files we read,
// and a device, a pipe or a huge file must be refused with a reason, never read for ever or block.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBibliography, loadDoc, readLimits, uriOf } from '../../../server/src/host';

const dir = mkdtempSync(join(tmpdir(), 'citelens-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fifo(name: string): string | undefined {
  const path = join(dir, name);
  try {
    execFileSync('mkfifo', [path]);
    return path;
  } catch {
    return undefined;
  }
}

/** What loading a path as a bibliography gives: entry count, or `missing`/`refused: reason`. */
async function check(path: string): Promise<string> {
  const r = await loadBibliography(uriOf(path));
  if ('file' in r) return `${r.file.entries.length} entries`;
  return r.refused ? `refused: ${r.reason}` : `missing: ${r.reason}`;
}

describe('reading bibliography files from disk', () => {
  it('reads a regular file, and one through a symlink', async () => {
    writeFileSync(join(dir, 'ok.bib'), '@misc{a, title = {A}}\n@misc{b, title = {B}}\n');
    symlinkSync(join(dir, 'ok.bib'), join(dir, 'link.bib'));
    expect(await check(join(dir, 'ok.bib'))).toBe('2 entries');
    expect(await check(join(dir, 'link.bib'))).toBe('2 entries');
    expect(await check(join(dir, 'absent.bib'))).toBe('missing: ENOENT');
  });

  it.skipIf(!existsSync('/dev/zero'))('refuses a device, directly or through a symlink, without reading it', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.bib'));
    expect(await check('/dev/zero')).toBe('refused: is a device');
    expect(await check(join(dir, 'zero.bib'))).toBe('refused: is a device');
    expect(await loadDoc(uriOf(join(dir, 'zero.bib')))).toBeUndefined();
  });

  it('refuses a named pipe without blocking on it', async () => {
    const path = fifo('pipe.bib');
    if (!path) return void console.warn('skipped: mkfifo is not available here');
    symlinkSync(path, join(dir, 'pipe-link.bib'));
    expect(await check(path)).toBe('refused: is a named pipe (FIFO)');
    expect(await check(join(dir, 'pipe-link.bib'))).toBe('refused: is a named pipe (FIFO)');
    expect(await loadDoc(uriOf(path))).toBeUndefined();
  });

  it('refuses a folder and a file over the size cap, and reads one at the cap', async () => {
    expect(await check(dir)).toBe('refused: is a folder');
    const saved = readLimits.maxBytes;
    try {
      readLimits.maxBytes = 64;
      writeFileSync(join(dir, 'big.bib'), `@misc{a, title = {${'x'.repeat(100)}}}`);
      writeFileSync(join(dir, 'edge.bib'), `@misc{a, title = {${'x'.repeat(64 - 20)}}}`);
      expect(await check(join(dir, 'big.bib'))).toBe('refused: is larger than 64 bytes (120 bytes), the most Citelens reads');
      expect(await check(join(dir, 'edge.bib'))).toBe('1 entries');
      expect(await loadDoc(uriOf(join(dir, 'big.bib')))).toBeUndefined();
    } finally {
      readLimits.maxBytes = saved;
    }
  });

  it.skipIf(!existsSync('/proc/self/status'))('caps files whose size the kernel does not report (/proc)', async () => {
    const saved = readLimits.maxBytes;
    try {
      readLimits.maxBytes = 16;
      expect(await check('/proc/self/status')).toMatch(/^refused: is larger than/);
    } finally {
      readLimits.maxBytes = saved;
    }
  });
});
