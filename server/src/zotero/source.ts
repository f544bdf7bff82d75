// The Zotero library as a source: where the data directory is, and one read of it. A read takes
// the bytes of zotero.sqlite (with its -wal log applied) and better-bibtex.sqlite, never the file
// itself: Zotero holds an exclusive lock while it runs, and we must never block or write it. A copy
// caught mid-write (the file changed during the read, a torn header, a failed integrity check) is
// read again a little later, and only a sound copy replaces the library already known.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readZoteroLibrary } from '../core/syntax/zotero/library';
import type { ZoteroData } from '../core/model/zotero';
import { fileSignature, readRegularFile, uriOf } from '../host';
import { betterBibtexRows, sqlEngine, withDatabase, zoteroRows, type Since } from './sqlite';
import { applyWal } from './wal';

/** The most a Zotero database may hold to be read (its full-text index makes big libraries large). */
export const zoteroMaxBytes = 2 * 1024 * 1024 * 1024 - 1;

export type DataDirectory = { dir: string } | { off: string };

/**
 * The data directory the setting names: `off` disables; empty means `~/Zotero`, used only when
 * it holds a zotero.sqlite; `~` is the home folder.
 */
export async function dataDirectory(setting: string | undefined, home = homedir()): Promise<DataDirectory> {
  const value = (setting ?? '').trim();
  if (value.toLowerCase() === 'off') return { off: 'the citelens.zotero.dataDirectory setting is "off"' };
  if (!value) {
    const dir = join(home, 'Zotero');
    return (await fileSignature(uriOf(join(dir, 'zotero.sqlite')))) ? { dir } : { off: `no zotero.sqlite in ${dir}` };
  }
  return { dir: resolve(value.replace(/^~(?=$|[\\/])/, home)) };
}

const zoteroFiles = ['zotero.sqlite', 'zotero.sqlite-wal'];
const betterBibtexFiles = ['better-bibtex.sqlite', 'better-bibtex.sqlite-wal'];

/** The files of a data directory whose changes mean the library changed. */
export function libraryFiles(dir: string): string[] {
  return [...zoteroFiles, ...betterBibtexFiles].map((n) => uriOf(join(dir, n)));
}

/** Signatures (size, time, inode) of the named files of a data directory. */
async function signatureOf(dir: string, names: readonly string[]): Promise<string> {
  return (await Promise.all(names.map((n) => fileSignature(uriOf(join(dir, n)))))).join('|');
}

/** The signature of all the library's files, and that of Better BibTeX's alone. */
async function signatures(dir: string): Promise<{ library: string; betterBibtex: string }> {
  const [zotero, betterBibtex] = await Promise.all([signatureOf(dir, zoteroFiles), signatureOf(dir, betterBibtexFiles)]);
  return { library: `${zotero}|${betterBibtex}`, betterBibtex };
}

/** Signatures (size, time, inode) of the library's files: equal signatures, same library. */
export async function librarySignature(dir: string): Promise<string> {
  return (await signatures(dir)).library;
}

