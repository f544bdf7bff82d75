// `citelens check` on workspaces that point it at devices and pipes, or whose .bib fields carry
// terminal escape sequences: it must finish, say what it refused, and print nothing a terminal acts on.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'citelens-hostile-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs a CLI command in a folder; a hang is a failure (killed after 20 s), never a wait for ever. */
function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, out: r.stdout.trim(), err: r.stderr.trim() };
}

const mkfifo = (path: string) => {
  try {
    execFileSync('mkfifo', [path]);
    return true;
  } catch {
    return false;
  }
};

describe('citelens check on hostile workspaces', () => {
  it.skipIf(!existsSync('/dev/zero'))('refuses a device named by a document or reached through a symlink, and finishes', () => {
    const dir = folder({ 'paper.md': '---\nbibliography: [/dev/zero, zero.bib]\n---\n[@a]\n', 'ch.tex': '\\addbibresource{zero.bib}\n\\cite{a}\n' });
    symlinkSync('/dev/zero', join(dir, 'zero.bib'));
    const r = run(dir, 'check');
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.out.split('\n').sort()).toEqual([
      'ch.tex:1:17 error bib.unreadable Bibliography file not read: zero.bib is a device',
      'paper.md:2:16 error bib.unreadable Bibliography file not read: /dev/zero is a device',
      'paper.md:2:27 error bib.unreadable Bibliography file not read: zero.bib is a device',
    ]);
  });

  it('never blocks on a named pipe, named by a document, by --bib or as a target', () => {
    const dir = folder({ 'paper.md': '---\nbibliography: pipe.bib\n---\n[@a]\n' });
    if (!mkfifo(join(dir, 'pipe.bib'))) return void console.warn('skipped: mkfifo is not available here');
    expect(run(dir, 'check')).toMatchObject({ signal: null, status: 1, out: 'paper.md:2:15 error bib.unreadable Bibliography file not read: pipe.bib is a named pipe (FIFO)' });
    const other = folder({ 'a.md': '[@a]\n' });
    expect(run(other, 'check', '--bib', join(dir, 'pipe.bib'))).toMatchObject({
      signal: null,
      status: 1,
      out: `${join('..', dir.split('/').pop() ?? '', 'pipe.bib')}:1:1 error bib.unreadable Bibliography file not read: it is a named pipe (FIFO)`,
    });
    expect(run(dir, 'check', 'pipe.bib')).toMatchObject({ signal: null, status: 2, err: 'citelens: not a regular file or folder: pipe.bib' });
  });
});
