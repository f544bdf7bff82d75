// Text helpers shared by rules and clustering: accent- and case-folding, word splitting,
// stop words and a light stemmer. Pure string code; it must not import anything outside the core.

import { fold } from '../model/fold';

export { fold };

const wordPattern = /[\p{L}\p{N}]+/gu;

/** The folded words of a text, in order. Hyphens and punctuation separate words. */
export function words(text: string): string[] {
  return fold(text).match(wordPattern) ?? [];
}

/** The words of a text as written (case kept), for naming clusters with their usual spelling. */
export function surfaceWords(text: string): string[] {
  return text.normalize('NFC').match(wordPattern) ?? [];
}

export const stopWords: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so ' +
    'some such than that the their theirs them then there these they this those through to too under until up very was we were what ' +
    'when where which while who whom why will with would you your yours via using use used based towards toward within without ' +
    'among across upon versus vs et al new one two three first second part vol volume no pp ed eds edition' +
    // Words every bibliography is full of: they say nothing about a topic.
    ' proceedings proc conference conf international int journal j annual meeting symposium workshop transactions ' +
    'letters review reviews society association acad academy press university series report reports technical ' +
    'study studies analysis approach approaches method methods paper papers introduction note notes case toward' +
    // Articles and particles of the other languages common in bibliographies (de, fr, it, es, la).
    ' der die das und von zu den des dem ein eine einer im ist mit auf fur uber le la les du et en un une au aux sur par pour ' +
    'il di del della dei el los las y del con por para que ad'
  ).split(/\s+/),
);

/**
 * A deliberately light stemmer (plural and common verb endings) so `models`/`modelling` meet
 * `model` while names stay readable; Porter's full rules merge too much for naming clusters.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('es') && /(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ous)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length > 5 && w.endsWith('ed') && !w.endsWith('eed')) w = undouble(w.slice(0, -2));
  return w;
}

function undouble(w: string): string {
  return /([bdfglmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** A short, stable identifier part for a name: folded words joined by `-`. */
export function slug(name: string): string {
  const s = words(name).join('-');
  return s || 'x';
}

/** A 32-bit FNV-1a hash, for deterministic pseudo-random choices that depend only on their input. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so nearby strings (`k1`, `k2`) spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in (0, 1) derived from a string. */
export function unitHash(text: string): number {
  return (hash32(text) + 0.5) / 4294967296;
}

/** Code-unit order, the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
