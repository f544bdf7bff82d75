// The built CLI and throw-away folders written from fixture text, shared by the CLI tests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { parseFixture } from '../../fixture';

export const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** A folder holding the files of a `%! name` fixture; removed after the test file. */
export function workspace(fixture: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'citelens-cli-'));
  folders.push(folder);
  for (const [name, text] of parseFixture(fixture, { marker: null }).files) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}
