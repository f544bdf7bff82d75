// Formats CSL items as references in a CSL style, one at a time for hovers or together as a
// bibliography, through citation-js's CSL plugin (@citation-js/plugin-csl), which drives citeproc-js
// and keeps one engine per style. Never throws: a failure falls back to a plain rendering and a note.
// The host passes the style XML; nothing here reads files.
import type { CslItem } from '../syntax/bib/cslItem';
import { citationJsCsl } from '../syntax/citationJs';
import { formatPlain } from './plain';

export type OutputFormat = 'text' | 'html';

/** A CSL style: its id (`nature`, `apa` ...) and the text of its `.csl` file. */
export interface StyleSpec {
  id: string;
  xml: string;
}

/** The styles shipped in data/styles/, by id (file name without `.csl`). */
export const styleIds = ['nature', 'apa', 'vancouver', 'chicago-author-date'] as const;

/** A style as registered with citation-js, and what we read from its XML once. */
interface RegisteredStyle {
  /** The template name citation-js knows it by; it includes a hash of the XML. */
  name: string;
  numbered: boolean;
  /** The style prints neither abstracts nor keywords, so items can go without them. */
  lean: boolean;
}

const registered = new Map<string, RegisteredStyle>();
const maxStyles = 6;

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
    if (styleKeys.size >= maxStyles) styleKeys.delete(styleKeys.keys().next().value as string);
    styleKeys.set(style.xml, key);
  }
  return `${style.id}|${key}`;
}

/**
 * Registers the style's XML with citation-js under a name that changes with the XML. citation-js
 * caches one engine per name for the life of the process (building APA's takes about half a
 * second), so a hover reuses it; an edited style gets a new name, hence a new engine.
 */
function registerStyle(style: StyleSpec): RegisteredStyle {
  const key = styleKey(style);
  const known = registered.get(key);
  if (known) return known;
  const { styles } = citationJsCsl().plugins.config.get('@csl');
  const name = `citelens/${key}`;
  styles.add(name, style.xml);
  const entry: RegisteredStyle = {
    name,
    numbered: /<bibliography[\s\S]*?variable="citation-number"/.test(style.xml),
    lean: !/variable="[^"]*\b(abstract|keyword)\b/.test(style.xml),
  };
  if (registered.size >= maxStyles) {
    const [oldKey, old] = registered.entries().next().value as [string, RegisteredStyle];
    styles.delete(old.name);
    registered.delete(oldKey);
  }
  registered.set(key, entry);
  return entry;
}

/**
 * Builds the style's engines ahead of the first hover (building APA's takes about a second);
 * returns false when citeproc rejects the style.
 */
export function prepareStyle(style: StyleSpec): boolean {
  try {
    citationJsCsl().plugins.config.get('@csl').engine([], registerStyle(style).name, undefined, 'text');
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

/** Formats the items with citation-js; returns the entries in the style's order. */
function render(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, nosort: boolean): { entries: string[]; numbered: boolean } {
  const { name, numbered, lean } = registerStyle(style);
  const prepared = withIds(items, lean);
  const entries = citationJsCsl().plugins.output.format('bibliography', prepared, { template: name, format, nosort, asEntryArray: true });
  return { entries: entries.map(([, entry]) => entry.replace(entryId, '$1')), numbered };
}

/** The `data-csl-entry-id` attribute citation-js adds to each HTML entry; our ids are throwaway. */
const entryId = /^(\s*<[a-z]+) data-csl-entry-id="[^"]*"/i;

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
