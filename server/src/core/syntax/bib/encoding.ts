// Turns a bibliography file's bytes into text: UTF-16 when a BOM or the pattern of NUL bytes says
// so, UTF-8 when the bytes are valid UTF-8, else Windows-1252. Pure: only the standard TextDecoder.

import type { TextPieces } from './bibtex';

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Node's 'windows-1252' decoder is really Latin-1 (bytes 0x80-0x9f come out as C1 controls), so the
// 27 printable characters Windows-1252 puts there are mapped by hand.
const latin1 = new TextDecoder('latin1');
const c1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1.decode(bytes);
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => c1.charAt(c.charCodeAt(0) - 0x80)) : text;
}

/**
 * UTF-16 without a BOM (Windows tools write it): text in it is mostly ASCII, so every other byte is
 * NUL, at odd offsets for little-endian and even ones for big-endian. No UTF-8 or Latin-1 text has
 * NULs in that pattern, so a sample of the first 4 KB decides.
 */
function utf16ByNuls(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs * 0.4 && even <= pairs * 0.05) return 'utf-16le';
  if (even >= pairs * 0.4 && odd <= pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** The UTF-16 byte order a BOM names, if the bytes start with one. */
function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
}

const utf16 = { 'utf-16le': new TextDecoder('utf-16le'), 'utf-16be': new TextDecoder('utf-16be') };

/**
 * Decodes a file's bytes. A UTF-8 or UTF-16 BOM is stripped; UTF-16 without a BOM is recognised by
 * its NUL bytes; bytes that are not valid UTF-8 (old TeX files written in Latin-1, like jurabib's
 * jbtest.bib) are read as Windows-1252 instead of producing mojibake.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const bom16 = utf16Bom(bytes);
  const wide = bom16 ?? utf16ByNuls(bytes);
  if (wide) return { text: utf16[wide].decode(bom16 ? bytes.subarray(2) : bytes), encoding: wide };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
}

const AT = 64, LF = 10, SPACE = 32, TAB = 9, LBRACE = 123, LPAREN = 40;

function isTypeByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * Where a BibTeX file's bytes can be cut so that each piece holds one entry: before every `@` that
 * begins a line (after blanks) followed by a type and `{` or `(`, the places where the reader stops
 * any value that runs on (bibtex.ts entryHeaderAt). Always starts with 0.
 */
export function entryCuts(bytes: Uint8Array): number[] {
  const cuts = [0];
  for (let i = bytes.indexOf(AT, 1); i > 0; i = bytes.indexOf(AT, i + 1)) {
    let p = i - 1;
    while (p >= 0 && (bytes[p] === SPACE || bytes[p] === TAB)) p--;
    if (p < 0 || bytes[p] !== LF) continue;
    let q = i + 1;
    while (q < bytes.length && isTypeByte(bytes[q] as number)) q++;
    if (q === i + 1) continue;
    while (bytes[q] === SPACE || bytes[q] === TAB) q++;
    if (bytes[q] === LBRACE || bytes[q] === LPAREN) cuts.push(i);
  }
  return cuts;
}

/**
 * entryCuts over a file given in successive blocks, as the host reads a large file, so that the
 * whole file is never held: the cuts are those of entryCuts on the joined blocks. A block's last
 * line may continue in the next block, so it is looked at again with that one.
 */
export class BlockCuts {
  readonly cuts: number[] = [0];
  /** The unfinished last line of the blocks so far (from its line break), and where it starts. */
  private carry: Uint8Array = new Uint8Array(0);
  private carryAt = 0;

  push(block: Uint8Array, last: boolean): void {
    const firstBreak = block.indexOf(LF);
    if (firstBreak < 0 && !last) {
      this.carry = this.carry.length ? joined(this.carry, block) : Uint8Array.from(block);
      return;
    }
    // The carried line ends in this block: it is looked at with its end, the rest of the block on its own.
    const lineEnd = firstBreak < 0 ? block.length : firstBreak;
    this.cutsIn(joined(this.carry, block.subarray(0, lineEnd)), this.carryAt);
    const restAt = this.carryAt + this.carry.length + lineEnd;
    const rest = block.subarray(lineEnd);
    const lastBreak = last ? rest.length : rest.lastIndexOf(LF);
    this.cutsIn(rest.subarray(0, lastBreak), restAt);
    // A copy: the caller may read its next block into the same buffer (and a Buffer's slice is a view).
    this.carry = Uint8Array.from(rest.subarray(lastBreak));
    this.carryAt = restAt + lastBreak;
  }

