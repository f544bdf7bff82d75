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

const startsByOwner = new WeakMap<object, { text: string; starts: number[] }>();

/**
 * The line table of an object's text (a parsed bibliography file, a document), computed once per
 * object: a 60 MB bibliography takes over 100 ms to scan, too much for every hover.
 */
export function lineStartsOf(owner: { readonly text: string }): number[] {
  const hit = startsByOwner.get(owner);
  if (hit && hit.text === owner.text) return hit.starts;
  const starts = lineStarts(owner.text);
  startsByOwner.set(owner, { text: owner.text, starts });
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
