// Which bibliographies and files a document names: `\bibliography`, `\addbibresource`, YAML
// `bibliography:`, Typst's `#bibliography(...)`, `% !TEX root`, `\input`, `#include` and friends. Pure: paths come back as written, and the
// host resolves them. Imports the core and the `yaml` parser only.
import { isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { scanBlocks } from './cite/markdown';
import { findLatexCitations, inSkipped } from './cite/latex';
import { readTypst } from './cite/typst';
import type { Span } from '../model/types';

export interface Declaration {
  /** The path as written, with `.bib` added where `\bibliography` leaves it out. */
  path: string;
  /** The path text in the document (without quotes or braces). */
  span: Span;
  /** `\bibliography`, `\addbibresource`, `bibliography` (YAML) ... */
  command: string;
}

export interface Inclusion {
  /** As written; `\import{dir}{file}` joins the two. The extension may be missing. */
  path: string;
  span: Span;
}

/** The bibliography files a document declares, in document order. */
export function declaredBibliographies(text: string, lang: 'latex' | 'markdown' | 'typst'): Declaration[] {
  if (lang === 'latex') return latexBibliographies(text);
  if (lang === 'typst') return readTypst(text).bibliographies.map((b) => ({ path: b.path, span: b.span, command: '#bibliography' }));
  return scanBlocks(text).yaml.flatMap((y) => yamlBibliographies(text.slice(y.start, y.end), y.start));
}

/** Top-level `bibliography:` of a Quarto project file (`_quarto.yml`), which every document inherits. */
export function quartoBibliographies(yamlText: string): Declaration[] {
  return yamlBibliographies(yamlText, 0);
}

/** The `% !TEX root = main.tex` magic comment (TeXShop, TeXstudio, LaTeX Workshop), if any. */
export function texRoot(text: string): string | undefined {
  const m = /^[ \t]*%[ \t]*!TEX[ \t]+root[ \t]*=[ \t]*(.*?)[ \t]*\r?$/im.exec(text);
  return m && m[1] ? m[1] : undefined;
}

/** Files a LaTeX document pulls in: `\input`, `\include`, `\subfile`, `\import`, `\subimport`. */
export function includedFiles(text: string): Inclusion[] {
  const out: Inclusion[] = [];
  const re = /\\(input|include|subfile|import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)(?![A-Za-z])\*?[ \t]*\{([^{}%\n]*)\}(?:[ \t]*\{([^{}%\n]*)\})?/g;
  for (const m of text.matchAll(re)) {
    if (inComment(text, m.index)) continue;
    const twoArgs = !['input', 'include', 'subfile'].includes(m[1] as string);
    const first = m[2] as string;
    if (twoArgs) {
      if (m[3] === undefined) continue;
      const file = (m[3] as string).trim();
      const dir = first.trim();
      const fileStart = m.index + m[0].length - 1 - (m[3] as string).length + leading(m[3] as string);
      if (file) out.push({ path: dir && !dir.endsWith('/') ? `${dir}/${file}` : dir + file, span: { start: fileStart, end: fileStart + file.length } });
    } else {
      const path = first.trim();
      const start = m.index + m[0].indexOf('{') + 1 + leading(first);
      if (path) out.push({ path, span: { start, end: start + path.length } });
    }
  }
  // The TeX primitive form `\input chapter1` reads a name up to white space.
  for (const m of text.matchAll(/\\input[ \t]+([^\s{}%\\]+)/g)) {
    if (!inComment(text, m.index)) out.push({ path: m[1] as string, span: { start: m.index + m[0].length - (m[1] as string).length, end: m.index + m[0].length } });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Files a Typst document includes (`#include "chapter.typ"`), as written: relative to the file,
 * or to the project root when they start with `/`.
 */
export function typstIncludes(text: string): Inclusion[] {
  return readTypst(text).includes;
}

function leading(s: string): number {
  return s.length - s.trimStart().length;
}

/** Whether an unescaped `%` stands before `offset` on its line. */
function inComment(text: string, offset: number): boolean {
  for (let j = text.lastIndexOf('\n', offset - 1) + 1; j < offset; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 37) return true;
  }
  return false;
}

/**
 * biblatex's `\begin{refsection}[a.bib,b.bib]`: the optional argument lists resources for that
 * section, each a file name as `\addbibresource` takes it.
 */
function refsectionBibliographies(text: string, skipped: readonly Span[]): Declaration[] {
  const out: Declaration[] = [];
  for (const m of text.matchAll(/\\begin[ \t]*\{refsection\}[ \t]*\[([^\]]*)\]/g)) {
    if (inComment(text, m.index) || inSkipped(skipped, m.index)) continue;
    let at = m.index + m[0].length - 1 - (m[1] as string).length;
    for (const part of (m[1] as string).split(',')) {
      const path = part.trim();
      const start = at + leading(part);
      at += part.length + 1;
      if (path && !path.includes('\\')) out.push({ path, span: { start, end: start + path.length }, command: 'refsection' });
    }
  }
  return out;
}

function latexBibliographies(text: string): Declaration[] {
  // Most files of a project (its chapters) declare nothing: the full scan below is for those that may.
  if (!/\\(?:bibliography|nobibliography|addbibresource|addglobalbib|addsectionbib|begin[ \t]*\{refsection\})/.test(text)) return [];
  // Declarations inside verbatim, \verb, listings or comment environments are text to TeX, the
  // same spans the citation finder skips.
  const skipped = findLatexCitations(text).skipped;
  const out: Declaration[] = refsectionBibliographies(text, skipped);
  // TeX skips spaces and one line break before an argument: `\addbibresource\n  {refs.bib}`.
  const re = /\\(bibliography|nobibliography|addbibresource|addglobalbib|addsectionbib)(?![A-Za-z])[ \t]*(?:\r?\n[ \t]*)?(?:\[[^\]]*\][ \t]*(?:\r?\n[ \t]*)?)?\{([^{}]*)\}/g;
  for (const m of text.matchAll(re)) {
    if (inComment(text, m.index) || inSkipped(skipped, m.index)) continue;
    const command = `\\${m[1]}`;
    const argStart = m.index + m[0].length - 1 - (m[2] as string).length;
    // `\bibliography` (and bibentry's `\nobibliography`) takes a comma list of names, `.bib`
    // implied; the others take one resource.
    const bibtexStyle = m[1] === 'bibliography' || m[1] === 'nobibliography';
    const parts = bibtexStyle ? (m[2] as string).split(',') : [m[2] as string];
    let at = argStart;
    for (const part of parts) {
      const path = part.trim();
      const start = at + leading(part);
      at += part.length + 1;
      // `\bibliography{\jobname}` names a file only TeX can work out, and biber fetches a remote
      // resource (`[location=remote]{https://...}`) itself: neither is a missing file.
      if (!path || path.includes('\\') || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) continue;
      const full = bibtexStyle && !/\.bib$/i.test(path) ? `${path}.bib` : path;
      out.push({ path: full, span: { start, end: start + path.length }, command });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function yamlBibliographies(yamlText: string, base: number): Declaration[] {
  // The yaml parser never throws on bad input; it records errors and keeps what it could read.
  const doc = parseDocument(yamlText, { keepSourceTokens: false, uniqueKeys: false });
  const node = doc.contents && 'get' in doc.contents ? (doc.get('bibliography', true) as Node | undefined) : undefined;
  if (!node) return [];
  const items = isSeq(node) ? node.items : [node];
  const out: Declaration[] = [];
  for (const item of items) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
    // R Markdown evaluates `!expr here::here("refs.bib")` in R; the path is unknown until then.
    if (item.tag === '!expr' || item.tag === '!r') continue;
    let [start, end] = item.range;
    if (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE') {
      start++;
      end--;
    }
    const path = item.value.trim();
    // So is inline R (`` `r here::here("refs.bib")` ``), which rmarkdown evaluates before pandoc runs.
    if (!path || /^`r[ \t]/.test(path)) continue;
    // Escapes in quoted strings make the source longer than the value; keep the source span then.
    const written = yamlText.slice(start, end);
    const offset = written.indexOf(path);
    const span = offset >= 0 ? { start: base + start + offset, end: base + start + offset + path.length } : { start: base + start, end: base + end };
    out.push({ path, span, command: 'bibliography' });
  }
  return out;
}

/** The citation style a document or project file names, and its language, as written. */
export interface StyleDeclaration {
  /** `csl:` (a path or URL), a biblatex `style=`/`bibstyle=` value, or a `\bibliographystyle` name. */
  value?: string;
  span?: Span;
  kind?: 'csl' | 'biblatex' | 'bibtex' | 'typst';
  /** `lang:` (YAML), or the main language of babel/polyglossia/biblatex (`ngerman`) in LaTeX. */
  lang?: string;
}

/** The style and language a manuscript declares: YAML front matter, or the LaTeX preamble. */
export function declaredStyle(text: string, lang: 'latex' | 'markdown'): StyleDeclaration {
  if (lang === 'markdown') {
    const found: StyleDeclaration = {};
    for (const y of scanBlocks(text).yaml) {
      const d = yamlStyle(text.slice(y.start, y.end), y.start);
      if (!found.value && d.value) Object.assign(found, { value: d.value, span: d.span, kind: d.kind });
      found.lang ??= d.lang;
    }
    return found;
  }
  return latexStyle(text);
}

/**
 * A Typst document's bibliography `style:` and `#set text(lang:)`. A value ending in `.csl` is a
 * style file (kind `csl`, relative to the document, as Typst reads it); any other is one of
 * Typst's built-in style names (kind `typst`).
 */
export function typstStyle(text: string): StyleDeclaration {
  const typst = readTypst(text);
  const out: StyleDeclaration = {};
  const style = typst.bibliographyStyle;
  if (style && style.value.trim()) Object.assign(out, { value: style.value.trim(), span: style.span, kind: /\.csl$/i.test(style.value.trim()) ? 'csl' : 'typst' });
  if (typst.textLang?.trim()) out.lang = typst.textLang.trim();
  return out;
}

/** Where `csl:`, `citation-style:` or `lang:` may be a key (plain, quoted, or in a flow mapping). */
const styleKeys = /(?:^|[\s{,])["']?(?:csl|citation-style|lang)["']?[ \t]*:/m;

/** `csl:` (or `citation-style:`) and `lang:` at the top level of a YAML text (front matter, `_quarto.yml`, `_metadata.yml`). */
export function yamlStyle(yamlText: string, base = 0): StyleDeclaration {
  // Most metadata names no style or language: parse only what may (a second parse of every
  // document's front matter at the first load, after its bibliographies were read from it).
  if (!styleKeys.test(yamlText)) return {};
  const doc = parseDocument(yamlText, { keepSourceTokens: false, uniqueKeys: false });
  if (!doc.contents || !('get' in doc.contents)) return {};
  const out: StyleDeclaration = {};
  for (const name of ['csl', 'citation-style']) {
    const node = doc.get(name, true) as Node | undefined;
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() && node.range) {
      const value = node.value.trim();
      const at = yamlText.indexOf(value, node.range[0]);
      const start = base + (at >= 0 ? at : node.range[0]);
      Object.assign(out, { value, span: { start, end: start + value.length }, kind: 'csl' });
      break;
    }
  }
  const lang = doc.get('lang');
  if (typeof lang === 'string' && lang.trim()) out.lang = lang.trim();
  return out;
}

function latexStyle(text: string): StyleDeclaration {
  const out: StyleDeclaration = {};
  const first = (re: RegExp) => {
    for (const m of text.matchAll(re)) if (!inComment(text, m.index)) return m;
    return undefined;
  };
  const biblatex = first(/\\(?:usepackage|RequirePackage)[ \t]*\[([^\]]*)\][ \t]*\{(biblatex(?:-[a-z]+)?)\}/g);
  if (biblatex) {
    const options = biblatex[1] as string;
    const option = (name: string) => new RegExp(`(?:^|,)\\s*${name}\\s*=\\s*([^,\\s]+)`).exec(options);
    // biblatex-chicago (and similar packages) name their flavour as a bare option: `authordate`, `notes`.
    const style = option('bibstyle') ?? option('style');
    const value = style?.[1] ?? (biblatex[2] !== 'biblatex' ? `${biblatex[2]}:${options.split(',')[0]?.trim() ?? ''}` : undefined);
    if (value) {
      const at = style ? biblatex.index + biblatex[0].indexOf(options) + style.index + style[0].indexOf(style[1] as string) : biblatex.index;
      Object.assign(out, { value, span: { start: at, end: at + (style ? value.length : biblatex[0].length) }, kind: 'biblatex' });
    }
    const language = option('language');
    if (language && language[1] !== 'auto') out.lang = language[1];
  } else if (first(/\\(?:usepackage|RequirePackage)[ \t]*\{biblatex\}/g)) {
    Object.assign(out, { value: 'numeric', kind: 'biblatex' });
  }
  if (!out.value) {
    const bst = first(/\\bibliographystyle[ \t]*\{([^{}]*)\}/g);
    const name = bst?.[1]?.trim();
    if (bst && name) {
      const start = bst.index + bst[0].indexOf('{') + 1 + leading(bst[1] as string);
      Object.assign(out, { value: name, span: { start, end: start + name.length }, kind: 'bibtex' });
    }
  }
  if (!out.lang) {
    // babel's last option is the main language; polyglossia names it with \setdefaultlanguage or \setmainlanguage.
    const babel = first(/\\(?:usepackage|RequirePackage)[ \t]*\[([^\]]*)\][ \t]*\{babel\}/g);
    const poly = first(/\\set(?:default|main)language[ \t]*(?:\[[^\]]*\])?[ \t]*\{([^{}]*)\}/g);
    const main = babel ? (babel[1] as string).split(',').map((o) => o.trim()).filter((o) => o && !o.includes('=')).pop() : poly?.[1]?.trim();
    if (main) out.lang = main;
  }
  return out;
}

/**
 * The cross-reference kinds a Quarto document or project file adds (`crossref: custom:` entries'
 * `key`, as in `@vid-intro`): Quarto's crossref filter resolves `@KEY-id` before citeproc.
 */
export function crossrefKinds(text: string, lang: 'markdown' | 'yaml'): string[] {
  const blocks = lang === 'yaml' ? [{ start: 0, end: text.length }] : scanBlocks(text).yaml;
  const out: string[] = [];
  for (const y of blocks) {
    const yamlText = text.slice(y.start, y.end);
    // Most metadata has no custom kinds; parse only what may hold some.
    if (!/^[ \t]*custom[ \t]*:/m.test(yamlText)) continue;
    const doc = parseDocument(yamlText, { keepSourceTokens: false, uniqueKeys: false });
    const custom = doc.getIn(['crossref', 'custom'], true);
    if (!isSeq(custom)) continue;
    for (const item of custom.items) {
      const key = item && typeof item === 'object' && 'get' in item ? (item as { get(k: string): unknown }).get('key') : undefined;
      if (typeof key === 'string' && /^[\w]+$/.test(key)) out.push(key);
    }
  }
  return out;
}

/**
 * The package and class files a LaTeX text loads (`\usepackage{a,b}` -> `a.sty`, `b.sty`;
 * `\documentclass{x}` -> `x.cls`), as file names; a project that ships its own package defines
 * its citation macros there.
 */
export function loadedPackages(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\\(usepackage|RequirePackage|documentclass|LoadClass)(?![A-Za-z])[ \t]*(?:\[[^\]]*\][ \t]*)?\{([^{}]*)\}/g)) {
    if (inComment(text, m.index)) continue;
    const ext = m[1] === 'documentclass' || m[1] === 'LoadClass' ? '.cls' : '.sty';
    for (const name of (m[2] as string).split(',')) if (/^[\w./-]+$/.test(name.trim())) out.push(`${name.trim()}${ext}`);
  }
  return out;
}

