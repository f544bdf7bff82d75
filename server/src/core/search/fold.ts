// Case and accent folding plus word splitting, shared by the index and the query so both sides agree.
// Pure string functions; no imports.

import { fold } from '../model/fold';

export { fold };
export const NON_ASCII_RE = /[^\x00-\x7f]/;

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
/** Cache of the Unicode class test for non-ASCII code units: 0 unknown, 1 word, 2 not. */
const wordClass = new Uint8Array(0x10000);

/**
 * True for code units that belong to words: ASCII letters and digits, any Unicode letter or digit,
 * and surrogates (astral letters are rare in bibliographies; treating them as letters keeps them).
 */
export function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let k = wordClass[c]!;
  if (k === 0) {
    k = WORD_CHAR_RE.test(String.fromCharCode(c)) ? 1 : 2;
    wordClass[c] = k;
  }
  return k === 1;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Calls `each(start, end)` for every word of `text`: a run of letters and digits. With
 * `splitDigits`, a change between letters and ASCII digits also ends a word, as in citation keys.
 * Scanning by code unit avoids building a substring per word while indexing.
 */
export function eachWord(text: string, splitDigits: boolean, each: (start: number, end: number) => void): void {
  let start = -1;
  let digit = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (isWordCode(c)) {
      const d = isDigitCode(c);
      if (start < 0) {
        start = i;
        digit = d;
      } else if (splitDigits && d !== digit) {
        each(start, i);
        start = i;
        digit = d;
      }
    } else if (start >= 0) {
      each(start, i);
      start = -1;
    }
  }
}

/** Splits folded text into words of letters and digits; punctuation and spaces separate words. */
export function words(folded: string): string[] {
  const out: string[] = [];
  eachWord(folded, false, (s, e) => out.push(folded.slice(s, e)));
  return out;
}

/**
 * Splits a folded citation key into its letter and digit runs (`lundberg2017unified` gives
 * `lundberg`, `2017`, `unified`), so key parts are found by word prefix like any other word.
 */
export function keyWords(foldedKey: string): string[] {
  const out: string[] = [];
  eachWord(foldedKey, true, (s, e) => out.push(foldedKey.slice(s, e)));
  return out;
}

/** True when the word has a letter: only such words get typo tolerance (`2016` must not find `2017`). */
export function hasLetter(word: string): boolean {
  return /\p{L}/u.test(word);
}
