// Which bibliographies a document uses, and the index over them. Declarations come from the
// document (or its LaTeX root and included files, or Quarto's _quarto.yml); then the setting;
// then every bibliography of the workspace. Results are cached per snapshot.
import { buildIndex, type BibIndex } from './bibIndex';
import type { BibFile } from '../model/entry';
import { declaredBibliographies, generatedBibliographies, includedFiles, quartoBibliographies, texRoot } from '../syntax/project';
import { readBibliography } from '../syntax/bib/read';
import type { Span } from '../model/types';
import { memo, memoList } from '../model/memo';
import { resolveUri, uriBasename, uriDirname } from '../model/uri';
import { folderOf, isManuscript, settingsFor, type Doc, type Workspace } from '../model/workspace';
import { typstDeclarations, typstRoot } from './typstProject';
import { scanBlocks } from '../syntax/cite/markdown';
import { readCslYaml } from '../syntax/bib/csl';
import { manubotIndex, manubotOf } from './manubot';

export interface Declaration {
  /** The document whose text names the bibliography. */
  uri: string;
  span: Span;
  /** Path as written. */
  path: string;
  /** Resolved URI. */
  target: string;
  /** The command or field that names it (`\\bibliography`, `\\addbibresource`, `bibliography`). */
  command?: string;
}

export interface Scope {
  /** The bibliography URIs the document uses, in priority order. */
  bibs: string[];
  /** Where they are declared (empty when they come from the setting or the workspace). */
  declarations: Declaration[];
  /** The LaTeX root document, when different from the document itself. */
  root?: string;
}

// Declarations and inclusions depend on a document's text only; documents keep their identity
// across snapshots until edited, so a keystroke in one file re-reads that file alone.
const declaredOf = memo((doc: Doc) => declaredBibliographies(doc.text, doc.lang === 'latex' ? 'latex' : 'markdown'));
const includedOf = memo((doc: Doc) => includedFiles(doc.text));
// A Quarto project file is read once per version of its text, not once per document of the project.
const quartoDeclared = memo((config: Doc) => quartoBibliographies(config.text));

/** The file TeX reads for `\input{path}`: `.tex` is added when the path has no extension. */
function texFile(path: string): string {
  return /\.\w+$/.test(path) ? path : `${path}.tex`;
}

/**
 * Walks the files a root includes, transitively, with paths relative to the root as TeX resolves
 * them; `visit(child, parent)` is called once per loaded file, in document order, depth first.
 */
function walkProject(ws: Pick<Workspace, 'docs'>, root: string, visit: (child: string, parent: string) => void): void {
  const seen = new Set<string>([root]);
  const walk = (doc: Doc) => {
    for (const inc of includedOf(doc)) {
      const child = resolveUri(root, texFile(inc.path));
      const childDoc = ws.docs.get(child);
      if (!childDoc || seen.has(child)) continue;
      seen.add(child);
      visit(child, doc.uri);
      walk(childDoc);
    }
  };
  const rootDoc = ws.docs.get(root);
  if (rootDoc) walk(rootDoc);
}

const isRootDoc = memo((d: Doc) => /\\documentclass\b/.test(d.text));

/**
 * Maps each LaTeX file to a document that \input's or \include's it. TeX resolves those paths
 * against the directory it runs in, the root's, so the tree below each file is walked with paths
 * relative to that file, roots (`\documentclass`) first; paths relative to the including file
 * (`\subfile`, or a chapter's own relative paths) fill in what that leaves out. It depends on the
 * documents alone, so it is memoised on the snapshot's document map.
 */
const parentsOf = memo((docs: Workspace['docs']): Map<string, string> => {
  const found = new Map<string, string>();
  const link = (child: string, parent: string) => {
    if (child !== parent && docs.has(child) && !found.has(child)) found.set(child, parent);
  };
  const latex = [...docs.values()].filter((d) => d.lang === 'latex');
  // Real roots first; a project whose root is not loaded still links its files among themselves.
  for (const root of [...latex.filter(isRootDoc), ...latex.filter((d) => !isRootDoc(d))]) walkProject({ docs }, root.uri, link);
  for (const doc of latex) {
    for (const inc of includedOf(doc)) {
      // A path without an extension may also name a file that has none.
      for (const path of [texFile(inc.path), inc.path]) link(resolveUri(doc.uri, path), doc.uri);
    }
  }
  return found;
});

