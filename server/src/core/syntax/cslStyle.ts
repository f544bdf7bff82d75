// What a CSL style file says about itself (`<info>` and the root element), read once per style
// object: title, CSL id, parent of a dependent style, default locale, class, numbering. Never throws:
// text that is not a CSL style gives an info with `isStyle: false`.
import type { StyleSpec } from '../model/style';

export interface StyleInfo {
  /** The root element is a CSL `<style>`. */
  isStyle: boolean;
  /** `<title>`, e.g. "American Psychological Association 7th edition"; the id when there is none. */
  title: string;
  /** `<id>`, e.g. `http://www.zotero.org/styles/apa`. */
  cslId?: string;
  /** A dependent style's `independent-parent` link. */
  parent?: string;
  /** `default-locale` of the root element. */
  defaultLocale?: string;
  /** `in-text` or `note`. */
  class?: string;
  /** The bibliography prints a citation number. */
  numbered: boolean;
  /** The style prints abstracts or keywords somewhere. */
  printsAbstract: boolean;
}

const infos = new WeakMap<StyleSpec, StyleInfo>();

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

/** Reads the style's metadata; memoised on the style object. */
export function styleInfo(style: StyleSpec): StyleInfo {
  let info = infos.get(style);
  if (!info) infos.set(style, (info = readInfo(style.id, style.xml)));
  return info;
}

function readInfo(id: string, xml: string): StyleInfo {
  const root = /<style\b([^>]*)>/.exec(xml);
  const info = /<info>([\s\S]*?)<\/info>/.exec(xml)?.[1] ?? '';
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
  const title = /<title>([\s\S]*?)<\/title>/.exec(info)?.[1];
  const cslId = /<id>([\s\S]*?)<\/id>/.exec(info)?.[1];
  const parentLink = /<link\b[^>]*\brel="independent-parent"[^>]*>/.exec(info)?.[0];
  const out: StyleInfo = {
    isStyle: !!root && /xbiblio\/csl/.test(root[1] ?? ''),
    title: title ? decode(title.trim()) : id,
    numbered: /<bibliography[\s\S]*?variable="citation-number"/.test(xml),
    printsAbstract: /variable="[^"]*\b(abstract|keyword)\b/.test(xml),
  };
  if (cslId) out.cslId = decode(cslId.trim());
  const parent = parentLink ? attr(parentLink, 'href') : undefined;
  if (parent) out.parent = decode(parent);
  const locale = root ? attr(root[1] ?? '', 'default-locale') : undefined;
  if (locale) out.defaultLocale = locale;
  const cls = root ? attr(root[1] ?? '', 'class') : undefined;
  if (cls) out.class = cls;
  return out;
}

/** The last path segment of a style URL or id: `http://www.zotero.org/styles/apa` -> `apa`. */
export function styleName(idOrUrl: string): string {
  return (idOrUrl.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '').replace(/\.csl$/i, '');
}

/**
 * A dependent style joined to its parent: the parent's rules under the dependent's id, with the
 * dependent's `default-locale` when it sets one (as the CSL specification says).
 */
export function joinDependent(dependent: StyleSpec, parent: StyleSpec): StyleSpec {
  const info = styleInfo(dependent);
  const title = info.title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // The journal's title, so pickers and hovers name the style the writer chose.
  let xml = parent.xml.replace(/<title>[\s\S]*?<\/title>/, () => `<title>${title}</title>`);
  const locale = info.defaultLocale;
  if (locale) {
    xml = xml.replace(/<style\b([^>]*)>/, (_m, attrs: string) => `<style${attrs.replace(/\s+default-locale="[^"]*"/, '')} default-locale="${locale}">`);
  }
  return { id: dependent.id, xml };
}
