// `citelens check [files or folders]`: every diagnostic as `file:line:col severity code message`,
// exit 1 when there are errors; `--format json` also lists every citation found.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { citationsOf } from '../core/analysis/citations';
import { diagnose, type CoreDiagnostic } from '../core/features/diagnostics';
import { docIndex, latexProject, latexRoot, scopeOf, texTreeUri, usesBibtex } from '../core/analysis/scope';
import { includedFiles, texRoot } from '../core/syntax/project';
import { lineStartsOf, positionAt, type Range } from '../core/model/types';
import { applyChange, defaultSettings, isManuscript, type Severity } from '../core/model/workspace';
import { onlyInLibrary } from '../core/analysis/zotero';
import { dataDirectory, readLibrary } from '../zotero/source';
import { pathOf, uriOf } from '../host';
import { loadWorkspace } from '../load';
import { printable, printableJson, printableLine } from './terminal';

export interface CheckOptions {
  targets: string[];
  format: 'text' | 'json';
  bibliographies: string[];
  severity: Record<string, Severity>;
  latexCommands: string[];
  /** `--zotero [DIR]`: resolve keys against the Zotero library too ('' is the default data directory). */
  zotero?: string;
}

const usage = `usage: citelens check [files or folders] [--format text|json] [--bib FILE]... [--severity CODE=LEVEL]... [--latex-command NAME]... [--zotero [DIR]]
Checks the citations of Markdown (.md, .qmd, .Rmd), LaTeX (.tex) and Typst (.typ) manuscripts against their bibliographies.
With --zotero, also reads the Zotero library (DIR, default ~/Zotero) and lists the cited keys only the library has.
Exit status: 0 no errors, 1 errors found, 2 bad usage.`;

export function parseCheckArgs(args: string[]): CheckOptions | string {
  const options: CheckOptions = { targets: [], format: 'text', bibliographies: [], severity: {}, latexCommands: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--format') {
        const f = value();
        if (f !== 'text' && f !== 'json') return `unknown format '${f}' (text or json)`;
        options.format = f;
      } else if (arg === '--json') options.format = 'json';
      else if (arg === '--bib') options.bibliographies.push(value());
      else if (arg === '--latex-command') options.latexCommands.push(value().replace(/^\\/, ''));
      else if (arg === '--zotero' || arg.startsWith('--zotero=')) options.zotero = arg.startsWith('--zotero=') ? arg.slice(9) : zoteroDirArg(args[i + 1]) ? (args[++i] as string) : '';
      else if (arg === '--severity') {
        const [code, level] = value().split('=');
        if (!code || !level || !['error', 'warning', 'information', 'hint', 'off'].includes(level)) return `--severity takes CODE=error|warning|information|hint|off`;
        options.severity[code] = level as Severity;
      } else if (arg === '-h' || arg === '--help') return usage;
      else if (arg.startsWith('-')) return `unknown option ${arg}\n${usage}`;
      else options.targets.push(arg);
    } catch (err) {
      return (err as Error).message;
    }
  }
  if (options.targets.length === 0) options.targets.push('.');
  return options;
}

/** Whether the argument after `--zotero` is its data directory (one holding zotero.sqlite) rather than a target. */
function zoteroDirArg(next: string | undefined): boolean {
  return next !== undefined && !next.startsWith('-') && existsSync(join(next, 'zotero.sqlite'));
}

export interface CheckReport {
  diagnostics: { file: string; range: Range; severity: string; code: string; message: string }[];
  citations: { file: string; range: Range; key: string; resolved: boolean }[];
  bibliographies: { file: string; entries: number; errors: number }[];
  errors: number;
  warnings: number;
  /** With --zotero: the library read, and the cited keys only it has (what to add to the bibliography). */
  zotero?: { dataDirectory: string; items: number; onlyInLibrary: string[] };
}

/** How far above a file its project may start (chapters/part/section.tex is two levels down). */
const maxProjectDepth = 4;

/**
 * The folder a file named on its own is checked in: the project it is built with. Quarto and
 * bookdown build from the folder of `_quarto.yml` / `_bookdown.yml`, TeX from the folder of the
 * root that includes the file (or that its `% !TEX root` names). The walk stops at the repository
 * root, so a stray file far above is never taken for the project.
 */
