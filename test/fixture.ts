// Multi-file test fixtures with a cursor marker, shared by every test tier.
// A fixture is one string: files start with a line `%! name`, and `|` (or `$0`) marks the cursor.
// With `carets`, a line of `^` runs under a line marks ranges in it and is itself removed.

export interface Fixture {
  /** File name -> content, in fixture order. */
  files: Map<string, string>;
  /** Where the marker stood, with the marker removed from that file's text. */
  cursor?: { file: string; offset: number };
  /** With `carets`: the marked ranges, in file and text order, in the texts as returned. */
  ranges: { file: string; start: number; end: number }[];
}

export interface FixtureOptions {
  /**
   * The cursor marker. By default `$0` when the text contains it (for texts where `|` means
   * something, such as `\verb|x|` or Markdown tables), otherwise `|`. `null` turns markers off.
   */
  marker?: '|' | '$0' | null;
  /** Name of the file when the fixture has no `%! name` line (default `main`). */
  defaultName?: string;
  /** Read lines of carets (`  ^^^  ^^`) as range markers under the line above. */
  carets?: boolean;
}

const caretLine = /^[ \t]*\^+(?:[ \t]+\^+)*[ \t]*$/;

/** Removes caret lines, returning the text and the ranges they mark in it. */
function takeCarets(content: string): { text: string; ranges: { start: number; end: number }[] } {
  const kept: string[] = [];
  const ranges: { start: number; end: number }[] = [];
  let offset = 0;
  let previousStart = -1;
  for (const line of content.split('\n')) {
    if (previousStart >= 0 && caretLine.test(line)) {
      for (const m of line.matchAll(/\^+/g)) ranges.push({ start: previousStart + m.index, end: previousStart + m.index + m[0].length });
      continue;
    }
    kept.push(line);
    previousStart = offset;
    offset += line.length + 1;
  }
  return { text: kept.join('\n'), ranges };
}

const header = /^%! (\S.*?)\s*$/;

/**
 * Splits a fixture into files and finds the cursor. A text without any `%! name` line is one
 * file, kept byte for byte. With headers, each file is the lines between its header and the
 * next, joined with `\n` (no trailing newline is added). Two markers in one fixture is a
 * mistake in the test, so it throws.
 */
export function parseFixture(text: string, options: FixtureOptions = {}): Fixture {
  const marker = options.marker === undefined ? (text.includes('$0') ? '$0' : '|') : options.marker;
  const files = new Map<string, string>();
  const lines = text.split('\n');
  if (!lines.some((l) => header.test(l))) {
    files.set(options.defaultName ?? 'main', text);
  } else {
    let name: string | undefined;
    let body: string[] = [];
    const flush = () => {
      if (name !== undefined) files.set(name, body.join('\n'));
    };
    for (const line of lines) {
      const m = header.exec(line);
      if (m) {
        flush();
        name = m[1] as string;
        body = [];
      } else if (name !== undefined) body.push(line);
      else if (line.trim() !== '') throw new Error(`fixture: text before the first "%! name" line: ${line}`);
    }
    flush();
  }
  const ranges: Fixture['ranges'] = [];
  if (options.carets) {
    for (const [file, content] of files) {
      const taken = takeCarets(content);
      files.set(file, taken.text);
      for (const r of taken.ranges) ranges.push({ file, ...r });
    }
  }
  let cursor: Fixture['cursor'];
  if (marker) {
    for (const [file, content] of files) {
      const at = content.indexOf(marker);
      if (at < 0) continue;
      if (cursor || content.indexOf(marker, at + marker.length) >= 0) throw new Error(`fixture: more than one cursor marker "${marker}"`);
      cursor = { file, offset: at };
      files.set(file, content.slice(0, at) + content.slice(at + marker.length));
      // Ranges after the marker were measured with it in the text.
      for (const r of ranges) {
        if (r.file !== file) continue;
        if (r.start > at) r.start -= marker.length;
        if (r.end > at) r.end -= marker.length;
      }
    }
  }
  return cursor ? { files, cursor, ranges } : { files, ranges };
}
