// Picks the reader for a bibliography file: by extension, else by sniffing the text.
// Pure; the host reads the bytes and calls this with the decoded text.
import type { BibFile } from '../../model/entry';
import { readBibtex, readBibtexChunks } from './bibtex';
import { bytePieces, decodeBytes, NotUtf8, type BytePieces } from './encoding';
import { readCslJson, readCslYaml } from './csl';
import { looksLikeHayagriva, readHayagriva } from './hayagriva';
import { readRis } from './ris';

export type BibReader = (text: string, file: string) => BibFile;

/** `.yml` serves both CSL-YAML (Pandoc) and Hayagriva (Typst); the shape of the file tells them apart. */
const readYaml: BibReader = (text, file) => (looksLikeHayagriva(text) ? readHayagriva(text, file) : readCslYaml(text, file));

const byExtension: Record<string, BibReader> = {
  bib: readBibtex,
  bibtex: readBibtex,
  biblatex: readBibtex,
  json: readCslJson,
  yaml: readYaml,
  yml: readYaml,
  ris: readRis,
};

function extensionOf(file: string): string {
  const name = file.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Guesses the format of a file with an unknown extension from its first significant characters. */
export function sniffReader(text: string): BibReader {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[') || head.startsWith('{')) return readCslJson;
  if (/^TY {1,2}-/m.test(head.slice(0, 2000))) return readRis;
  if (/^@\w+\s*[{(]/m.test(head.slice(0, 20000))) return readBibtex;
  if (/^(---|references\s*:|-\s+id\s*:)/m.test(head.slice(0, 2000))) return readCslYaml;
  return readBibtex;
}

/** Reads a bibliography file of any supported format. Never throws. */
export function readBibliography(file: string, text: string): BibFile {
  const reader = byExtension[extensionOf(file)] ?? sniffReader(text);
  return reader(text, file);
}

/** Whether a file is read as BibTeX (by its extension), and so can be read in pieces. */
export function isBibtexFile(file: string): boolean {
  return byExtension[extensionOf(file)] === readBibtex;
}

/**
 * Reads a bibliography file from its bytes. A BibTeX file is decoded and kept an entry a piece
 * (bytePieces); with `previous`, the last read of the same file, its unchanged entries are taken
 * over rather than read again. Never throws.
 */
export function readBibliographyBytes(file: string, bytes: Uint8Array, previous?: BibFile): BibFile {
  if (!isBibtexFile(file)) return readBibliography(file, decodeBytes(bytes).text);
  const pieces = bytePieces(bytes);
  if ('whole' in pieces) return readBibtex(pieces.whole, file);
  return readBibtexPieces(file, pieces, previous);
}

/**
 * Reads a BibTeX file from its pieces (bytePieces, or piecesBetween for a file read in blocks):
 * as UTF-8, or as Windows-1252 when some piece is not UTF-8. Never throws.
 */
export function readBibtexPieces(file: string, pieces: BytePieces, previous?: BibFile): BibFile {
  const earlier = previous?.format === 'bibtex' ? previous : undefined;
  try {
    return readBibtexChunks(pieces.utf8, file, earlier);
  } catch (err) {
    if (!(err instanceof NotUtf8)) throw err;
    return readBibtexChunks(pieces.windows1252, file, earlier);
  }
}
