// Small helpers shared by the style parsers: identifiers (DOI, arXiv, URL), page ranges, tidying.
import type { ParsedReference } from './types';

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;)]/;
const DOI_RE = /\b(10\.\d{4,9}\/[^\s"<>]+[^\s"<>.,;)])/;

/** Pulls DOI, arXiv id and URL out of a piece of text, filling `ref`. Returns the text without them. */
export function takeIdentifiers(text: string, ref: ParsedReference): string {
  let rest = text;
  const url = URL_RE.exec(rest);
  if (url) {
    const u = url[0];
    const doi = /doi\.org\/(10\.\S+)$/i.exec(u);
    if (doi) ref.doi = decodeURIComponent(doi[1] as string);
    else ref.url = u;
    rest = rest.slice(0, url.index) + rest.slice(url.index + u.length);
  }
  if (!ref.doi) {
    const d = /\b(?:doi:\s*|DOI:\s*)?(10\.\d{4,9}\/\S+[^\s.,;)])/.exec(rest);
    if (d && DOI_RE.test(d[1] as string)) {
      ref.doi = d[1] as string;
      rest = rest.slice(0, d.index) + rest.slice(d.index + d[0].length);
    }
  }
  const arxivFromDoi = ref.doi ? /^10\.48550\/arXiv\.(\d{4}\.\d{4,5})/i.exec(ref.doi) : null;
  if (arxivFromDoi) ref.arxiv = arxivFromDoi[1] as string;
  const arxiv = /arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?)/i.exec(rest);
  if (arxiv && !ref.arxiv) {
    ref.arxiv = arxiv[1] as string;
  }
  return rest;
}

/** "1981-1990" -> "1981–1990"; "2368–85" -> "2368–2385" (abbreviated ranges expanded). */
export function tidyPages(pages: string): string {
  const p = pages.trim().replace(/\s*(?:--|-|–|—)\s*/g, '–');
  const m = /^(\d+)–(\d+)$/.exec(p);
  if (m) {
    const a = m[1] as string;
    const b = m[2] as string;
    // "329–9" is the one page 329, written short.
    if (b.length < a.length && Number(a.slice(0, a.length - b.length) + b) >= Number(a)) {
      return `${a}–${a.slice(0, a.length - b.length)}${b}`;
    }
  }
  return p;
}

export function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Strips one trailing period (not an abbreviation's, which the caller decides) and spaces. */
export function stripEnd(text: string): string {
  return tidy(text).replace(/[\s.,;:]+$/, '');
}

/** Words that make a container "look like" a journal name: capitalised words, abbreviations, connectors. */
export function looksLikeJournal(text: string): boolean {
  const words = tidy(text).split(' ');
  if (words.length === 0 || words.length > 12) return false;
  if (!/^[\p{Lu}]|^npj\b|^eBio|^e[A-Z]/u.test(words[0] as string)) return false;
  return words.every((w) => /^[\p{Lu}\d(]|^npj$|^eBio|^(?:of|and|in|the|for|on|de|la|&|und|et|des|du)$|^[a-z]+\.$/u.test(w));
}

/** The list number a reference list puts before each reference: "[3]", "3.", "3)", "(3)", "³", or "3 " before a capital. */
// A number glued to the first initial ("5M. Gasca and …") is what copying from a PDF often leaves.
export const LIST_NUMBER = /^(?:(?:\[\d+\]|\(\d+\)|\d+[.)]|\d{1,3}(?=\s+\p{L}))\s+|[¹²³⁰⁴⁵⁶⁷⁸⁹]+\s*|\d{1,3}(?=\p{Lu}\.\s))/u;

export function stripListNumber(text: string): string {
  return text.replace(LIST_NUMBER, '');
}
