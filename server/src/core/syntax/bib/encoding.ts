// Turns a bibliography file's bytes into text: UTF-8 when the bytes are valid UTF-8, else Windows-1252.
// Pure: it uses only the standard TextDecoder, no file system.

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
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
 * Decodes a file's bytes. A UTF-8 BOM is stripped; bytes that are not valid UTF-8 (old TeX files
 * written in Latin-1, like jurabib's jbtest.bib) are read as Windows-1252 instead of producing mojibake.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  try {
    return { text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
}
