// Turns a bibliography file's bytes into text: UTF-8 when the bytes are valid UTF-8, else Windows-1252.
// Pure: it uses only the standard TextDecoder, no file system.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Windows-1252 is a superset of Latin-1's printable range, and what WHATWG decoders use for 'latin1'.
const cp1252 = new TextDecoder('windows-1252');

/**
 * Decodes a file's bytes. A UTF-8 BOM is stripped; bytes that are not valid UTF-8 (old TeX files
 * written in Latin-1, like jurabib's jbtest.bib) are read as Windows-1252 instead of producing mojibake.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: cp1252.decode(body), encoding: 'windows-1252' };
  }
}
