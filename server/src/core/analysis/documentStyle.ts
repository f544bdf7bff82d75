// The CSL style and locale a document is formatted in, and why: its own `csl:` (front matter, then
// Quarto's `_metadata.yml` and `_quarto.yml`), the nearest bundled style to its LaTeX bibliography
// style, a Typst document's bibliography `style:` (a built-in name or a `.csl` file), or the
// `citelens.style` setting. Memoised per snapshot and document.
import type { StyleSpec } from '../model/style';
import { relativeTo, resolveUri, uriDirname } from '../model/uri';
import type { Doc, Workspace } from '../model/workspace';
import { styleInfo, styleName } from '../syntax/cslStyle';
import { declaredStyle, typstStyle, yamlStyle, type StyleDeclaration } from '../syntax/project';
import { languageTag } from '../syntax/languages';
import { nearestCslStyle } from '../format/latexStyles';
import { latexProject, latexRoot } from './scope';

export interface DocumentStyle {
  /** Undefined only when the host gave no styles at all. */
  style?: StyleSpec;
  /** The style's `<title>`. */
  title: string;
  /** The CSL locale the document asks for (`lang:`), when it asks. */
  lang?: string;
  /** Where the style comes from, and any fallback, as sentences for the hover's footer. */
  notes: string[];
  /** Which kind of source decided the style. */
  origin: 'document' | 'setting' | 'default';
}

export const defaultStyleId = 'nature';

const memo = new WeakMap<Workspace, Map<string, DocumentStyle>>();

const isUrl = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file://');

/** The style of a document; for other URIs (or none), the setting's. */
export function documentStyle(ws: Workspace, uri?: string): DocumentStyle {
  let byUri = memo.get(ws);
  if (!byUri) memo.set(ws, (byUri = new Map()));
  const key = uri ?? '';
  let found = byUri.get(key);
  if (!found) byUri.set(key, (found = compute(ws, uri)));
  return found;
}

const declarations = new WeakMap<Doc, StyleDeclaration>();

/**
 * What one file declares, read once per document object: the host asks which style files are
 * needed after every change, and reading every front matter again on each keystroke would add up.
 */
function declared(doc: Doc): StyleDeclaration {
  let d = declarations.get(doc);
  if (!d) {
    d = doc.lang === 'latex' || doc.lang === 'markdown' ? declaredStyle(doc.text, doc.lang) : doc.lang === 'typst' ? typstStyle(doc.text) : yamlStyle(doc.text);
    declarations.set(doc, d);
  }
  return d;
}

/** A declaration with the file it was read from, for resolving its relative path. */
interface Located extends StyleDeclaration {
  from: string;
}

/** The declaration in force for a document: its own, then the project's. */
function declarationOf(ws: Workspace, doc: Doc): Located | undefined {
  if (doc.lang === 'latex') {
    let lang: string | undefined;
    let style: Located | undefined;
    for (const member of latexProject(ws, latexRoot(ws, doc.uri)).concat(doc.uri)) {
      const d = ws.docs.get(member);
      if (!d) continue;
      const found = declared(d);
      if (!style && found.value) style = { ...found, from: d.uri };
      lang ??= found.lang;
    }
    return style || lang ? { ...(style ?? { from: doc.uri }), ...(lang ? { lang } : {}) } : undefined;
  }
  if (doc.lang === 'typst') {
    const own = declared(doc);
    return own.value || own.lang ? { ...own, from: doc.uri } : undefined;
  }
  if (doc.lang !== 'markdown') return undefined;
  // Quarto merges metadata: the document's front matter over `_metadata.yml` files over `_quarto.yml`.
  const layers: Located[] = [{ ...declared(doc), from: doc.uri }];
  const folder = ws.folders.find((f) => doc.uri.startsWith(f));
  let dir = uriDirname(doc.uri);
  for (let depth = 0; depth < 32; depth++) {
    const meta = ws.docs.get(`${dir}/_metadata.yml`) ?? ws.docs.get(`${dir}/_metadata.yaml`);
    if (meta) layers.push({ ...declared(meta), from: meta.uri });
    const project = ws.docs.get(`${dir}/_quarto.yml`) ?? ws.docs.get(`${dir}/_quarto.yaml`);
    if (project) {
      layers.push({ ...declared(project), from: project.uri });
      break;
    }
    const up = uriDirname(dir);
    if (!folder || `${dir}/` === folder || up === dir || up.length < 'file://'.length) break;
    dir = up;
  }
  const style = layers.find((l) => l.value);
  const lang = layers.find((l) => l.lang)?.lang;
  if (!style && !lang) return undefined;
  return { ...(style ?? { from: doc.uri }), ...(lang ? { lang } : {}) };
}

