// Multi-file test fixtures with a cursor marker, shared by every test tier.
// A fixture is one string: files start with a line `%! name`, and `|` (or `$0`) marks the cursor.

export interface Fixture {
  /** File name -> content, in fixture order. */
  files: Map<string, string>;
  /** Where the marker stood, with the marker removed from that file's text. */
  cursor?: { file: string; offset: number };
}

export interface FixtureOptions {
  /**
   * The cursor marker. By default `$0` when the text contains it (for texts where `|` means
   * something, such as `\verb|x|` or Markdown tables), otherwise `|`. `null` turns markers off.
   */
  marker?: '|' | '$0' | null;
  /** Name of the file when the fixture has no `%! name` line (default `main`). */
  defaultName?: string;
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
  let cursor: Fixture['cursor'];
  if (marker) {
    for (const [file, content] of files) {
      const at = content.indexOf(marker);
      if (at < 0) continue;
      if (cursor || content.indexOf(marker, at + marker.length) >= 0) throw new Error(`fixture: more than one cursor marker "${marker}"`);
      cursor = { file, offset: at };
      files.set(file, content.slice(0, at) + content.slice(at + marker.length));
    }
  }
  return cursor ? { files, cursor } : { files };
}
