// Plain data shared by every core module: offsets, ranges and diagnostics-like errors.
// It must not import anything outside the core.

/** A half-open span of UTF-16 offsets into a text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** A zero-based line/character position (UTF-16 code units, as LSP counts them). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A problem found while reading user input; parsers return these instead of throwing. */
export interface ParseError {
  span: Span;
  message: string;
  /** Stable dotted code, e.g. `bib.syntax`. */
  code: string;
}

/** Offsets of the start of every line of a text, for offset <-> position conversion. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The line table of the whole text, read piece by piece. A line break split between two pieces
 * (`\r` ending one, `\n` starting the next) counts once, as in the joined text.
 */
export function chunkLineStarts(chunks: readonly string[]): number[] {
  if (chunks.length === 1) return lineStarts(chunks[0] as string);
  const starts = [0];
  let base = 0;
  let pendingCr = false;
  for (const text of chunks) {
    let i = 0;
    if (pendingCr && text.length > 0) {
      // The `\r` that ended the last piece was counted as a break; a `\n` here belongs to it.
      if (text.charCodeAt(0) === 10) {
        starts[starts.length - 1] = base + 1;
        i = 1;
      }
      pendingCr = false;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(base + i + 1);
      else if (c === 13) {
        if (i + 1 === text.length) {
          starts.push(base + i + 1);
          pendingCr = true;
        } else {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(base + i + 1);
        }
      }
    }
    base += text.length;
  }
  return starts;
}

const startsByOwner = new WeakMap<object, { text: string | readonly string[]; starts: number[] }>();

/**
 * The line table of an object's text (a parsed bibliography file in pieces, a document), computed
 * once per object: a 60 MB bibliography takes over 100 ms to scan, too much for every hover.
 */
export function lineStartsOf(owner: { readonly text: string } | { readonly chunks: readonly string[] }): number[] {
  const text = 'chunks' in owner ? owner.chunks : owner.text;
  const hit = startsByOwner.get(owner);
  if (hit && hit.text === text) return hit.starts;
  const starts = typeof text === 'string' ? lineStarts(text) : chunkLineStarts(text);
  startsByOwner.set(owner, { text, starts });
  return starts;
}

export function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (starts[lo] as number) };
}

export function offsetAt(starts: readonly number[], pos: Position): number {
  const line = Math.max(0, Math.min(pos.line, starts.length - 1));
  return (starts[line] as number) + pos.character;
}

export function rangeOf(starts: readonly number[], span: Span): Range {
  return { start: positionAt(starts, span.start), end: positionAt(starts, span.end) };
}
