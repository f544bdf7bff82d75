// The only I/O of the server and the CLI: reading bibliography files, scanning workspace folders
// and watching files. Everything it reads is handed to the pure core as text.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBytes } from './core/syntax/bib/encoding';
import type { BibFile } from './core/model/entry';
import type { StyleSpec } from './core/model/style';
import { readBibliography } from './core/syntax/bib/read';
import { normalizeUri } from './core/model/uri';
import { langOf, type Doc } from './core/model/workspace';

export function uriOf(path: string): string {
  return normalizeUri(pathToFileURL(resolve(path)).href);
}

export function pathOf(uri: string): string {
  return uri.startsWith('file://') ? fileURLToPath(uri) : uri;
}

/** Reads and parses one bibliography file; undefined when it does not exist or cannot be read. */
export async function loadBibliography(uri: string): Promise<{ file: BibFile } | { missing: true; reason: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pathOf(uri));
  } catch (err) {
    return { missing: true, reason: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  const { text } = decodeBytes(bytes);
  return { file: readBibliography(uri, text) };
}

export async function loadDoc(uri: string): Promise<Doc | undefined> {
  try {
    const { text } = decodeBytes(await readFile(pathOf(uri)));
    return { uri, text, lang: langOf(uri), version: -1 };
  } catch {
    return undefined;
  }
}

const skipDirs = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '_site', '_book', '_freeze', '.quarto', '.venv', 'venv', '__pycache__', '.cache', '.vscode-test', 'renv', 'packrat']);
const manuscript = /\.(tex|ltx|md|markdown|qmd|rmd)$/i;
const bibliography = /\.(bib|bibtex|biblatex)$/i;
const maxFiles = 20_000;

export interface ScanResult {
  /** Manuscripts and _quarto.yml files. */
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
      if (++seen > maxFiles) {
        result.truncated = true;
        return;
      }
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipDirs.has(e.name) && !e.name.startsWith('.')) await walk(full, depth + 1);
      } else if (e.isFile()) {
        if (manuscript.test(e.name) || /^_(quarto|metadata)\.ya?ml$/.test(e.name)) result.docs.push(uriOf(full));
        else if (bibliography.test(e.name)) result.bibs.push(uriOf(full));
      }
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
export function watchFiles(onChange: (uri: string) => void, delayMs = 150): { set(uris: string[]): void; close(): void } {
  const watchers = new Map<string, FSWatcher>();
  const wanted = new Map<string, Set<string>>();
  const timers = new Map<string, NodeJS.Timeout>();
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
      for (const [dir, w] of watchers) {
        if (!wanted.has(dir)) {
          w.close();
          watchers.delete(dir);
        }
      }
      for (const dir of wanted.keys()) {
        if (watchers.has(dir)) continue;
        try {
          const w = watch(dir, { persistent: false }, (_event, name) => {
            const names = wanted.get(dir);
            if (name && names?.has(name.toString())) fire(uriOf(join(dir, name.toString())));
          });
          w.on('error', () => {
            w.close();
            watchers.delete(dir);
          });
          watchers.set(dir, w);
        } catch {
          // The folder does not exist (yet): the file is reported missing, and the client's own
          // watcher, when there is one, still tells us when it appears.
        }
      }
    },
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
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

/**
 * Appends text to a file without ever rewriting what is there: the existing bytes are only read
 * (to know whether a newline must come first) and the new text is written in append mode.
 */
export async function appendToFile(uri: string, text: string): Promise<void> {
  const path = pathOf(uri);
  let existing = '';
  try {
    existing = (await readFile(path)).toString('latin1');
  } catch {
    // A new file.
  }
  const lead = existing.length === 0 || existing.endsWith('\n') ? '' : '\n';
  const gap = existing.trim().length ? '\n' : '';
  await appendFile(path, `${lead}${gap}${text.endsWith('\n') ? text : `${text}\n`}`, 'utf8');
}