const parents = (ws: Workspace) => parentsOf(ws.docs);

/** The LaTeX root of a document: its `% !TEX root`, else the top of its \input chain. */
export function latexRoot(ws: Workspace, uri: string): string {
  const seen = new Set<string>([uri]);
  let current = uri;
  for (;;) {
    const doc = ws.docs.get(current);
    const magic = doc ? texRoot(doc.text) : undefined;
    let next = magic ? resolveUri(current, texFile(magic)) : parents(ws).get(current);
    if (!next || seen.has(next) || !ws.docs.has(next)) return current;
    seen.add(next);
    current = next;
  }
}

/**
 * Whether a LaTeX document's bibliography is read by BibTeX, which matches cite keys without
 * regard to case: it names its files with `\\bibliography` and its project loads no biblatex
 * (biber, like pandoc, matches keys exactly).
 */
export function usesBibtex(ws: Workspace, uri: string): boolean {
  if (ws.docs.get(uri)?.lang !== 'latex') return false;
  const scope = scopeOf(ws, uri);
  if (!scope.declarations.some((d) => d.command === '\\bibliography')) return false;
  return !latexProject(ws, latexRoot(ws, uri)).some((m) => {
    const d = ws.docs.get(m);
    return d !== undefined && loadsBiblatex(d);
  });
}

// Once per document text, not once per document of the project that asks.
const loadsBiblatex = memo((d: Doc) => d.text.includes('biblatex') && /\\(?:usepackage|RequirePackage)(?:\[[^\]]*\])?\{[^}]*\bbiblatex\b/.test(d.text));

/** Every document in a LaTeX project: the root and what it includes, transitively. */
export function latexProject(ws: Workspace, root: string): string[] {
  if (!ws.docs.has(root)) return [];
  // Every member of a project asks for it (its scope, BibTeX or not, the macros of the others):
  // walk once per root and document map.
  const cache = projectsOf(ws.docs);
  let out = cache.get(root);
  if (!out) {
    const members = [root];
    walkProject(ws, root, (child) => members.push(child));
    cache.set(root, (out = members));
  }
  return out;
}

const projectsOf = memo((_docs: Workspace['docs']) => new Map<string, string[]>());

function declarationsIn(ws: Workspace, doc: Doc, base: string): Declaration[] {
  return declaredOf(doc).map((d) => ({
    uri: doc.uri,
    span: d.span,
    path: d.path,
    target: doc.lang === 'markdown' ? workingDirTarget(ws, resolveUri(base, d.path), base, d.path) : resolveUri(base, d.path),
    command: d.command,
  }));
}

/**
 * A LaTeX bibliography that is not in the project may be in TeX's own tree or on BIBINPUTS, where
 * BibTeX and biber find it through kpathsea: the host answers this URI with what `kpsewhich`
 * finds for the file's name, run in the root's folder.
 */
export function texTreeUri(target: string): string {
  return `${target}#kpsewhich`;
}

/** Why a LaTeX bibliography missing from the project was not found in TeX's tree either ('' when it was not asked). */
export function texTreeNote(ws: Workspace, target: string): string {
  if (!target.startsWith('file:') || !/\.(bib|bst)$/i.test(target)) return '';
  const refused = ws.unreadable.get(texTreeUri(target));
  if (refused !== undefined) return ` (not in the project; TeX's own tree was not searched: ${refused})`;
  return ws.missing.has(texTreeUri(target)) ? ' (not in the project, nor where kpsewhich looks)' : '';
}

/**
 * Whether a missing URI was only a place a bibliography was looked for (a folder above the
 * document, TeX's tree) or a path that such a place replaced: no document uses it, so its absence
 * is not worth a row of its own.
 */
