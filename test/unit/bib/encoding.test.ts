// Decoding bibliography bytes: UTF-8 with or without BOM, and Latin-1/Windows-1252 files without mojibake.
import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText, type TextEncodingName } from '../../../server/src/core/syntax/bib/encoding';

function check(bytes: number[] | Uint8Array, text: string, encoding: TextEncodingName) {
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

  const utf16 = (text: string, little: boolean, bom: boolean) => {
    const body = [...text].flatMap((ch) => {
      const units = ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [ch.charCodeAt(0)];
      return units.flatMap((u) => (little ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]));
    });
    return new Uint8Array([...(bom ? (little ? [0xff, 0xfe] : [0xfe, 0xff]) : []), ...body]);
  };
  const bib = '@article{m\u00fcller2020, author = {M\u00fcller, J\u00fcrgen and \u0141ukasz}, title = {\u6771\u4eac \ud83d\ude00}}\n';

  it('reads UTF-16 with a BOM, either byte order', () => {
    check(utf16(bib, true, true), bib, 'utf-16le');
    check(utf16(bib, false, true), bib, 'utf-16be');
  });

  it('recognises UTF-16 without a BOM by its NUL bytes, and leaves other files with NULs alone', () => {
    check(utf16(bib, true, false), bib, 'utf-16le');
    check(utf16(bib, false, false), bib, 'utf-16be');
    const nuls = '@misc{a, title = {x\u0000y}}\n'.repeat(20);
    check(new TextEncoder().encode(nuls), nuls, 'utf-8');
    check([0x40, 0x61, 0x00, 0x7b, 0x7d], '@a\u0000{}', 'utf-8');
  });

  it('encodes for appending in each encoding it reads, and says when an encoding cannot hold the text', () => {
    for (const enc of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      expect(decodeBytes(encodeText(bib, enc) as Uint8Array)).toEqual({ text: bib, encoding: enc });
    }
    expect(decodeBytes(encodeText('M\u00fcller \u2013 \u20ac \u00e9', 'windows-1252') as Uint8Array)).toEqual({ text: 'M\u00fcller \u2013 \u20ac \u00e9', encoding: 'windows-1252' });
    expect(encodeText('\u0141ukasz', 'windows-1252')).toBeUndefined();
    expect(encodeText('\u0081', 'windows-1252')).toBeUndefined();
  });
});