/** The URI a `csl:` path names, `.csl` added when it has no extension (as pandoc does). */
export function styleTarget(declaration: { value: string; from: string }): string {
  const path = /\.[A-Za-z0-9]+$/.test(declaration.value) ? declaration.value : `${declaration.value}.csl`;
  return resolveUri(declaration.from, path);
}

function compute(ws: Workspace, uri: string | undefined): DocumentStyle {
  const doc = uri ? ws.docs.get(uri) : undefined;
  const decl = doc ? declarationOf(ws, doc) : undefined;
  const lang = decl?.lang ? languageTag(decl.lang) : undefined;
  const withLang = (s: DocumentStyle): DocumentStyle => (lang ? { ...s, lang } : s);
  const fallback = setting(ws);
  if (!decl?.value) return withLang(fallback);
  const value = decl.value;
  const where = relativeTo(ws.folders.find((f) => decl.from.startsWith(f)), decl.from);
  const fallingBack = (why: string): DocumentStyle => withLang({ ...fallback, notes: [`${why}; showing ${fallback.title} instead.`, ...fallback.notes] });
  if (decl.kind === 'biblatex' || decl.kind === 'bibtex') {
    const label = decl.kind === 'biblatex' ? `biblatex style=${value}` : `\\bibliographystyle{${value}}`;
    const id = nearestCslStyle(decl.kind, value);
    const style = id ? ws.styles.get(id) : undefined;
    if (!style) return fallingBack(`${label} (${where}) has no CSL counterpart among the bundled styles`);
    return withLang(found(style, 'document', `${label} is shown in ${styleInfo(style).title}, the nearest bundled CSL style.`));
  }
  if (decl.kind === 'typst') {
    const id = nearestCslStyle('typst', value, new Set(ws.styles.keys()));
    const style = id ? ws.styles.get(id) : undefined;
    if (!style) return fallingBack(`Typst's style "${value}" (${where}) is not among the bundled CSL styles`);
    return withLang(found(style, 'document', `Typst's style "${value}" is shown in the bundled ${styleInfo(style).title}.`));
  }
  const bundled = ws.styles.get(styleName(value));
  if (isUrl(value)) {
    if (bundled) return withLang(found(bundled, 'document', `csl: ${value} is not fetched; the bundled copy of ${styleInfo(bundled).title} is used.`));
    return fallingBack(`csl: ${value} (${where}) is not fetched: Citelens reads no network`);
  }
  const target = styleTarget({ value, from: decl.from });
  const file = ws.styleFiles.get(target);
  if (file?.style) return withLang(found(file.style, 'document', [`Style from csl: ${value} (${where}).`, ...(file.note ? [file.note] : [])].join(' ')));
  if (bundled && !file?.style) return withLang(found(bundled, 'document', `csl: ${value} is not a file here; the bundled ${styleInfo(bundled).title} is used.`));
  return fallingBack(`csl: ${value} (${where}) ${file?.note ?? 'is not read yet'}`);
}

function found(style: StyleSpec, origin: DocumentStyle['origin'], note?: string): DocumentStyle {
  return { style, title: styleInfo(style).title, notes: note ? [note] : [], origin };
}

/** The `citelens.style` setting: a bundled id or a style file; the default style otherwise. */
function setting(ws: Workspace): DocumentStyle {
  const value = ws.settings.style;
  const bundled = ws.styles.get(value);
  if (bundled) return found(bundled, 'setting');
  const file = ws.styleFiles.get(value);
  if (file?.style) return found(file.style, 'setting', file.note);
  const fallback = ws.styles.get(defaultStyleId) ?? ws.styles.values().next().value;
  const why = value.startsWith('file://') ? `citelens.style ${relativeTo(ws.folders[0], value)} ${file?.note ?? 'is not read yet'}` : `citelens.style "${value}" is not a bundled style`;
  if (!fallback) return { title: 'plain', notes: [`${why}.`], origin: 'default' };
  return { style: fallback, title: styleInfo(fallback).title, notes: [`${why}; showing ${styleInfo(fallback).title}.`], origin: 'default' };
}

/** Style files some document or the setting names, for the host to read. */
export function neededStyleFiles(ws: Workspace): string[] {
  const out = new Set<string>();
  if (ws.settings.style.startsWith('file://')) out.add(ws.settings.style);
  for (const doc of ws.docs.values()) {
    if (doc.lang !== 'markdown' && doc.lang !== 'typst') continue;
    const decl = declarationOf(ws, doc);
    if (decl?.value && decl.kind === 'csl' && !isUrl(decl.value)) out.add(styleTarget({ value: decl.value, from: decl.from }));
  }
  return [...out];
}
