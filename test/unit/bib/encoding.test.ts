// Decoding bibliography bytes: UTF-8 with or without BOM, and Latin-1/Windows-1252 files without mojibake.
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../../server/src/core/syntax/bib/encoding';

function check(bytes: number[] | Uint8Array, text: string, encoding: 'utf-8' | 'windows-1252') {
  expect(decodeBytes(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))).toEqual({ text, encoding });
}

describe('decodeBytes', () => {
  it('reads UTF-8 and strips its BOM', () => {
    check(new TextEncoder().encode('Gödel, Łukasz — 東京'), 'Gödel, Łukasz — 東京', 'utf-8');
    check([0xef, 0xbb, 0xbf, 0x40, 0x61], '@a', 'utf-8');
    check([], '', 'utf-8');
  });

  it('reads bytes that are not UTF-8 as Windows-1252', () => {
    // "Abschluß" and "Müller" in Latin-1, plus the Windows-1252 en dash (0x96) and euro sign (0x80).
    check([0x41, 0x62, 0x73, 0x63, 0x68, 0x6c, 0x75, 0xdf, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x96, 0x20, 0x80], 'Abschluß Müller – €', 'windows-1252');
  });
});