export function isUnusedLookup(ws: Workspace, uri: string): boolean {
  return !usedOf(ws).has(uri);
}

const usedOf = memo((ws: Workspace): Set<string> => {
  const out = new Set<string>([...ws.settings.bibliographies, ...ws.workspaceBibs]);
  for (const settings of ws.folderSettings.values()) for (const b of settings.bibliographies) out.add(b);
  for (const doc of ws.docs.values()) if (isManuscript(doc.lang)) for (const b of scopeOf(ws, doc.uri).bibs) out.add(b);
  return out;
});

/** How many folders above a Markdown document pandoc may be run from (a repository's root, a Makefile's). */
const maxWorkingDirDepth = 4;

/**
 * The folders pandoc may run in, above the document's, with the path resolved in each. Pandoc
 * reads a relative `bibliography:` against its working directory, not the document's folder; a
 * build that runs from the repository root writes paths relative to it.
 */
function workingDirCandidates(base: string, path: string): string[] {
  if (/^(?:\/|~|[A-Za-z]:[\\/]|[a-z][a-z0-9+.-]*:\/\/)/i.test(path)) return [];
  const out: string[] = [];
  let dir = uriDirname(base);
  for (let depth = 0; depth < maxWorkingDirDepth; depth++) {
    const up = uriDirname(dir);
    if (up === dir || up.length <= 'file://'.length) break;
    dir = up;
    out.push(resolveUri(`${dir}/`, path));
  }
  return out;
}

/** The file a Markdown `bibliography:` names: beside the document, else the nearest folder above that has it. */
function workingDirTarget(ws: Workspace, target: string, base: string, path: string): string {
  if (!ws.missing.has(target)) return target;
  return workingDirCandidates(base, path).find((c) => ws.bibs.has(c)) ?? target;
}

/** The working-directory candidates still to be read for Markdown bibliographies missing beside their document. */
function workingDirNeeded(ws: Workspace, doc: Doc): string[] {
  return declaredOf(doc).flatMap((d) => {
    const target = resolveUri(doc.uri, d.path);
    if (!ws.missing.has(target)) return [];
    const candidates = workingDirCandidates(doc.uri, d.path);
    // Read one folder further up at a time, until one has the file or none is left.
    const next = candidates.find((c) => !ws.missing.has(c));
    return next && !ws.bibs.has(next) ? [next] : [];
  });
}

/**
 * The Quarto metadata files a document inherits, nearest first: each folder's `_metadata.yml` up
 * to the project's `_quarto.yml`, which ends the list.
 */
export function quartoConfigs(ws: Workspace, doc: Doc): Doc[] {
  const out: Doc[] = [];
  let dir = uriDirname(doc.uri);
  const folder = ws.folders.find((f) => doc.uri.startsWith(f));
  for (;;) {
    const metadata = ws.docs.get(`${dir}/_metadata.yml`) ?? ws.docs.get(`${dir}/_metadata.yaml`);
    if (metadata) out.push(metadata);
    const config = ws.docs.get(`${dir}/_quarto.yml`) ?? ws.docs.get(`${dir}/_quarto.yaml`);
    if (config) return [...out, config];
    if (!folder || `${dir}/` === folder || !dir.includes('/')) return out;
    const up = uriDirname(dir);
    if (up === dir || up.length < 'file://'.length) return out;
    dir = up;
  }
}

/**
 * A bookdown chapter: bookdown merges the chapters of the `_bookdown.yml` folder into one
 * document after `index.Rmd`, whose front matter is the book's, bibliography included.
 */
function bookdownDeclarations(ws: Workspace, doc: Doc): Declaration[] {
  const dir = uriDirname(doc.uri);
  if (!ws.docs.has(`${dir}/_bookdown.yml`) && !ws.docs.has(`${dir}/_bookdown.yaml`)) return [];
  const index = ['index.Rmd', 'index.rmd', 'index.md'].map((n) => ws.docs.get(`${dir}/${n}`)).find((d) => d !== undefined);
  return index && index !== doc ? declarationsIn(ws, index, index.uri) : [];
}

