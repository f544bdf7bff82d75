// Splits BibTeX name lists (`author`, `editor`) into people the way BibTeX does, and labels them shortly.
// Pure and core-only; LaTeX in each part is decoded with latex.ts.
import type { Person } from '../../model/entry';
import { latexToUnicode } from './latex';

export interface Names {
  people: Person[];
  /** The list ended with `and others`: print "et al." */
  others: boolean;
}

const LBRACE = 123, RBRACE = 125, BACKSLASH = 92;

/**
 * Parses `A and B and others`. Each name may be `First von Last`, `von Last, First` or
 * `von Last, Jr, First`; a name wholly in braces (`{World Health Organization}`) is a literal.
 * `decode` turns each raw part into text: LaTeX decoding by default, since the raw value is BibTeX.
 */
export function parseNames(raw: string, decode: (part: string) => string = latexToUnicode): Names {
  const people: Person[] = [];
  let others = false;
  for (const name of splitNames(raw)) {
    if (name.toLowerCase() === 'others') {
      others = true;
      continue;
    }
    const person = parseName(name, decode);
    if (person) people.push(person);
  }
  return { people, others };
}

/** "Lundberg", "Lundberg and Lee", "Lundberg et al." (three or more, or `and others`). */
export function formatAuthorsShort(people: readonly Person[], others: boolean): string {
  const first = people[0];
  if (!first) return '';
  const name = (p: Person) => p.literal ?? (p.prefix ? `${p.prefix} ${p.family}` : p.family);
  if (people.length === 1) return others ? `${name(first)} et al.` : name(first);
  const second = people[1];
  if (people.length === 2 && second && !others) return `${name(first)} and ${name(second)}`;
  return `${name(first)} et al.`;
}

/** The names of a list: split at ` and ` (any case) outside braces, trimmed, empty ones dropped. */
function splitNames(raw: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (depth === 0 && isBlank(c) && (raw.charCodeAt(i + 1) | 32) === 97 && (raw.charCodeAt(i + 2) | 32) === 110 && (raw.charCodeAt(i + 3) | 32) === 100 && isBlank(raw.charCodeAt(i + 4))) {
      names.push(raw.slice(start, i));
      start = i + 4;
      i += 3;
    }
  }
  names.push(raw.slice(start));
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

function parseName(name: string, decode: (part: string) => string): Person | undefined {
  if (name.charCodeAt(0) === LBRACE && closingBrace(name, 0) === name.length - 1) {
    const literal = decode(name.slice(1, -1));
    return literal === '' ? undefined : { family: literal, literal };
  }
  const parts = splitTopLevel(name, ',');
  let given: string[] = [];
  let prefix: string[] = [];
  let family: string[];
  let suffix: string[] = [];
  if (parts.length === 1) {
    const words = splitWords(parts[0] ?? '');
    const last = words.length - 1;
    let vonStart = -1;
    let vonEnd = -1;
    for (let i = 0; i < last; i++) {
      if (isLowerWord(words[i] ?? '')) {
        if (vonStart < 0) vonStart = i;
        vonEnd = i;
      }
    }
    if (vonStart < 0) {
      given = words.slice(0, last);
      family = words.slice(last);
    } else {
      given = words.slice(0, vonStart);
      prefix = words.slice(vonStart, vonEnd + 1);
      family = words.slice(vonEnd + 1);
    }
  } else {
    const words = splitWords(parts[0] ?? '');
    let vonEnd = -1;
    if (words.length > 1 && isLowerWord(words[0] ?? '')) {
      for (let i = 0; i < words.length - 1; i++) if (isLowerWord(words[i] ?? '')) vonEnd = i;
    }
    prefix = words.slice(0, vonEnd + 1);
    family = words.slice(vonEnd + 1);
    if (parts.length >= 3) suffix = splitWords(parts[1] ?? '');
    given = splitWords(parts.slice(parts.length >= 3 ? 2 : 1).join(', '));
  }
  const person: Person = { family: decode(family.join(' ')) };
  const g = decode(given.join(' '));
  const p = decode(prefix.join(' '));
  const s = decode(suffix.join(' '));
  if (g) person.given = g;
  if (p) person.prefix = p;
  if (s) person.suffix = s;
  if (!person.family && !person.given) return undefined;
  return person;
}

/** Words of a name part: split at blanks and `~` outside braces (hyphenated names stay one word). */
function splitWords(part: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i <= part.length; i++) {
    const c = i < part.length ? part.charCodeAt(i) : 32;
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    const separator = depth === 0 && (isBlank(c) || c === 126);
    if (separator) {
      if (start >= 0) words.push(part.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return words;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  const sep = separator.charCodeAt(0);
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE) depth--;
    else if (c === sep && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/**
 * BibTeX's test for a "von" word: its first letter at brace level 0 is lower case. A `{\...}` special
 * character counts by the letter it stands for (`{\"u}ber` is lower); other braced groups are caseless.
 */
function isLowerWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === LBRACE) {
      const close = closingBrace(word, i);
      if (word.charCodeAt(i + 1) === BACKSLASH) return specialIsLower(word.slice(i + 2, close));
      i = close;
      continue;
    }
    if (c === BACKSLASH) return specialIsLower(word.slice(i + 1));
    const ch = word.charAt(i);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) return ch === lower;
  }
  return false;
}

/** `"u` -> lower, `OE` -> upper, `'{E}` -> upper: the case of the command's letter or its argument. */
function specialIsLower(body: string): boolean {
  const m = /^([A-Za-z]+)\s*\{?\s*([A-Za-z]?)|^[^A-Za-z]\s*\{?\s*(?:\\)?([A-Za-z])/.exec(body);
  if (!m) return false;
  const command = m[1];
  if (command !== undefined) {
    // A one-letter accent command (`\c c`, `\v{S}`) takes its case from the argument.
    const arg = m[2];
    if (command.length === 1 && arg && 'cvHkuubdrt'.includes(command)) return arg === arg.toLowerCase();
    return command === command.toLowerCase();
  }
  const letter = m[3] ?? '';
  return letter === letter.toLowerCase();
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LBRACE) depth++;
    else if (c === RBRACE && --depth === 0) return i;
  }
  return text.length;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
