// The bundled bibliography is exactly what the importer makes of the bundled seed, and the
// `citelens import` command turns the seed into 254 entries and appends without collisions.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { writeBibtex } from '../../../server/src/core/syntax/bib/bibtexWriter';
import { run } from '../../../server/src/cli/import';
import { importReferences } from '../../../server/src/core/refs/toEntry';

const SEED = 'data/seed/000_3aefbbeb1e6ff4c7.txt';

function capture(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((s: string | Uint8Array, cb?: () => void) => (out.push(String(s)), cb?.(), true)) as typeof process.stdout.write);
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('bundled data', () => {
  it('data/transparency-review.bib equals a fresh import of the seed', () => {
    const { imported } = importReferences(readFileSync(SEED, 'utf8'), { style: 'nature' });
    const bib = readFileSync('data/transparency-review.bib', 'utf8');
    expect(bib.slice(bib.indexOf('@'))).toBe(writeBibtex(imported.map((r) => r.entry)));
  });

  it('the seed copy is verbatim when the shared original is present', () => {
    const original = '/work/shared/seed/000_3aefbbeb1e6ff4c7.txt';
    let text: string;
    try {
      text = readFileSync(original, 'utf8');
    } catch {
      return void console.warn(`skipped: ${original} not available`);
    }
    expect(readFileSync(SEED, 'utf8')).toBe(text);
  });
});

describe('citelens import', () => {
  it('prints 254 BibTeX entries for the seed', async () => {
    const { out } = capture();
    expect(await run([SEED, '--style', 'nature'])).toBe(0);
    expect(readBibtex(out.join(''), 'out.bib').entries).toHaveLength(254);
  });

  it('prints CSL-JSON on request', async () => {
    const { out } = capture();
    expect(await run([SEED, '--format', 'csl-json'])).toBe(0);
    const items = JSON.parse(out.join('')) as { id: string; title?: string }[];
    expect(items).toHaveLength(254);
    expect(items[0]?.title).toBe('The current and future state of AI interpretation of medical images');
  });

  it('appends to --into without touching existing text and without key collisions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citelens-import-'));
    const refs = join(dir, 'refs.txt');
    const into = join(dir, 'refs.bib');
    writeFileSync(refs, 'Rajpurkar, P. & Lungren, M. P. The current and future state of AI interpretation of medical images. N. Engl. J. Med. 388, 1981–1990 (2023).\n\nxx\n');
    const existing = '@article{rajpurkar2023current, title = {Kept as is}}';
    writeFileSync(into, existing);
    const { err } = capture();
    expect(await run([refs, '--into', into])).toBe(0);
    const after = readFileSync(into, 'utf8');
    expect(after.startsWith(existing + '\n')).toBe(true);
    const keys = readBibtex(after, into).entries.map((e) => e.key);
    expect(keys).toEqual(['rajpurkar2023current', 'rajpurkar2023currenta']);
    expect(err.join('\n')).toMatch(/skipped: .*xx/);
    expect(err.join('\n')).toMatch(/appended 1 entries to .*1 skipped: 1 not understood/);
  });

  it('never appends a work already in --into: run twice, it appends once and leaves the file byte-for-byte unchanged the second time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citelens-import-'));
    const refs = join(dir, 'refs.txt');
    const into = join(dir, 'refs.bib');
    writeFileSync(refs, 'Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.\nTopol, E. J. (2019). High-performance medicine: the convergence of human and artificial intelligence. Nature Medicine, 25(1), 44–56.\n');
    writeFileSync(into, '@book{kept, title = {Kept}}\n');
    capture();
    expect(await run([refs, '--into', into])).toBe(0);
    const once = readFileSync(into);
    expect(readBibtex(once.toString('utf8'), into).entries).toHaveLength(3);
    vi.restoreAllMocks();
    const { err } = capture();
    expect(await run([refs, '--into', into])).toBe(0);
    expect(readFileSync(into).equals(once)).toBe(true);
    expect(err.join('\n')).toMatch(/nothing appended to .*2 skipped: 2 already there/);
    expect(err.join('\n')).toMatch(/skipped: already in the bibliography as 'smith2019deep'/);
  });

  it('appends to a Latin-1 file in Latin-1, leaving its bytes as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citelens-import-'));
    const refs = join(dir, 'refs.txt');
    const into = join(dir, 'latin1.bib');
    writeFileSync(refs, 'Smith, E. J. (2019). Deep models of the brain. Nature Medicine, 25(1), 44–56.\n');
    const latin1 = Buffer.from('@book{m, author = {M\xfcller, J.}, title = {B\xfccher}}\n', 'latin1');
    writeFileSync(into, latin1);
    capture();
    expect(await run([refs, '--into', into])).toBe(0);
    const after = readFileSync(into);
    expect(after.subarray(0, latin1.length).equals(latin1)).toBe(true);
    // Still Latin-1 throughout: the old entry's ü is one byte, and the new entry is there.
    expect(after.toString('latin1')).toContain('M\xfcller');
    expect(after.toString('latin1')).toMatch(/@article\{smith2019deep,/);
  });

  it('prints every entry through a pipe when run as the bundled command', async () => {
    // The dispatcher exits as soon as run() resolves; a piped stdout must be flushed before that.
    const { build } = await import('esbuild');
    const { execFileSync } = await import('node:child_process');
    const out = join(mkdtempSync(join(tmpdir(), 'citelens-cli-')), 'cli.js');
    await build({ entryPoints: ['server/src/cli.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
    const stdout = execFileSync(process.execPath, [out, 'import', SEED], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
    expect(readBibtex(stdout, 'out.bib').entries).toHaveLength(254);
  });

  it('rejects unknown styles with a usage message', async () => {
    const { err } = capture();
    expect(await run([SEED, '--style', 'mla'])).toBe(2);
    expect(err.join('')).toMatch(/usage/);
  });
});