function quartoDeclarations(ws: Workspace, doc: Doc): Declaration[] {
  // Quarto merges the _metadata.yml of each folder between the document and its project over
  // the project's options, the nearest last: the nearest `bibliography:` wins.
  for (const config of quartoConfigs(ws, doc)) {
    const found = quartoDeclared(config);
    if (found.length) return found.map((d) => ({ uri: config.uri, span: d.span, path: d.path, target: resolveUri(config.uri, d.path) }));
  }
  return [];
}

const scopesOf = memo((_ws: Workspace) => new Map<string, Scope>());

export function scopeOf(ws: Workspace, uri: string): Scope {
  const cache = scopesOf(ws);
  let scope = cache.get(uri);
  if (!scope) cache.set(uri, (scope = computeScope(ws, uri)));
  return scope;
}

function computeScope(ws: Workspace, uri: string): Scope {
  const doc = ws.docs.get(uri);
  let declarations: Declaration[] = [];
  let root: string | undefined;
  if (doc?.lang === 'latex') {
    const top = latexRoot(ws, uri);
    if (top !== uri) root = top;
    for (const member of latexProject(ws, top)) {
      const d = ws.docs.get(member);
      if (d) declarations.push(...declarationsIn(ws, d, top));
    }
    if (!ws.docs.has(top) && doc) declarations = declarationsIn(ws, doc, uri);
    declarations = declarations.map((d) => (ws.missing.has(d.target) && ws.bibs.has(texTreeUri(d.target)) ? { ...d, target: texTreeUri(d.target) } : d));
  } else if (doc?.lang === 'typst') {
    declarations = typstDeclarations(ws, uri);
    if (typstRoot(ws, uri) !== uri) root = typstRoot(ws, uri);
  } else if (doc?.lang === 'markdown') {
    declarations = declarationsIn(ws, doc, uri);
    if (declarations.length === 0) declarations = quartoDeclarations(ws, doc);
    if (declarations.length === 0) declarations = bookdownDeclarations(ws, doc);
    // Manubot adds its metadata's bibliographies and manual references to the document's.
    const manubot = manubotOf(ws, doc);
    if (manubot?.bibs.length) {
      const declared = unique(declarations.map((d) => d.target));
      return { bibs: unique([...declared, ...manubot.bibs, ...settingsFor(ws, uri).bibliographies]), declarations };
    }
  } else if (doc?.lang === 'bib') {
    return { bibs: [uri], declarations: [] };
  }
  const declared = unique(declarations.map((d) => d.target));
  const setting = settingsFor(ws, uri).bibliographies;
  const bibs = declared.length ? unique([...declared, ...setting]) : setting.length ? [...setting] : folderBibs(ws, uri);
  return root ? { bibs, declarations, root } : { bibs, declarations };
}