async function wasmBytes(): Promise<Uint8Array> {
  // Bundled: dist/sql-wasm.wasm beside the server; from source (tests): the package's own copy.
  const candidates = [join(__dirname, 'sql-wasm.wasm'), ...[1, 2, 3].map((up) => resolve(__dirname, ...Array<string>(up).fill('..'), 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm'))];
  for (const path of candidates) {
    const read = await readRegularFile(path);
    if ('bytes' in read) return read.bytes;
  }
  throw new Error(`sql-wasm.wasm was not found beside the server (${candidates[0]})`);
}

async function bytesOf(dir: string, name: string): Promise<Uint8Array | undefined> {
  const read = await readRegularFile(join(dir, name), zoteroMaxBytes);
  if ('refused' in read) throw new Error(`${name} ${read.refused}`);
  return 'bytes' in read ? read.bytes : undefined;
}

/** How many readings of changed items only may follow each other before a full one checks them. */
const fullEvery = 20;

/**
 * How long after its newest save a copy must be taken for no save of that second to be still on its
 * way: Zotero stamps a transaction's items when it begins, and runs one transaction at a time.
 */
const settleMs = 60_000;

/** The time of a clientDateModified (`YYYY-MM-DD HH:MM:SS`, UTC), in milliseconds since the epoch. */
function savedAt(modified: string): number {
  return Date.parse(`${modified.replace(' ', 'T')}Z`);
}

/** What the previous reading saw, when the next may read only the items changed since. */
function sinceOf(previous: ZoteroData | undefined): Since | undefined {
  if (!previous?.modified || !previous.itemIds || (previous.incremental ?? 0) >= fullEvery) return undefined;
  const settled = previous.copiedAt !== undefined && previous.copiedAt - savedAt(previous.modified) >= settleMs;
  return { modified: previous.modified, known: previous.itemIds, schema: previous.schema ?? '', settled };
}

/** One consistent read and the files' signature it was copied at, or throws saying why this copy cannot be believed. */
async function readOnce(dir: string, previous?: ZoteroData): Promise<{ data: ZoteroData; signature: string }> {
  const sql = await sqlEngine(wasmBytes);
  const copiedAt = Date.now();
  const { library: before, betterBibtex: bbtSignature } = await signatures(dir);
  // Better BibTeX's database changes only when keys do: while its files keep their signature, the
  // previous reading's rows stand (at 100k keys, a copy and a read of 100k rows per Zotero write).
  // A full reading (every so often, or after a schema change) reads it again regardless.
  const since = sinceOf(previous);
  const kept = since && previous?.betterBibtex?.signature === bbtSignature ? previous.betterBibtex.rows : undefined;
  const [main, wal, bbt, bbtWal] = await Promise.all([bytesOf(dir, 'zotero.sqlite'), bytesOf(dir, 'zotero.sqlite-wal'), kept ? undefined : bytesOf(dir, 'better-bibtex.sqlite'), kept ? undefined : bytesOf(dir, 'better-bibtex.sqlite-wal')]);
  if (!main) throw new Error(`there is no zotero.sqlite in ${dir}`);
  if ((await librarySignature(dir)) !== before) throw new Error('the database changed while it was read');
  const rows = withDatabase(sql, applyWal(main, wal, true), (db) => zoteroRows(db, since));
  // Better BibTeX's own database is optional; a torn copy of it must not hide the library.
  let betterBibtex: ReturnType<typeof betterBibtexRows> = kept ?? [];
  if (bbt) betterBibtex = withDatabase(sql, applyWal(bbt, bbtWal, true), betterBibtexRows);
  const data = readZoteroLibrary({ ...rows, betterBibtex }, uriOf(join(dir, 'zotero.sqlite')), previous);
  return { data: { ...data, copiedAt, betterBibtex: { signature: bbtSignature, rows: betterBibtex } }, signature: before };
}

/**
 * Waits (a second at most) until the files' signature is the same `ms` apart: a copy taken while
 * the database is being written is thrown away, and at 100k items a copy costs 100-600 ms.
 */
async function quiet(dir: string, ms: number): Promise<void> {
  if (ms <= 0) return;
  let last = await librarySignature(dir);
  for (let waited = 0; waited < 1000; waited += ms) {
    await new Promise((r) => setTimeout(r, ms));
    const now = await librarySignature(dir);
    if (now === last) return;
    last = now;
  }
}

/**
 * Reads the library, trying again (up to `attempts` times, `delayMs` apart) while the copy is not
 * sound; the last reason when it never is. With the previous reading of the same directory, only
 * items changed since are read again. `signature` is the files' signature at the sound copy: the
 * files have changed since the reading only when theirs differs from it; `retried` says why the
 * copies before it could not be believed.
 */
export async function readLibrary(dir: string, attempts = 5, delayMs = 200, previous?: ZoteroData): Promise<{ data: ZoteroData; signature: string; retried: string[] } | { problem: string }> {
  let reason = '';
  const retried: string[] = [];
  for (let i = 0; i < attempts; i++) {
    if (reason) retried.push(reason);
    await quiet(dir, Math.min(delayMs, 50));
    try {
      return { ...(await readOnce(dir, previous && previous.uri === uriOf(join(dir, 'zotero.sqlite')) ? previous : undefined)), retried };
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
      if (/there is no zotero\.sqlite/.test(reason)) break;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  return { problem: reason };
}
