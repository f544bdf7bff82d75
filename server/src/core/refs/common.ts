// Small helpers shared by the style parsers: identifiers (DOI, arXiv, URL), page ranges, tidying.
import type { ParsedReference } from './types';

const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;)]/;

const DOI_START = /(?:\b(?:doi|DOI)\s*:?\s*)?\b(?=10\.\d{4,9}\/)/;
// What follows a doi.org link is a DOI whatever its registrant's number looks like.
const DOI_LINK = /https?:\/\/(?:dx\.|www\.)?doi\.org\/(?=10\.\S)/i;

/**
 * The DOI that starts at `at`, and where it ends. A DOI may hold any printable character, so it
 * runs to the next space; what closes the sentence or a bracket opened before it is not its own,
 * while brackets it opens itself stay ("10.1002/(SICI)1099-1379(199711)18:6<559::AID-JOB807>3.0.CO;2-S").
 */
function readDoi(text: string, at: number): { doi: string; end: number } {
  let doi = /^\S*/.exec(text.slice(at))?.[0] ?? '';
  const count = (c: string) => doi.split(c).length - 1;
  for (;;) {
    const last = doi.charAt(doi.length - 1);
    const unbalanced = (last === ')' && count('(') < count(')')) || (last === ']' && count('[') < count(']')) || (last === '>' && count('<') < count('>'));
    if (!/[.,;:”"’'»]/.test(last) && !unbalanced) break;
    doi = doi.slice(0, -1);
  }
  return { doi, end: at + doi.length };
}

/**
 * Joins a DOI that a line break cut in two ("https://doi.org/10.1111/j.⏎1365-2389.2010.01234.x"),
 * which reaches the parser as a DOI, a space and the rest. A DOI never ends in a slash, a hyphen
 * or an underscore, so after one of those the next word goes on; after a period it goes on only
 * when the word looks like the inside of a DOI (digits and punctuation, not a year or a page).
 */
export function joinBrokenDoi(text: string): string {
  return text.replace(/(\b10\.\d{4,9}(?:\/\S*?)?)([/_-]|\.)\s+([A-Za-z\d][\w.()/;:<>-]*)/g, (whole, head: string, cut: string, piece: string) => {
    const core = piece.replace(/[.,;:]+$/, '');
    if (!head.includes('/') && cut !== '/') return whole;
    if (cut === '.' && !(/\d/.test(core) && /[.\-_/]/.test(core) && !/^\d{1,4}[a-z]?$/.test(core) && !/^\d+[-–]\d+$/.test(core))) return whole;
    return `${head}${cut}${piece}`;
  });
}

/** Pulls DOI, arXiv id and URL out of a piece of text, filling `ref`. Returns the text without them. */
export function takeIdentifiers(text: string, ref: ParsedReference): string {
  let rest = text;
  const link = DOI_LINK.exec(rest);
  if (link) {
    const { doi, end } = readDoi(rest, link.index + link[0].length);
    // A DOI link may percent-encode the DOI's brackets ("%3C559::AID-JOB807%3E"); a broken
    // escape is kept as printed rather than failing the reference.
    try {
      ref.doi = decodeURIComponent(doi);
    } catch {
      ref.doi = doi;
    }
    rest = rest.slice(0, link.index) + rest.slice(end);
  }
  const url = URL_RE.exec(rest);
  if (url) {
    ref.url = url[0];
    rest = rest.slice(0, url.index) + rest.slice(url.index + url[0].length);
  }
  if (!ref.doi) {
    const d = DOI_START.exec(rest);
    if (d) {
      const { doi, end } = readDoi(rest, d.index + d[0].length);
      if (/^10\.\d{4,9}\/\S/.test(doi)) {
        ref.doi = doi;
        rest = rest.slice(0, d.index) + rest.slice(end);
      }
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
