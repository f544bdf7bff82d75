// The only I/O of the server and the CLI: reading bibliography files, scanning workspace folders
// and watching files. Everything it reads is handed to the pure core as text.
import { execFile } from 'node:child_process';
import { constants, existsSync, readSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { appendFile, open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BlockCuts, bodyStart, decodeBytes, encodeText, piecesBetween, unencodable, type ByteSlicer, type TextEncodingName } from './core/syntax/bib/encoding';
import type { BibFile } from './core/model/entry';
import type { StyleSpec } from './core/model/style';
import { isBibtexFile, readBibliography, readBibliographyBytes, readBibtexPieces } from './core/syntax/bib/read';
import { normalizeUri } from './core/model/uri';
import { langOf, type Doc } from './core/model/workspace';

export function uriOf(path: string): string {
  return normalizeUri(pathToFileURL(resolve(path)).href);
}

export function pathOf(uri: string): string {
  return uri.startsWith('file://') ? fileURLToPath(uri) : uri;
}

/**
 * The most a file may hold to be read. A bibliography of a million entries is about 600 MB, but
 * nothing that large is edited by hand; the cap exists so that a workspace cannot make the server
 * hold gigabytes. Tests lower it.
 */
export const readLimits = { maxBytes: 256 * 1024 * 1024 };

export type ReadOutcome = { bytes: Buffer } | { missing: string } | { refused: string };

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function sizeText(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

function tooLarge(size: number, maxBytes = readLimits.maxBytes): string {
  return `is larger than ${sizeText(maxBytes)}${size > 0 ? ` (${sizeText(size)})` : ''}, the most Citelens reads`;
}

/**
 * Reads a file only if it is a regular file (a symlink counts as what it points to) of at most
 * `readLimits.maxBytes`. Workspace content names the files we read (`bibliography: /dev/zero`, a
 * committed symlink to a FIFO), so a device would fill memory and a pipe would block for ever.
 * The file is opened non-blocking and checked again through its handle, so a file swapped for a
 * pipe after the first check cannot block either, and reading stops one byte past the cap.
 */
export async function readRegularFile(path: string, maxBytes = readLimits.maxBytes): Promise<ReadOutcome> {
  const opened = await openRegularFile(path, maxBytes);
  if (!('handle' in opened)) return opened;
  try {
    return await readAll(opened.handle, opened.size, maxBytes);
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}

/** The whole content of an open file, read up to one byte past the cap. */
async function readAll(handle: FileHandle, size: number, maxBytes: number): Promise<ReadOutcome> {
  try {
    // Files whose size the kernel does not know (/proc) say 0; read in chunks up to the cap either way.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(size - total, 64 * 1024), maxBytes + 1 - total);
      const buffer = Buffer.allocUnsafe(Math.max(want, 1));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return { refused: tooLarge(0, maxBytes) };
    }
    return { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
  } catch (err) {
    return { missing: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

/** Opens a file for reading only if it is a regular file within the cap (see readRegularFile). */
async function openRegularFile(path: string, maxBytes: number): Promise<{ handle: FileHandle; size: number; mtimeMs: number } | { missing: string } | { refused: string }> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    return { missing: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  if (!st.isFile()) return { refused: `is ${kindOf(st)}` };
  if (st.size > maxBytes) return { refused: tooLarge(st.size, maxBytes) };
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { missing: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  try {
    const again = await handle.stat();
    if (!again.isFile()) {
      await handle.close().catch(() => undefined);
      return { refused: `is ${kindOf(again)}` };
    }
    return { handle, size: again.size, mtimeMs: again.mtimeMs };
  } catch (err) {
    await handle.close().catch(() => undefined);
    return { missing: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

/**
 * BibTeX files larger than `aboveBytes` are read in blocks of `blockBytes`, never held whole: at
 * 100k entries (61 MB) the whole file's bytes beside its parse were the server's peak memory.
 * Tests lower both.
 */
export const blockReads = { aboveBytes: 4 * 1024 * 1024, blockBytes: 1024 * 1024 };

type Unread = { missing: true; reason: string; refused?: boolean };
type Loaded = { file: BibFile } | Unread;

/** Why a file was not read, as loadBibliography says it: absent, or there but refused. */
function unread(outcome: { missing: string } | { refused: string }): Unread {
  return 'missing' in outcome ? { missing: true, reason: outcome.missing } : { missing: true, reason: outcome.refused, refused: true };
}

/**
 * Reads a BibTeX file; a large one in two passes over one open handle: the first finds where
 * entries begin, block by block; the second decodes and parses the file an entry at a time, in the
 * same synchronous run as `beforeParse`. A small or UTF-16 file is read whole from the same
 * handle, and a file that changed between the passes is read again whole, as it is now.
 */
async function loadBibtex(path: string, uri: string, beforeParse?: () => BibFile | undefined): Promise<Loaded> {
  const maxBytes = readLimits.maxBytes;
  const opened = await openRegularFile(path, maxBytes);
  if (!('handle' in opened)) return unread(opened);
  const { handle, size, mtimeMs } = opened;
  let whole: ReadOutcome | undefined;
  try {
    // Only a large file's first bytes are read apart, to see whether it is UTF-16 (read whole) or starts with a BOM.
    const body = size <= blockReads.aboveBytes ? undefined : await headOf(handle);
    if (!body || body.utf16) whole = await readAll(handle, size, maxBytes);
    else {
      const file = await readInBlocks(handle, body.start, uri, beforeParse);
      if ('missing' in file) return file;
      const after = await handle.stat();
      if (!file.short && after.size === size && after.mtimeMs === mtimeMs && file.total === size) return { file: file.file };
    }
  } catch (err) {
    return { missing: true, reason: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    await handle.close().catch(() => undefined);
  }
  whole ??= await readRegularFile(path, maxBytes);
  if (!('bytes' in whole)) return unread(whole);
  return { file: readBibliographyBytes(uri, whole.bytes, beforeParse?.()) };
}

async function headOf(handle: FileHandle): Promise<{ utf16: boolean; start: number }> {
  const head = Buffer.alloc(4096);
  return bodyStart(head.subarray(0, (await handle.read(head, 0, head.length, 0)).bytesRead));
}

/** The two passes of loadBibtex over a file's body, which starts at `start` (after a BOM). */
async function readInBlocks(handle: FileHandle, start: number, uri: string, beforeParse?: () => BibFile | undefined): Promise<{ file: BibFile; total: number; short: boolean } | Unread> {
  const maxBytes = readLimits.maxBytes;
  const block = Buffer.allocUnsafe(blockReads.blockBytes);
  const cuts = new BlockCuts();
  let total = start;
  for (;;) {
    const { bytesRead } = await handle.read(block, 0, block.length, total);
    cuts.push(block.subarray(0, bytesRead), bytesRead === 0);
    total += bytesRead;
    if (bytesRead === 0) break;
    if (total > maxBytes) return { missing: true, reason: tooLarge(0, maxBytes), refused: true };
  }
  cuts.cuts.push(total - start);
  const previous = beforeParse?.();
  const slicer = blockSlicer(handle.fd, start, total - start);
  const file = readBibtexPieces(uri, piecesBetween(slicer.slice, cuts.cuts), previous);
  return { file, total, short: slicer.short() };
}

/**
 * Slices of a file's body read from its descriptor a block at a time, for pieces asked for in
 * order. A file that ends early gives shorter slices, and `short()` then says so.
 */
function blockSlicer(fd: number, bodyAt: number, length: number): { slice: ByteSlicer; short: () => boolean } {
  let window = Buffer.allocUnsafe(0);
  let windowAt = 0;
  let windowEnd = 0;
  let short = false;
  const slice: ByteSlicer = (a, b) => {
    if (a < windowAt || b > windowEnd) {
      const want = Math.min(Math.max(blockReads.blockBytes, b - a), length - a);
      if (window.length < want) window = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, window, got, want - got, bodyAt + a + got);
        if (n === 0) break;
        got += n;
      }
      if (got < want) short = true;
      windowAt = a;
      windowEnd = a + got;
    }
    return window.subarray(a - windowAt, Math.min(b, windowEnd) - windowAt);
  };
  return { slice, short: () => short };
}

/**
 * Reads and parses one bibliography file, or says why it was not read (`refused`: it exists but is
 * not read). `beforeParse` runs once the bytes are in, in the same synchronous run as the decoding
 * and parsing that follow; it may return the file's last read, whose unchanged entries are taken over.
 */
export async function loadBibliography(uri: string, beforeParse?: () => BibFile | undefined): Promise<Loaded> {
  if (uri.endsWith(texTreeSuffix)) return loadFromTexTree(uri.slice(0, -texTreeSuffix.length), uri);
  if (isBibtexFile(uri)) return loadBibtex(pathOf(uri), uri, beforeParse);
  const read = await readRegularFile(pathOf(uri));
  if (!('bytes' in read)) return unread(read);
  const previous = beforeParse?.();
  return { file: readBibliographyBytes(uri, read.bytes, previous) };
}

const texTreeSuffix = '#kpsewhich';

/** How long one `kpsewhich` may take; kpathsea answers from its ls-R databases in milliseconds. */
const kpsewhichTimeoutMs = 5000;
const kpsewhichAnswers = new Map<string, Promise<{ path?: string; absent?: string }>>();

/**
 * Where TeX finds a file it is asked for from a folder: `kpsewhich NAME` run there (the folder
 * first, then BIBINPUTS/BSTINPUTS and the TEXMF trees). Answers are cached for the process; a
 * missing kpsewhich is an answer too, so the caller can say the tree was not searched.
 */
export function kpsewhich(name: string, dir: string): Promise<{ path?: string; absent?: string }> {
  const key = `${dir}\0${name}`;
  let answer = kpsewhichAnswers.get(key);
  if (!answer) {
    answer = new Promise((done) => {
      execFile('kpsewhich', [name], { cwd: existsSync(dir) ? dir : undefined, timeout: kpsewhichTimeoutMs, encoding: 'utf8' }, (err, stdout) => {
        const path = stdout.split('\n')[0]?.trim();
        if (path) done({ path: resolve(dir, path) });
        else if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') done({ absent: 'kpsewhich is not installed' });
        else if (err && err.killed) done({ absent: `kpsewhich did not answer within ${kpsewhichTimeoutMs / 1000} s` });
        else done({});
      });
    });
    kpsewhichAnswers.set(key, answer);
  }
  return answer;
}

/** A bibliography TeX would find outside the project, read from where kpsewhich says it is. */
async function loadFromTexTree(uri: string, texTreeUri: string): Promise<Loaded> {
  const path = pathOf(uri);
  const found = await kpsewhich(basename(path), dirname(path));
  if (found.absent) return { missing: true, reason: found.absent, refused: true };
  if (!found.path) return { missing: true, reason: 'not found by kpsewhich' };
  const read = await readRegularFile(found.path);
  if (!('bytes' in read)) return unread(read);
  return { file: { ...readBibliography(texTreeUri, decodeBytes(read.bytes).text), source: found.path } };
}

/** What identifies a file's current bytes cheaply (size, change time, inode); '' when it cannot be read. */
export async function fileSignature(uri: string): Promise<string> {
  try {
    const s = await stat(pathOf(uri));
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return '';
  }
}

/** Reads a manuscript or settings file from disk; undefined when it is absent or refused (see readRegularFile). */
export async function loadDoc(uri: string): Promise<Doc | undefined> {
  const read = await readRegularFile(pathOf(uri));
  if (!('bytes' in read)) return undefined;
  return { uri, text: decodeBytes(read.bytes).text, lang: langOf(uri), version: -1 };
}

const skipDirs = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '_site', '_book', '_freeze', '.quarto', '.venv', 'venv', '__pycache__', '.cache', '.vscode-test', 'renv', 'packrat']);
const manuscript = /\.(tex|ltx|md|markdown|qmd|rmd|typ)$/i;
const bibliography = /\.(bib|bibtex|biblatex)$/i;
// The scan reads at most this many folder entries and keeps at most this many manuscripts and
// bibliographies; a workspace past either is marked truncated, and edits that must see every
// citation (rename) refuse rather than miss some.
const maxEntries = 500_000;
const maxFiles = 50_000;

export interface ScanResult {
  /** Manuscripts, and the _quarto.yml and _metadata.yml files Quarto merges into them. */
  docs: string[];
  /** .bib files (candidates when a document declares no bibliography). */
  bibs: string[];
  truncated: boolean;
}

/** Lists the manuscripts and bibliographies under some folders, skipping build and tool folders. */
export async function scanFolders(folders: string[]): Promise<ScanResult> {
  const result: ScanResult = { docs: [], bibs: [], truncated: false };
  let seen = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12 || result.truncated) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > maxEntries || result.docs.length + result.bibs.length >= maxFiles) {
        result.truncated = true;
        return;
      }
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipDirs.has(e.name) && !e.name.startsWith('.')) await walk(full, depth + 1);
        // Manubot keeps its pandoc options (the filters it runs) in build/pandoc/defaults.
        else if (e.name === 'build') await pandocDefaults(join(full, 'pandoc', 'defaults'));
      } else if (e.isFile()) {
        // A project's own .sty/.cls files define the citation macros its chapters use.
        if (manuscript.test(e.name) || /\.(sty|cls)$/i.test(e.name) || /^_(quarto|metadata|bookdown)\.ya?ml$/.test(e.name)) result.docs.push(uriOf(full));
        else if (bibliography.test(e.name)) result.bibs.push(uriOf(full));
        // A Manubot manuscript's metadata and manual references sit in its content folder.
        else if (/[/\\]content$/.test(dir) && /^metadata\.ya?ml$/.test(e.name)) result.docs.push(uriOf(full));
        else if (/^manual-references.*\.(json|ya?ml|bib)$/i.test(e.name)) result.bibs.push(uriOf(full));
        // Lua filters and Makefiles say what a pandoc build does to citations before citeproc.
        else if (/\.lua$/i.test(e.name) || /^(?:GNUmakefile|[Mm]akefile)$/.test(e.name)) result.docs.push(uriOf(full));
      }
    }
  };
  const pandocDefaults = async (dir: string): Promise<void> => {
    try {
      for (const name of await readdir(dir)) if (/\.ya?ml$/i.test(name)) result.docs.push(uriOf(join(dir, name)));
    } catch {
      // No defaults folder: not a Manubot build.
    }
  };
  for (const folder of folders) await walk(pathOf(folder), 0);
  result.docs.sort();
  result.bibs.sort();
  return result;
}

/**
 * Resolves the `citelens.bibliographies` setting: `~` and relative paths against the first folder,
 * globs (`*`, `**`, `?`) against the bibliography files a scan found.
 */
export function resolveSettingPaths(patterns: string[], folders: string[], candidates: string[]): string[] {
  const base = folders[0] ? pathOf(folders[0]) : process.cwd();
  const out: string[] = [];
  for (const raw of patterns) {
    const expanded = raw.startsWith('~') ? join(homedir(), raw.slice(1)) : raw;
    const absolute = resolve(base, expanded);
    if (/[*?[]/.test(expanded)) {
      const re = globToRegExp(absolute);
      for (const uri of candidates) if (re.test(pathOf(uri))) out.push(uri);
    } else {
      out.push(uriOf(absolute));
    }
  }
  return [...new Set(out)];
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
        if (glob[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|\\[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Watches files by watching their folders, which survives the write-to-temp-then-rename that
 * Zotero's auto-export and many editors do. Events are debounced per file.
 */
export function watchFiles(onChange: (uri: string) => void, delayMs = 150, checkMs = 2000): { set(uris: string[]): void; close(): void } {
  // Each watched folder with the inode it had when its watcher started: a folder deleted and
  // made again (a build that wipes `out/`, a sync tool) needs a new watcher, which fs.watch
  // does not say; a folder that does not exist yet needs one once it appears.
  const watchers = new Map<string, { w: FSWatcher; ino: string }>();
  const wanted = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let checker: NodeJS.Timeout | undefined;
  const fire = (uri: string) => {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        onChange(uri);
      }, delayMs),
    );
  };
  // A new folder may get the inode number of the one just deleted; with its birth time it is new.
  const inodeOf = (dir: string): string | undefined => {
    try {
      const st = statSync(dir);
      return `${st.ino}:${st.birthtimeMs}`;
    } catch {
      return undefined;
    }
  };
  const stop = (dir: string) => {
    watchers.get(dir)?.w.close();
    watchers.delete(dir);
  };
  /** Watches a folder; true when it exists and is watched. */
  const start = (dir: string): boolean => {
    const ino = inodeOf(dir);
    if (ino === undefined) return false;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        const names = wanted.get(dir);
        if (name && names?.has(name.toString())) fire(uriOf(join(dir, name.toString())));
      });
      w.on('error', () => stop(dir));
      watchers.set(dir, { w, ino });
      return true;
    } catch {
      return false;
    }
  };
  const check = () => {
    for (const [dir, names] of wanted) {
      const ino = inodeOf(dir);
      const current = watchers.get(dir);
      if (current && current.ino === ino) continue;
      if (current) stop(dir);
      // The folder is back (or new): what it holds now may differ from what was read.
      if (ino !== undefined && start(dir)) for (const name of names) fire(uriOf(join(dir, name)));
    }
  };
  return {
    set(uris) {
      wanted.clear();
      for (const uri of uris) {
        if (!uri.startsWith('file://')) continue;
        const path = pathOf(uri);
        const dir = dirname(path);
        let names = wanted.get(dir);
        if (!names) wanted.set(dir, (names = new Set()));
        names.add(path.slice(dir.length + 1));
      }
      for (const dir of [...watchers.keys()]) if (!wanted.has(dir)) stop(dir);
      for (const dir of wanted.keys()) if (!watchers.has(dir)) start(dir);
      if (!checker && wanted.size) {
        checker = setInterval(check, checkMs);
        checker.unref();
      }
    },
    close() {
      for (const dir of [...watchers.keys()]) stop(dir);
      clearInterval(checker);
      checker = undefined;
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}

/** The bundled CSL styles, by file name without `.csl`. */
export async function readStyles(dataDir: string): Promise<Map<string, StyleSpec>> {
  const styles = new Map<string, StyleSpec>();
  for (const [name, xml] of await readDataFiles(join(dataDir, 'styles'), /\.csl$/)) styles.set(name, { id: name, xml });
  return styles;
}

/** The bundled CSL locales, by tag (`locales-de-DE.xml` is `de-DE`). */
export async function readLocales(dataDir: string): Promise<Map<string, string>> {
  const locales = new Map<string, string>();
  for (const [name, xml] of await readDataFiles(join(dataDir, 'locales'), /^locales-.*\.xml$/)) locales.set(name.replace(/^locales-/, ''), xml);
  return locales;
}

async function readDataFiles(dir: string, pattern: RegExp): Promise<[string, string][]> {
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => pattern.test(n)).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (n) => [n.replace(/\.[a-z]+$/, ''), await readFile(join(dir, n), 'utf8')] as [string, string]));
}