function projectFolder(file: string): string {
  const names = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const start = dirname(file);
  if (/\.(tex|ltx)$/i.test(file)) {
    const magic = texRoot(read(file));
    if (magic) return dirname(resolve(start, /\.\w+$/.test(magic) ? magic : `${magic}.tex`));
  }
  let dir = start;
  for (let depth = 0; depth <= maxProjectDepth; depth++) {
    const here = names(dir);
    if (here.some((n) => /^_(quarto\.ya?ml|bookdown\.yml)$/.test(n))) return dir;
    // A Manubot repository builds content/*.md with the options in build/pandoc/defaults.
    if (here.includes('content') && names(join(dir, 'build', 'pandoc', 'defaults')).length > 0) return dir;
    // A Makefile that runs pandoc is where the build runs, with the filters it names.
    if (/\.(md|markdown|qmd|rmd)$/i.test(file) && here.some((n) => /^(?:GNUmakefile|[Mm]akefile)$/.test(n) && /\bpandoc\b/.test(read(join(dir, n))))) return dir;
    if (/\.(tex|ltx)$/i.test(file) && here.some((n) => /\.(tex|ltx)$/i.test(n) && includes(dir, read(join(dir, n)), file))) return dir;
    if (here.includes('.git')) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return start;
}

/** Whether a LaTeX root in `dir` pulls in `file` (paths relative to the root, as TeX reads them). */
function includes(dir: string, text: string, file: string): boolean {
  if (!/\\documentclass\b/.test(text)) return false;
  return includedFiles(text).some((inc) => [inc.path, `${inc.path}.tex`].some((p) => resolve(dir, p) === file));
}

export async function check(options: CheckOptions, cwd = process.cwd()): Promise<CheckReport | string> {
  const folders: string[] = [];
  const folderTargets: string[] = [];
  const files: string[] = [];
  for (const target of options.targets) {
    const abs = resolve(cwd, target);
    let isDir: boolean;
    try {
      const st = statSync(abs);
      isDir = st.isDirectory();
      // A pipe or a device would block or never end; only folders and regular files are checked.
      if (!isDir && !st.isFile()) return `citelens: not a regular file or folder: ${target}`;
    } catch {
      return `citelens: no such file or folder: ${target}`;
    }
    if (isDir) {
      folders.push(abs);
      folderTargets.push(`${uriOf(abs)}/`);
    } else {
      files.push(uriOf(abs));
      folders.push(projectFolder(abs));
    }
  }
  const folderUris = [...new Set(folders)].map((f) => `${uriOf(f)}/`);
  const loaded = await loadWorkspace({
    folders: folderUris,
    settings: {
      ...defaultSettings,
      latexCommands: options.latexCommands,
      severity: { ...defaultSettings.severity, ...options.severity },
    },
    bibliographyPatterns: options.bibliographies.map((b) => resolve(cwd, b)),
    extraDocs: files,
  });
  let ws = loaded.ws;
  let library: { dir: string; items: number } | undefined;
  if (options.zotero !== undefined) {
    const found = await dataDirectory(options.zotero || undefined);
    if ('off' in found) return `citelens: --zotero: ${found.off}`;
    const read = await readLibrary(found.dir);
    if ('problem' in read) return `citelens: --zotero: the library in ${found.dir} could not be read: ${read.problem}`;
    ws = applyChange(ws, { zotero: { lookedFor: found.dir, data: read.data } });
    library = { dir: found.dir, items: read.data.libraries.reduce((n, l) => n + l.file.entries.length, 0) };
  }
  // A LaTeX root is compiled with what it \input's, \include's and \subfile's: checking the root
  // checks that unit. A chapter named on its own stays one file (its own .aux, as TeX writes it).
  const named = new Set(files.flatMap((uri) => (ws.docs.get(uri)?.lang === 'latex' && latexRoot(ws, uri) === uri ? latexProject(ws, uri) : [uri])));
  const checked = [...ws.docs.values()]
    .filter((d) => isManuscript(d.lang))
    // Package and class files are read for the macros they define, not checked as manuscripts.
    .filter((d) => named.has(d.uri) || (folderTargets.some((f) => d.uri.startsWith(f)) && !/\.(sty|cls)$/i.test(d.uri)))
    .map((d) => d.uri);
  const bibs = new Set<string>();
  for (const uri of checked) for (const b of scopeOf(ws, uri).bibs) if (ws.bibs.has(b)) bibs.add(b);
  for (const b of ws.workspaceBibs) if (ws.bibs.has(b) && folderTargets.some((f) => b.startsWith(f))) bibs.add(b);
  const report: CheckReport = { diagnostics: [], citations: [], bibliographies: [], errors: 0, warnings: 0 };
  const rel = (uri: string) => relative(cwd, pathOf(uri)) || pathOf(uri);
  const refusedReported = new Set<string>();
  // A bibliography found in TeX's own tree (through kpsewhich) is not the writer's file to fix.
  for (const uri of [...checked, ...[...bibs].filter((b) => b !== texTreeUri(b.replace(/#kpsewhich$/, ''))).sort()]) {
    const owner = ws.docs.get(uri) ?? ws.bibs.get(uri);
    const starts = owner ? lineStartsOf(owner) : [0];
    const range = (span: { start: number; end: number }) => ({ start: positionAt(starts, span.start), end: positionAt(starts, span.end) });
    for (const d of diagnose(ws, uri)) {
      if (d.code === 'bib.unreadable' && d.data?.target) refusedReported.add(d.data.target);
      report.diagnostics.push({ file: rel(uri), range: range(d.span), severity: d.severity, code: d.code, message: d.message });
      if (d.severity === 'error') report.errors++;
      if (d.severity === 'warning') report.warnings++;
    }
    const doc = ws.docs.get(uri);
    if (doc && doc.lang !== 'bib') {
      const index = docIndex(ws, uri);
      const bibtex = usesBibtex(ws, uri);
      for (const c of citationsOf(ws, doc)) {
        // `\nocite{*}` is reported as the key `*`, the way BibTeX writes it into the .aux.
        const resolved = c.all === true || index.lookup(c.key) !== undefined || (bibtex && index.lookupIgnoringCase(c.key) !== undefined);
        report.citations.push({ file: rel(uri), range: range(c.span), key: c.key, resolved });
      }
    }
  }
  // A refused bibliography that no checked document names (it came from --bib or the folder scan)
  // has no declaration to carry the diagnostic; report it on the file itself.
  const used = new Set([...checked.flatMap((uri) => scopeOf(ws, uri).bibs), ...ws.settings.bibliographies]);
  for (const [uri, reason] of ws.unreadable) {
    const severity = ws.settings.severity['bib.unreadable'] ?? 'error';
    if (!used.has(uri) || severity === 'off' || refusedReported.has(uri)) continue;
    const zero = { line: 0, character: 0 };
    report.diagnostics.push({ file: rel(uri), range: { start: zero, end: zero }, severity, code: 'bib.unreadable', message: `Bibliography file not read: it ${reason}` });
    if (severity === 'error') report.errors++;
    if (severity === 'warning') report.warnings++;
  }
  for (const uri of [...bibs].sort()) {
    const file = ws.bibs.get(uri);
    if (file) report.bibliographies.push({ file: file.source ?? rel(uri), entries: file.entries.length, errors: file.errors.length });
  }
  if (library) {
    const only = new Set<string>();
    for (const uri of checked) {
      const doc = ws.docs.get(uri);
      if (doc) for (const c of citationsOf(ws, doc)) if (!c.all && onlyInLibrary(ws, uri, c.key)) only.add(c.key);
    }
    report.zotero = { dataDirectory: library.dir, items: library.items, onlyInLibrary: [...only].sort() };
  }
  return report;
}

export function formatText(report: CheckReport): string {
  return report.diagnostics
    .map((d) => printableLine(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`))
    .join('\n');
}

export function summarize(report: CheckReport): string {
  const cited = report.citations.length;
  const unresolved = report.citations.filter((c) => !c.resolved).length;
  const zotero = report.zotero
    ? `\nZotero (${report.zotero.items} item${report.zotero.items === 1 ? '' : 's'} in ${report.zotero.dataDirectory}): ${report.zotero.onlyInLibrary.length ? `only the library has ${report.zotero.onlyInLibrary.join(', ')}; add ${report.zotero.onlyInLibrary.length === 1 ? 'it' : 'them'} to the bibliography` : 'no cited key is only in the library'}`
    : '';
  return `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}; ${cited} citation${cited === 1 ? '' : 's'} checked, ${unresolved} unresolved${zotero}`;
}

export async function run(args: string[]): Promise<number> {
  const options = parseCheckArgs(args);
  if (typeof options === 'string') {
    (options === usage ? console.log : console.error)(printable(options));
    return options === usage ? 0 : 2;
  }
  const report = await check(options);
  if (typeof report === 'string') {
    console.error(printable(report));
    return 2;
  }
  if (options.format === 'json') console.log(printableJson(JSON.stringify(report, null, 2)));
  else {
    const text = formatText(report);
    if (text) console.log(text);
    console.error(summarize(report));
  }
  return report.errors > 0 ? 1 : 0;
}