/** A bibliography an R chunk writes when the document is knitted: `knitr::write_bib(c('a', 'b'), 'packages.bib')`. */
export interface GeneratedBibliography {
  /** The file as written, relative to the document's folder (knitr's working directory). */
  path: string;
  /** The keys it will hold: knitr's `R-` prefix and each package named. */
  keys: string[];
}

/**
 * The bibliographies a document's R code writes with `knitr::write_bib`. Only package names given
 * as string literals are known, plus R's attached base packages when `.packages()` is passed;
 * anything else is computed in R and left out.
 */
export function generatedBibliographies(text: string): GeneratedBibliography[] {
  if (!text.includes('write_bib')) return [];
  const out: GeneratedBibliography[] = [];
  for (const m of text.matchAll(/\bwrite_bib[ \t]*\(/g)) {
    // The call's arguments, up to its closing parenthesis (string literals hold no parentheses here).
    let depth = 0;
    let end = -1;
    for (let i = m.index + m[0].length - 1; i < text.length && i < m.index + 4000; i++) {
      const c = text[i];
      if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) continue;
    const args = text.slice(m.index + m[0].length, end);
    const file = /(?:^|,)\s*(?:file\s*=\s*)?(['"])([^'"\n]+\.bib)\1\s*(?:,|$)/.exec(args);
    if (!file) continue;
    const names = [...args.slice(0, file.index).matchAll(/(['"])([A-Za-z][\w.]*)\1/g)].map((n) => n[2] as string);
    // `.packages()` in a fresh R session: the attached base packages.
    if (/\.packages\(\)/.test(args)) names.push('base', 'datasets', 'graphics', 'grDevices', 'methods', 'stats', 'utils');
    out.push({ path: file[2] as string, keys: [...new Set(names)].map((n) => `R-${n}`) });
  }
  return out;
}

/**
 * The Lua filters a pandoc pipeline names, as written: `filters:` in YAML metadata (Quarto's
 * front matter and `_quarto.yml`, pandoc defaults files), `--lua-filter=x.lua` / `-L x.lua` in a
 * Makefile or script. Only `.lua` files: a JSON filter is a program we cannot read.
 */
export function namedLuaFilters(text: string, kind: 'yaml' | 'markdown' | 'command'): string[] {
  if (kind === 'command') return [...text.matchAll(/(?:--lua-filter[= ]|(?<![\w-])-L[ ]?)["']?([^\s"';|&]+\.lua)\b/g)].map((m) => m[1] as string);
  const blocks = kind === 'yaml' ? [{ start: 0, end: text.length }] : scanBlocks(text).yaml;
  const out: string[] = [];
  for (const y of blocks) {
    const yamlText = text.slice(y.start, y.end);
    if (!/^[ \t]*filters[ \t]*:/m.test(yamlText)) continue;
    const doc = parseDocument(yamlText, { keepSourceTokens: false, uniqueKeys: false });
    const filters = doc.get('filters', true);
    if (!isSeq(filters)) continue;
    for (const item of filters.items) {
      // A filter is a path, or `{path: x.lua, type: lua}` (pandoc 3 defaults, Quarto's `at:` form).
      const path = isScalar(item) ? item.value : item && typeof item === 'object' && 'get' in item ? (item as { get(k: string): unknown }).get('path') : undefined;
      if (typeof path === 'string' && /\.lua$/i.test(path)) out.push(path);
    }
  }
  return out;
}

/**
 * A CiTO filter's properties and their aliases (the `properties_and_aliases` table of pandoc's
 * cito.lua): each names a prefix the filter strips from a citation id (`@cites_as_evidence:Li95`
 * cites Li95). Undefined when the Lua text is not such a filter.
 */
export function citoProperties(lua: string): Set<string> | undefined {
  const start = lua.search(/\bproperties_and_aliases\s*=\s*\{/);
  if (start < 0 || !/split_cito_from_id|cito/i.test(lua)) return undefined;
  const out = new Set<string>();
  let depth = 0;
  let i = lua.indexOf('{', start);
  let body = '';
  for (; i < lua.length; i++) {
    const ch = lua[i];
    if (ch === '{') depth++;
    if (ch === '}' && --depth === 0) break;
    body += ch;
  }
  // `name = { 'alias', "alias" }`: the name and every quoted alias are properties.
  for (const m of body.matchAll(/([A-Za-z_][\w]*)\s*=\s*\{([^{}]*)\}/g)) {
    out.add(m[1] as string);
    for (const a of (m[2] as string).matchAll(/['"]([^'"]+)['"]/g)) out.add(a[1] as string);
  }
  return out.size ? out : undefined;
}