/** The bundled data folder: beside dist/ when bundled, at the repository root in tests. */
export function dataDir(): string {
  const bundled = resolve(__dirname, '..', 'data');
  return existsSync(join(bundled, 'styles')) ? bundled : resolve(__dirname, '..', '..', 'data');
}

const encodingNames: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Latin-1 (Windows-1252)',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 (big-endian)',
};

/**
 * Appends text to a file without ever rewriting what is there: the existing bytes are only read
 * (for their encoding, and whether a newline must come first) and the new text is written in
 * append mode, in the file's own encoding. When that encoding cannot hold the text (a Latin-1 file
 * and a `Ł`), or the file is not one we read, it throws an Error whose message says why, and the
 * file is not touched.
 */
export async function appendToFile(uri: string, text: string): Promise<void> {
  const path = pathOf(uri);
  const name = basename(path);
  const read = await readRegularFile(path);
  if ('refused' in read) throw new Error(`Nothing was written to ${name}: it ${read.refused}.`);
  const bytes = 'bytes' in read ? read.bytes : undefined;
  const { text: existing, encoding } = bytes ? decodeBytes(bytes) : { text: '', encoding: 'utf-8' as const };
  if (bytes && encoding.startsWith('utf-16') && bytes.length % 2 === 1) {
    throw new Error(`Nothing was written to ${name}: it reads as UTF-16 but has an odd number of bytes, so appending could garble it.`);
  }
  const lead = existing.length === 0 || existing.endsWith('\n') ? '' : '\n';
  const gap = existing.trim().length ? '\n' : '';
  const addition = `${lead}${gap}${text.endsWith('\n') ? text : `${text}\n`}`;
  const encoded = encodeText(addition, encoding);
  if (!encoded) {
    const bad = unencodable(addition, encoding).slice(0, 5).join(' ');
    throw new Error(`Nothing was written to ${name}: it is written in ${encodingNames[encoding]}, which cannot hold ${bad}. Convert the file to UTF-8, or write those characters as LaTeX (\\L, \\v{c} ...).`);
  }
  await appendFile(path, encoded);
}
