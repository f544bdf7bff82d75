// A bibliography file's text, kept in pieces (BibFile.chunks): its length, slices, line table and
// comparisons, without joining the pieces into one string. Joining a 100k-entry file makes a
// 116 MB two-byte string where the pieces take 63 MB; only fileText() joins, for rare work.

interface Pieces {
  readonly chunks: readonly string[];
}

const offsetsOf = new WeakMap<readonly string[], Int32Array>();

/**
 * Where each piece starts in the whole text, with the text's length last. Computed once per file.
 * Int32 suffices: a JavaScript string, let alone the 256 MB the host reads, stays below 2^31 units.
 */
function chunkStarts(chunks: readonly string[]): Int32Array {
  let starts = offsetsOf.get(chunks);
  if (!starts) {
    starts = new Int32Array(chunks.length + 1);
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      starts[i] = at;
      at += (chunks[i] as string).length;
    }
    starts[chunks.length] = at;
    offsetsOf.set(chunks, starts);
  }
  return starts;
}

/** The whole text. Joins the pieces into a new string each call: for rare work (writing, comparing with an editor). */
export function fileText(file: Pieces): string {
  return file.chunks.length === 1 ? (file.chunks[0] as string) : file.chunks.join('');
}

export function fileLength(file: Pieces): number {
  const starts = chunkStarts(file.chunks);
  return starts[file.chunks.length] as number;
}

/** The piece holding offset `at` (the last piece for the end of the text). */
function pieceAt(starts: Int32Array, count: number, at: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The text in [start, end), clamped to the file. */
export function fileSlice(file: Pieces, start: number, end: number): string {
  const { chunks } = file;
  if (chunks.length === 1) return (chunks[0] as string).slice(start, end);
  const starts = chunkStarts(chunks);
  const length = starts[chunks.length] as number;
  start = Math.max(0, Math.min(start, length));
  end = Math.max(start, Math.min(end, length));
  if (start === end) return '';
  let k = pieceAt(starts, chunks.length, start);
  const first = chunks[k] as string;
  const from = start - (starts[k] as number);
  if (end <= (starts[k + 1] as number)) return first.slice(from, end - (starts[k] as number));
  const parts = [first.slice(from)];
  for (k++; k < chunks.length && (starts[k] as number) < end; k++) parts.push((chunks[k] as string).slice(0, end - (starts[k] as number)));
  return parts.join('');
}

/** The UTF-16 code at offset `at`, or NaN outside the text (as String.charCodeAt). */
export function fileCharCodeAt(file: Pieces, at: number): number {
  const { chunks } = file;
  if (chunks.length === 1) return (chunks[0] as string).charCodeAt(at);
  const starts = chunkStarts(chunks);
  if (at < 0 || at >= (starts[chunks.length] as number)) return NaN;
  const k = pieceAt(starts, chunks.length, at);
  return (chunks[k] as string).charCodeAt(at - (starts[k] as number));
}

/** Whether the file's text ends with a line break (or is empty). */
export function endsWithNewline(file: Pieces): boolean {
  const length = fileLength(file);
  return length === 0 || fileCharCodeAt(file, length - 1) === 10;
}

/** Whether two files hold the same text; pieces are compared one by one when they were cut alike. */
export function sameText(a: Pieces, b: Pieces): boolean {
  if (a.chunks === b.chunks) return true;
  if (fileLength(a) !== fileLength(b)) return false;
  if (a.chunks.length === b.chunks.length && a.chunks.every((c, i) => c === b.chunks[i])) return true;
  return fileText(a) === fileText(b);
}

/** Whether a file holds exactly `text`. */
export function hasText(file: Pieces, text: string): boolean {
  if (fileLength(file) !== text.length) return false;
  const starts = chunkStarts(file.chunks);
  return file.chunks.every((c, i) => text.startsWith(c, starts[i] as number));
}

/** Whether the file holds only white space. */
export function isBlankText(file: Pieces): boolean {
  return file.chunks.every((c) => c.trim() === '');
}
