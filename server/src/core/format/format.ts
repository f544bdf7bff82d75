// Formats CSL items as references in a CSL style (citeproc-js), one at a time for hovers or together
// as a bibliography. Never throws: a citeproc failure falls back to a plain rendering and a note.
// The host passes the style XML; nothing here reads files.
import CSL from 'citeproc';
import locales from '@citation-js/plugin-csl/lib/locales.json';
import type { CslItem } from '../bib/cslItem';
import { formatPlain } from './plain';

export type OutputFormat = 'text' | 'html';

/** A CSL style: its id (`nature`, `apa` ...) and the text of its `.csl` file. */
export interface StyleSpec {
  id: string;
  xml: string;
}

/** The styles shipped in data/styles/, by id (file name without `.csl`). */
export const styleIds = ['nature', 'apa', 'vancouver', 'chicago-author-date'] as const;

// citeproc-js reports warnings with console.log, which would corrupt an LSP stdio stream.
CSL.debug = () => undefined;

interface CachedEngine {
  engine: InstanceType<typeof CSL.Engine>;
  items: Map<string, CslItem>;
  format: OutputFormat;
  numbered: boolean;
  /** The style prints neither abstracts nor keywords, so items can go without them. */
  lean: boolean;
}

const engines = new Map<string, CachedEngine>();
const maxEngines = 6;

/** A short, stable hash of the style text, so an edited style file gets a new engine. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

// Keyed by the XML string itself: V8 caches a string's hash, so a host that keeps the style text
// pays for hashing its 60 kB once, not on every hover.
const styleKeys = new Map<string, string>();

function styleKey(style: StyleSpec): string {
  let key = styleKeys.get(style.xml);
  if (key === undefined) {
    key = `${style.xml.length}.${hash(style.xml)}`;
    if (styleKeys.size >= maxEngines) styleKeys.delete(styleKeys.keys().next().value as string);
    styleKeys.set(style.xml, key);
  }
  return `${style.id}|${key}`;
}

/** One engine per style, switched between text and HTML: building one can take a second or more. */
function engineFor(style: StyleSpec, format: OutputFormat): CachedEngine {
  const cacheKey = styleKey(style);
  const cached = engines.get(cacheKey);
  if (cached) {
    if (cached.format !== format) {
      cached.engine.setOutputFormat(format);
      cached.format = format;
    }
    return cached;
  }
  const items = new Map<string, CslItem>();
  const sys = {
    retrieveLocale: (lang: string) => locales[lang] ?? locales[lang.replace('_', '-')] ?? locales['en-US'],
    retrieveItem: (id: string) => items.get(id),
  };
  const engine = new CSL.Engine(sys, style.xml);
  engine.setOutputFormat(format);
  engine.opt.development_extensions.wrap_url_and_doi = false;
  const numbered = /<bibliography[\s\S]*?variable="citation-number"/.test(style.xml);
  const lean = !/variable="[^"]*\b(abstract|keyword)\b/.test(style.xml);
  const entry: CachedEngine = { engine, items, format, numbered, lean };
  if (engines.size >= maxEngines) engines.delete(engines.keys().next().value as string);
  engines.set(cacheKey, entry);
  return entry;
}

/**
 * Builds the style's engines ahead of the first hover (building APA's takes about a second);
 * returns false when citeproc rejects the style.
 */
export function prepareStyle(style: StyleSpec): boolean {
  try {
    engineFor(style, 'text');
    return true;
  } catch {
    return false;
  }
}

let sequence = 0;

/**
 * citeproc wants unique string ids, and its registry keeps what it rendered under an id, so each
 * call gives its items fresh ids: keys may repeat across files, and an edited entry must not be
 * rendered from a stale copy.
 */
function withIds(items: readonly CslItem[], lean: boolean): CslItem[] {
  return items.map((item) => {
    if (!lean) return { ...item, id: `r${++sequence}` };
    // Abstracts and keywords are long and styles rarely print them, yet citeproc parses them all.
    const { abstract: _abstract, keyword: _keyword, ...rest } = item;
    return { ...rest, id: `r${++sequence}` };
  });
}

/** Runs citeproc over the items; returns the entries (in the style's order) and their ids. */
function render(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, nosort: boolean): { entries: string[]; numbered: boolean } {
  const cached = engineFor(style, format);
  const prepared = withIds(items, cached.lean);
  cached.items.clear();
  for (const item of prepared) cached.items.set(item.id, item);
  cached.engine.updateItems(
    prepared.map((i) => i.id),
    nosort,
  );
  const result = cached.engine.makeBibliography();
  if (!result) throw new Error(`style ${style.id} has no bibliography`);
  return { entries: result[1], numbered: cached.numbered };
}

/** Markdown-active characters in HTML text, encoded so a Markdown renderer keeps them literal. */
function inertHtml(html: string): string {
  return html.replace(/(<[^>]*>)|([[\]*_`\\])/g, (m, tag: string | undefined) => (tag ? m : `&#${m.charCodeAt(0)};`));
}

/** One entry's content without the citation number and citeproc's wrapper divs. */
function cleanEntry(entry: string, format: OutputFormat, numbered: boolean): string {
  if (format === 'text') {
    const text = entry.trim();
    return numbered ? text.replace(/^\[?\d+\]?\.?\s*/, '') : text;
  }
  let html = entry.trim();
  html = html.replace(/<div class="csl-left-margin">[\s\S]*?<\/div>/, '');
  html = html.replace(/^<div class="csl-entry">\s*/, '').replace(/\s*<\/div>$/, '');
  html = html.replace(/^<div class="csl-right-inline">([\s\S]*)<\/div>$/, '$1');
  return inertHtml(html.trim());
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * One formatted reference per item, in input order, without a citation number (for hovers and
 * tooltips). Failures fall back to `formatPlain` and add a sentence to `notes` when given.
 */
export function formatReferences(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, notes?: string[]): string[] {
  return items.map((item) => {
    const key = `${styleKey(style)}|${format}|${JSON.stringify(item)}`;
    const hit = memo.get(key);
    if (hit !== undefined) {
      memo.delete(key);
      memo.set(key, hit);
      return hit;
    }
    let out: string;
    try {
      const { entries, numbered } = render([item], style, format, true);
      out = cleanEntry(entries[0] ?? '', format, numbered);
      if (!out) throw new Error('empty output');
    } catch (e) {
      notes?.push(`Style ${style.id} could not format ${String(item.id)} (${describe(e)}); a plain rendering is shown.`);
      return formatPlain(item, format);
    }
    if (memo.size >= maxMemo) memo.delete(memo.keys().next().value as string);
    memo.set(key, out);
    return out;
  });
}

const memo = new Map<string, string>();
const maxMemo = 2000;

/**
 * The items as one bibliography, ordered as the style says (numeric styles keep the input order).
 * Text output has one reference per line; HTML output is a `csl-bib-body` div.
 */
export function formatBibliography(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, notes?: string[]): string {
  if (!items.length) return '';
  try {
    const { entries } = render(items, style, format, false);
    if (format === 'text') return entries.map((e) => e.trim()).join('\n');
    const body = entries.map((e) => inertHtml(e.trim()));
    return `<div class="csl-bib-body">\n${body.join('\n')}\n</div>`;
  } catch (e) {
    notes?.push(`Style ${style.id} could not format the bibliography (${describe(e)}); a plain rendering is shown.`);
    const plain = items.map((item) => formatPlain(item, format));
    return format === 'text' ? plain.join('\n') : `<div class="csl-bib-body">\n${plain.map((p) => `<div class="csl-entry">${p}</div>`).join('\n')}\n</div>`;
  }
}
