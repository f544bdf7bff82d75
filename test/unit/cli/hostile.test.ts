// `citelens check` on workspaces that point it at devices and pipes, or whose .bib fields carry
// terminal escape sequences: it must finish, say what it refused, and print nothing a terminal acts on.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('prints no terminal escape sequences taken from .bib fields, keys or manuscripts, in text or JSON', () => {
    const esc = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
    const dir = folder({
      'refs.bib': `@article{k${esc}, title = {T}}\n@article{k${esc}, title = {T}}\n@article{ok, journal = mac${esc}}\n`,
      'paper.md': `---\nbibliography: refs.bib\n---\n[@ok; @u${esc.replace(/[\u0007\u202e]/g, '')}x]\n`,
      'themes.json': JSON.stringify({ themes: [{ name: `Evil${esc}`, keys: ['ok'] }] }),
    });
    for (const args of [['check'], ['check', '--format', 'json'], ['demo', '.']]) {
      const r = run(dir, ...args);
      expect(r.signal).toBeNull();
      const all = r.out + r.err;
      expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (args[0] === 'check') expect(all).toContain(args[1] ? '\\u001b' : '\\u{1b}');
    }
    expect(run(dir, 'demo', '.').out).toContain('Evil\\u{1b}]0;pwned\\u{7}');
  });

  it('says what went wrong in one sentence, never with a stack trace, and exits 2', () => {
    const dir = folder({});
    const r = run(dir, 'import', 'no-such-refs.txt');
    expect(r).toMatchObject({ status: 2, err: 'citelens: cannot read no-such-refs.txt: no such file' });
    const bad = run(dir, 'import', '.');
    expect(bad).toMatchObject({ status: 2, err: 'citelens: cannot read .: it is a folder' });
    for (const out of [r.err, bad.err]) expect(out).not.toMatch(/\n\s+at /);
  });

  it('imports into a Latin-1 .bib in Latin-1, leaving its bytes as they were', () => {
    const before = Buffer.from('@book{goedel1931, author = {Gödel, Kurt}, title = {Über formal unentscheidbare Sätze}}\n', 'latin1');
    const dir = folder({ 'refs.bib': before, 'refs.txt': '1. Müller J, Schäfer K. Über Zitate. Nature. 2020;580:123-126.\n' });
    const r = run(dir, 'import', 'refs.txt', '--into', 'refs.bib');
    expect(r.status).toBe(0);
    const after = readFileSync(join(dir, 'refs.bib'));
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    // Valid Latin-1 throughout: no UTF-8 sequence for ü (C3 BC) was appended.
    expect(after.includes(Buffer.from('Müller', 'latin1'))).toBe(true);
    expect(after.includes(Buffer.from('ü', 'utf8'))).toBe(false);
    expect(run(dir, 'check', 'refs.bib').out).not.toMatch(/Ã/);
  });
});