/** A document that names no bibliography uses those of its own folder (all of them outside folders). */
function folderBibs(ws: Workspace, uri: string): string[] {
  const folder = folderOf(ws, uri);
  const mine = folder ? ws.workspaceBibs.filter((b) => b.startsWith(folder)) : [];
  return mine.length ? mine : [...ws.workspaceBibs];
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Every bibliography some document of the workspace uses (what the host must load). */
export function neededBibliographies(ws: Workspace): string[] {
  const out = new Set<string>([...ws.settings.bibliographies, ...ws.workspaceBibs]);
  for (const settings of ws.folderSettings.values()) for (const b of settings.bibliographies) out.add(b);
  for (const doc of ws.docs.values()) {
    if (isManuscript(doc.lang)) for (const b of scopeOf(ws, doc.uri).bibs) out.add(b);
    if (doc.lang === 'markdown') for (const b of workingDirNeeded(ws, doc)) out.add(b);
    if (doc.lang === 'latex') {
      for (const d of declaredOf(doc)) {
        const target = resolveUri(latexRoot(ws, doc.uri), d.path);
        if (ws.missing.has(target) && !ws.missing.has(texTreeUri(target)) && !ws.unreadable.has(texTreeUri(target))) out.add(texTreeUri(target));
      }
    }
  }
  return [...out];
}

const indexOfFiles = memoList((files: readonly BibFile[]) => buildIndex(files));

/** The index over a list of bibliography URIs; one per list of parsed files, held by those files. */
export function indexFor(ws: Workspace, bibs: readonly string[]): BibIndex {
  return indexOfFiles(bibs.map((b) => ws.bibs.get(b)).filter((f): f is BibFile => f !== undefined));
}

export function docIndex(ws: Workspace, uri: string): BibIndex {
  const doc = ws.docs.get(uri);
  const manubot = doc ? manubotOf(ws, doc) : undefined;
  const index = fileIndex(ws, uri);
  return manubot ? manubotIndex(index, manubot) : index;
}

function fileIndex(ws: Workspace, uri: string): BibIndex {
  const inline = inlineReferences(ws, uri);
  const bibs = scopeOf(ws, uri).bibs;
  const generated = generatedOf(ws.docs);
  if (!inline && !bibs.some((b) => !ws.bibs.has(b) && generated.has(b))) return indexFor(ws, bibs);
  const files = bibs.map((b) => ws.bibs.get(b) ?? generated.get(b)).filter((f): f is BibFile => f !== undefined);
  return indexOfFiles(inline ? [inline, ...files] : files);
}

/**
 * Bibliographies the build writes (`knitr::write_bib` in an R chunk of some document), by the URI
 * they will have: while the file is absent, its entries are the `R-<package>` keys knitr writes.
 */
const generatedOf = memo((docs: Workspace['docs']): Map<string, BibFile> => {
  const out = new Map<string, BibFile>();
  for (const doc of docs.values()) {
    if (doc.lang !== 'markdown') continue;
    for (const g of generatedIn(doc)) {
      const target = resolveUri(doc.uri, g.path);
      const text = g.keys.map((k) => `@Manual{${k}, title = {R package ${k.slice(2)}}, note = {written by knitr::write_bib in ${uriBasename(doc.uri)}}}`).join('\n');
      if (!out.has(target)) out.set(target, readBibliography(target, text));
    }
  }
  return out;
});
const generatedIn = memo((doc: Doc) => generatedBibliographies(doc.text));

/** Whether an absent bibliography is one the build writes (not a missing file). */
export function isGenerated(ws: Workspace, uri: string): boolean {
  return !ws.bibs.has(uri) && generatedOf(ws.docs).has(uri);
}

/**
 * The `references:` a Markdown document's front matter lists (CSL YAML), which pandoc's citeproc
 * uses with the bibliography files: an in-document bibliography, read once per document text.
 */
const inlineOf = memo((doc: Doc): BibFile | undefined => {
  const blocks = scanBlocks(doc.text).yaml.filter((y) => /^references[ \t]*:/m.test(doc.text.slice(y.start, y.end)));
  const entries = blocks.flatMap((y) => {
    // Blank out what precedes the block so the reader's offsets are the document's own.
    const text = doc.text.slice(0, y.start).replace(/[^\n]/g, ' ') + doc.text.slice(y.start, y.end);
    return readCslYaml(text, doc.uri).entries;
  });
  return entries.length ? { file: doc.uri, format: 'csl-yaml', entries, strings: new Map(), errors: [], chunks: [doc.text] } : undefined;
});

export function inlineReferences(ws: Workspace, uri: string): BibFile | undefined {
  const doc = ws.docs.get(uri);
  if (doc?.lang !== 'markdown') return undefined;
  // Manubot generates the references of persistent ids itself: such a document always has a
  // source of references, even with no bibliography file (an empty list stands for it).
  return inlineOf(doc) ?? (manubotOf(ws, doc) ? manubotReferences(doc) : undefined);
}

const manubotReferences = memo((doc: Doc): BibFile => ({ file: doc.uri, format: 'csl-json', entries: [], strings: new Map(), errors: [], chunks: [''] }));