  /**
   * The cuts in bytes that start at the file's start or at a line break, at `at` in the file. The
   * first cut entryCuts gives is its start: the file's start is a cut already, a line break never is.
   */
  private cutsIn(bytes: Uint8Array, at: number): void {
    const found = entryCuts(bytes);
    for (let i = 1; i < found.length; i++) this.cuts.push(at + (found[i] as number));
  }
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Part of a file's bytes, [start, end) of its body (the bytes after a BOM). */
export type ByteSlicer = (start: number, end: number) => Uint8Array;

/** A BibTeX file's two readings (see bytePieces), one piece between each pair of `cuts`. */
export interface BytePieces {
  utf8: TextPieces;
  windows1252: TextPieces;
}

/**
 * The pieces of a BibTeX file's body between its cuts (entryCuts, or BlockCuts for a file read
 * in blocks, with the body's length appended), each decoded when it is asked for.
 */
export function piecesBetween(slice: ByteSlicer, cuts: readonly number[]): BytePieces {
  const part = (k: number) => slice(cuts[k] as number, cuts[k + 1] as number);
  const count = cuts.length - 1;
  const length = cuts[count] as number;
  return {
    utf8: {
      count,
      length,
      piece(k) {
        try {
          return utf8.decode(part(k));
        } catch {
          throw new NotUtf8();
        }
      },
    },
    windows1252: { count, length, piece: (k) => decodeWindows1252(part(k)) },
  };
}

/** How many bytes of BOM a UTF-8 file starts with, and whether its first bytes say UTF-16 instead. */
export function bodyStart(head: Uint8Array): { utf16: boolean; start: number } {
  if (utf16Bom(head) ?? utf16ByNuls(head)) return { utf16: true, start: 0 };
  return { utf16: false, start: head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0 };
}

/**
 * A BibTeX file's bytes as text in pieces cut before each entry (entryCuts), each decoded when it
 * is asked for, so a piece read again unchanged is dropped young. The pieces join to decodeBytes'
 * text. A piece without characters above U+00FF is one-byte text: a 61 MB library with 4,386 such
 * characters takes 63 MB of strings this way, 116 MB as one. Two readings, as decodeBytes tries
 * them: `utf8` (its pieces throw NotUtf8 if the bytes are not UTF-8 after all) and `windows1252`.
 * UTF-16 files come `whole`.
 */
export function bytePieces(bytes: Uint8Array): { whole: string } | BytePieces {
  const { utf16, start } = bodyStart(bytes.subarray(0, 4096));
  if (utf16) return { whole: decodeBytes(bytes).text };
  const body = start === 0 ? bytes : bytes.subarray(start);
  const cuts = entryCuts(body);
  cuts.push(body.length);
  return piecesBetween((a, b) => body.subarray(a, b), cuts);
}

/** Thrown by a `utf8` piece of bytePieces whose bytes are not UTF-8: read the `windows1252` pieces instead. */
export class NotUtf8 extends Error {}

const c1Bytes = new Map([...c1].map((c, i) => [c.charCodeAt(0), 0x80 + i]));

/**
 * Encodes text in one of the encodings `decodeBytes` recognises (no BOM: this is for appending to
 * a file that has one already), or undefined when the encoding cannot hold some character of it,
 * as Windows-1252 cannot hold `Ł` or `東`.
 */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array | undefined {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  if (encoding === 'windows-1252') {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const byte = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : c1Bytes.get(c);
      // The five bytes Windows-1252 leaves undefined decode to themselves; they are never written.
      if (byte === undefined || (c >= 0x80 && c < 0xa0)) return undefined;
      out[i] = byte;
    }
    return out;
  }
  const out = new Uint8Array(text.length * 2);
  const little = encoding === 'utf-16le';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (little ? 0 : 1)] = c & 0xff;
    out[2 * i + (little ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** The characters of a text an encoding cannot hold, for the sentence that refuses to write them. */
export function unencodable(text: string, encoding: TextEncodingName): string[] {
  const bad = new Set<string>();
  for (const ch of text) if (!encodeText(ch, encoding)) bad.add(ch);
  return [...bad];
}
