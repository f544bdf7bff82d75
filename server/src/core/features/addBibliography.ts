// addBibliography(): the edit that makes a document use a bibliography file, written the way its
// language declares one: `bibliography:` in Markdown front matter, `\addbibresource` (biblatex)
// or `\bibliography` (BibTeX) in the LaTeX root, `#bibliography(...)` in Typst, and in a Quarto
// project the `_quarto.yml` its documents inherit it from. Refuses, with a sentence, what it
// cannot write safely; it never edits anything itself.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { latexRoot, quartoConfigs } from '../analysis/scope';
import { declaredBibliographies, quartoBibliographies } from '../syntax/project';
import type { Doc } from '../model/workspace';
import { resolveUri, uriBasename, uriExtension } from '../model/uri';
import { settingsFor, type Workspace } from '../model/workspace';
import { citationPackage } from './insertCitation';
import type { FileEdits } from './rename';

export type AddBibliographyResult = { ok: true; files: FileEdits[]; where: string } | { ok: false; message: string };

export function addBibliography(ws: Workspace, uri: string, bibUri: string): AddBibliographyResult {
  const doc = ws.docs.get(uri);
  if (!doc || (doc.lang !== 'markdown' && doc.lang !== 'latex' && doc.lang !== 'typst')) {
    return { ok: false, message: 'Open the Markdown, LaTeX or Typst document that should use the bibliography first.' };
  }
  if (!/^file:\/\//.test(bibUri)) return { ok: false, message: 'The bibliography must be a file on this computer.' };
  // What the document itself declares: a workspace-wide fallback scope is no declaration.
  const owner = doc.lang === 'latex' ? (ws.docs.get(latexRoot(ws, uri)) ?? doc) : doc;
  const declared = declaredBibliographies(owner.text, doc.lang).map((d) => resolveUri(owner.uri, d.path));
  if (declared.includes(bibUri) || settingsFor(ws, uri).bibliographies.includes(bibUri)) return { ok: false, message: `The document already uses ${relativePath(uri, bibUri)}.` };
  const ext = uriExtension(bibUri);
  if (doc.lang === 'latex') {
    if (ext !== '.bib') return { ok: false, message: `LaTeX reads BibTeX files only; ${relativePath(uri, bibUri)} is not a .bib file.` };
    return latexEdit(ws, uri, bibUri);
  }
  if (doc.lang === 'typst') {
    if (!['.bib', '.yml', '.yaml'].includes(ext)) return { ok: false, message: `Typst reads .bib and Hayagriva .yml files only, not ${ext || 'this file'}.` };
    return typstEdit(doc.text, uri, bibUri, doc.version);
  }
  if (!['.bib', '.json', '.yaml', '.yml', '.ris'].includes(ext)) return { ok: false, message: `Pandoc cannot read ${ext || 'this file'} as a bibliography.` };
  // A document with its own `bibliography:` overrides the project's, so that list is the one to extend.
  const config = declared.length === 0 ? projectConfig(ws, doc) : undefined;
  if (config) {
    const inherited = quartoBibliographies(config.text).map((d) => resolveUri(config.uri, d.path));
    if (inherited.includes(bibUri)) return { ok: false, message: `The project already uses ${relativePath(uri, bibUri)}, in ${uriBasename(config.uri)}.` };
    return projectEdit(config, bibUri);
  }
  return markdownEdit(doc.text, uri, bibUri, doc.version);
}

/** The path of `target` relative to the folder of `from`, with `/` separators. */
export function relativePath(from: string, target: string): string {
  const a = decodeURIComponent(from.replace(/^file:\/\//, '')).split('/').slice(0, -1);
  const b = decodeURIComponent(target.replace(/^file:\/\//, '')).split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

function edit(uri: string, version: number, at: number, newText: string, end = at): FileEdits {
  return { uri, version, edits: [{ span: { start: at, end }, newText }] };
}

function lineEndAt(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

/** A YAML plain scalar when safe, else a double-quoted one. */
function yamlString(value: string): string {
  return /^[\w./-][\w ./-]*$/.test(value) && !/ $/.test(value) ? value : JSON.stringify(value);
}

function markdownEdit(text: string, uri: string, bibUri: string, version: number): AddBibliographyResult {
  const path = relativePath(uri, bibUri);
  const value = yamlString(path);
  const where = 'the front matter';
  const front = /^---[ \t]*\r?\n/.exec(text);
  const close = front ? /^(---|\.\.\.)[ \t]*$/m.exec(text.slice(front[0].length)) : null;
  if (!front || !close) return { ok: true, where, files: [edit(uri, version, 0, `---\nbibliography: ${value}\n---\n\n`)] };
  const end = front[0].length + close.index;
  const lines = text.slice(0, end);
  const key = /^bibliography:[ \t]*(.*?)[ \t]*\r?$/m.exec(lines);
  if (!key) return { ok: true, where, files: [edit(uri, version, end, `bibliography: ${value}\n`)] };
  const rest = key[1] as string;
  const valueStart = key.index + key[0].indexOf(rest, 'bibliography:'.length);
  if (rest === '') {
    // A block list: a new item after the last one, with its indentation.
    const items = /^(?:[ \t]+-[ \t]*.*\r?\n?)+/.exec(text.slice(key.index + key[0].length + 1, end));
    if (!items) return { ok: false, message: 'The front matter has an empty bibliography: entry; fill it in by hand.' };
    const indent = /^([ \t]+-[ \t]*)/.exec(items[0])?.[1] ?? '  - ';
    const at = key.index + key[0].length + 1 + items[0].length;
    const lead = items[0].endsWith('\n') ? '' : '\n';
    return { ok: true, where, files: [edit(uri, version, at, `${lead}${indent}${value}\n`)] };
  }
  if (rest.startsWith('[')) {
    const closeAt = rest.lastIndexOf(']');
    if (closeAt < 0) return { ok: false, message: 'The front matter bibliography: list is not closed on its line; add the file by hand.' };
    const inner = rest.slice(1, closeAt).trim();
    return { ok: true, where, files: [edit(uri, version, valueStart + closeAt, `${inner ? ', ' : ''}${value}`)] };
  }
  if (/^[|>&*!]/.test(rest)) return { ok: false, message: 'The front matter bibliography: value is not a plain path; add the file by hand.' };
  return { ok: true, where, files: [edit(uri, version, valueStart, `[${rest}, ${value}]`, valueStart + rest.length)] };
}

function latexEdit(ws: Workspace, uri: string, bibUri: string): AddBibliographyResult {
  const rootUri = latexRoot(ws, uri);
  const root = ws.docs.get(rootUri) ?? ws.docs.get(uri);
  if (!root) return { ok: false, message: 'The LaTeX root file of this document is not read.' };
  const path = relativePath(root.uri, bibUri);
  if (/[\s{}%#\\]/.test(path)) return { ok: false, message: `The path ${path} has a space or a character LaTeX treats specially; rename the file or add it by hand.` };
  const name = uriBasename(root.uri);
  const text = root.text;
  const declared = declaredBibliographies(text, 'latex');
  if (citationPackage(ws, root.uri) === 'biblatex') {
    const last = declared.filter((d) => d.command === '\\addbibresource').at(-1);
    const pkg = /\\usepackage[ \t]*(?:\[[^\]]*\])?[ \t]*\{biblatex\}[^\n]*/.exec(text);
    const at = last ? lineEndAt(text, last.span.end) : pkg ? pkg.index + pkg[0].length : -1;
    if (at < 0) return { ok: false, message: `${name} loads biblatex in a way Citelens cannot place \\addbibresource after; add it by hand.` };
    return { ok: true, where: name, files: [edit(root.uri, root.version, at, `\n\\addbibresource{${path}}`)] };
  }
  const bibtex = declared.filter((d) => d.command === '\\bibliography').at(-1);
  const bare = path.replace(/\.bib$/i, '');
  if (bibtex) return { ok: true, where: name, files: [edit(root.uri, root.version, bibtex.span.end, `,${bare}`)] };
  const end = /\\end[ \t]*\{document\}/.exec(text);
  if (!end) return { ok: false, message: `${name} has no \\end{document} to put \\bibliography before; add it by hand.` };
  return { ok: true, where: name, files: [edit(root.uri, root.version, end.index, `\\bibliography{${bare}}\n`)] };
}

function typstEdit(text: string, uri: string, bibUri: string, version: number): AddBibliographyResult {
  const path = relativePath(uri, bibUri);
  const quoted = JSON.stringify(path);
  const where = 'the #bibliography call';
  const declared = declaredBibliographies(text, 'typst');
  const last = declared.at(-1);
  if (!last) {
    const lead = text === '' || text.endsWith('\n') ? '' : '\n';
    return { ok: true, where: 'the end of the document', files: [edit(uri, version, text.length, `${lead}\n#bibliography(${quoted})\n`)] };
  }
  const open = last.span.start - 1;
  const closeQuote = last.span.end;
  if (text[open] !== '"' || text[closeQuote] !== '"') return { ok: false, message: 'The #bibliography call names its file in a way Citelens cannot extend; add the file by hand.' };
  // A single path becomes an array of two; an array gets one more item.
  if (/#bibliography\([ \t]*$/.test(text.slice(Math.max(0, open - 40), open))) {
    const old = text.slice(open, closeQuote + 1);
    return { ok: true, where, files: [edit(uri, version, open, `(${old}, ${quoted})`, closeQuote + 1)] };
  }
  return { ok: true, where, files: [edit(uri, version, closeQuote + 1, `, ${quoted}`)] };
}

/**
 * The Quarto file a document without its own `bibliography:` takes one from: the nearest
 * `_metadata.yml` that names one, else the project's `_quarto.yml`; none outside a project.
 */
function projectConfig(ws: Workspace, doc: Doc): Doc | undefined {
  const configs = quartoConfigs(ws, doc);
  const project = configs.at(-1);
  if (!project || !/\/_quarto\.ya?ml$/.test(project.uri)) return undefined;
  return configs.find((c) => quartoBibliographies(c.text).length > 0) ?? project;
}

/**
 * `bibliography:` in a Quarto project file, edited as text where the YAML parser says the value
 * is, so comments and layout stay: a new key at the end, one path made a flow list of two, one
 * more item in a flow or block list. Anything else is refused with a sentence.
 */
function projectEdit(config: Doc, bibUri: string): AddBibliographyResult {
  const name = uriBasename(config.uri);
  const text = config.text;
  const value = yamlString(relativePath(config.uri, bibUri));
  const by = (message: string): AddBibliographyResult => ({ ok: false, message: `${name} ${message}; add the file by hand.` });
  const yaml = parseDocument(text, { uniqueKeys: false, keepSourceTokens: false });
  const error = yaml.errors[0];
  if (error) return { ok: false, message: `${name} is not valid YAML (${error.message.split('\n')[0]?.replace(/:$/, '')}); fix it, then choose the bibliography again.` };
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const contents = yaml.contents;
  if (contents !== null && !(isMap(contents) && !contents.flow)) return by('is not a block mapping of options');
  const pair = isMap(contents) ? contents.items.find((p) => isScalar(p.key) && p.key.value === 'bibliography') : undefined;
  if (!pair) {
    const lead = text === '' || text.endsWith('\n') ? '' : nl;
    return { ok: true, where: name, files: [edit(config.uri, config.version, text.length, `${lead}bibliography: ${value}${nl}`)] };
  }
  const node = pair.value;
  if (isScalar(node) && node.range && typeof node.value === 'string' && !node.tag && ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(node.type ?? '')) {
    const [start, end] = node.range;
    return { ok: true, where: name, files: [edit(config.uri, config.version, start, `[${text.slice(start, end)}, ${value}]`, end)] };
  }
  if (!isSeq(node) || !node.range || node.tag) return by('has a bibliography: value that is neither a path nor a list');
  const last = node.items.at(-1);
  if (node.flow) {
    const close = text.lastIndexOf(']', node.range[1]);
    if (close < node.range[0]) return by('has a bibliography: list Citelens cannot read');
    const lastEnd = last && isScalar(last) && last.range ? last.range[1] : undefined;
    const at = lastEnd ?? close;
    return { ok: true, where: name, files: [edit(config.uri, config.version, at, `${lastEnd === undefined ? '' : ', '}${value}`)] };
  }
  if (!last || !isScalar(last) || !last.range) return by('has a bibliography: list whose last item is not a path');
  const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const marker = text.slice(lineStart, last.range[0]);
  if (!/^[ \t]*-[ \t]+$/.test(marker)) return by('has a bibliography: list laid out in a way Citelens cannot extend');
  const eol = lineEndAt(text, last.range[1]);
  const at = text[eol - 1] === '\r' ? eol - 1 : eol;
  return { ok: true, where: name, files: [edit(config.uri, config.version, at, `${nl}${marker}${value}`)] };
}
