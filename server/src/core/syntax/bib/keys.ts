// Citation keys for new entries: `lastnameYEARfirstword` by default, folded to lower-case ASCII,
// unique against a set of keys already taken. Pure; the caller owns the `taken` set.
import type { Person } from '../../model/entry';
import { foldToAscii } from '../../model/fold';

export interface KeySource {
  authors?: readonly Person[];
  editors?: readonly Person[];
  title?: string;
  year?: string;
}

export const DEFAULT_KEY_PATTERN = '[auth][year][title]';

const STOP_WORDS = new Set(
  'a an the on of in for to and or at by with from into via toward towards is are be do does what how why when can we our its it this that these those'.split(' '),
);

/** Lower-case ASCII letters and digits only: "Embí" -> "embi", "D’Amico" -> "damico". */
export function foldKeyPart(text: string): string {
  return foldToAscii(text);
}

function authorPart(source: KeySource): string {
  const first = source.authors?.[0] ?? source.editors?.[0];
  if (!first) return 'anon';
  if (first.literal) {
    // Corporate names: the first significant word ("US Food and Drug Administration" -> "us").
    const word = first.literal.split(/\s+/).find((w) => !STOP_WORDS.has(w.toLowerCase())) ?? first.literal;
    return foldKeyPart(word) || 'anon';
  }
  return foldKeyPart(first.family) || 'anon';
}

function titleWord(title: string | undefined): string {
  if (!title) return '';
  for (const raw of title.split(/[\s\u2014\u2013:/]+/)) {
    const word = foldKeyPart(raw);
    if (word && !STOP_WORDS.has(word) && /[a-z]/.test(word)) return word;
  }
  return '';
}

/**
 * Makes a key from `pattern` ([auth], [year], [title], [shortyear], [Auth], [Title]; other text is
 * kept) that is not in `taken` (compared case-insensitively, as BibTeX does), adding a, b, ... z, aa ...
 */
export function makeKey(source: KeySource, pattern: string = DEFAULT_KEY_PATTERN, taken: ReadonlySet<string> = new Set()): string {
  const year = (source.year ?? '').match(/\d{4}/)?.[0] ?? '';
  const auth = authorPart(source);
  const title = titleWord(source.title);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const base =
    pattern.replace(/\[(auth|Auth|year|shortyear|title|Title)\]/g, (_, token: string) => {
      switch (token) {
        case 'auth': return auth;
        case 'Auth': return cap(auth);
        case 'year': return year;
        case 'shortyear': return year.slice(2);
        case 'title': return title;
        default: return cap(title);
      }
    }).replace(/[\s,{}()"#%'=\\~]/g, '') || 'ref';
  const lower = new Set([...taken].map((k) => k.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 1; ; n++) {
    const key = base + suffix(n);
    if (!lower.has(key.toLowerCase())) return key;
  }
}

/** 1 -> a, 26 -> z, 27 -> aa ... */
function suffix(n: number): string {
  let s = '';
  let k = n;
  while (k > 0) {
    k--;
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26);
  }
  return s;
}

/** Keys declared in a BibTeX text, for callers that only need to avoid collisions. */
export function bibtexKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/@\s*([a-zA-Z]+)\s*[{(]\s*([^\s,{}()"#%'=]+)\s*,/g)) {
    const type = (m[1] as string).toLowerCase();
    if (type !== 'string' && type !== 'comment' && type !== 'preamble') keys.add(m[2] as string);
  }
  return keys;
}
