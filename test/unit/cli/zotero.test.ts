// `citelens check --zotero DIR`, run as CI would: the built CLI resolves citations against a Zotero
// data directory built from Zotero's schema and lists the keys only the library has.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZoteroBuilder } from '../../zotero/builder';

const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

describe('citelens check --zotero', () => {
  it('names the cited keys only the library has, and still fails the check on them', async () => {
    const z = await ZoteroBuilder.create();
    z.addItem({ type: 'book', fields: { title: 'Elements', date: '2009-00-00 2009', extra: 'Citation Key: hastie2009' }, creators: [{ lastName: 'Hastie', firstName: 'Trevor' }] });
    const trashed = z.addItem({ type: 'book', fields: { title: 'Gone', extra: 'Citation Key: gone2000' } });
    z.trash(trashed);
    const zdir = mkdtempSync(join(tmpdir(), 'citelens-zotero-cli-'));
    z.writeTo(zdir);
    const folder = mkdtempSync(join(tmpdir(), 'citelens-cli-'));
    writeFileSync(join(folder, 'refs.bib'), '@article{known2020, title = {Known}, year = 2020}\n');
    writeFileSync(join(folder, 'paper.md'), '---\nbibliography: refs.bib\n---\n[@known2020; @hastie2009; @gone2000; @nowhere]\n');
    const without = run(folder, 'paper.md');
    expect(without.status).toBe(1);
    expect(without.err).not.toMatch(/Zotero/);
    const text = run(folder, '--zotero', zdir, 'paper.md');
    expect(text.status).toBe(1);
    expect(text.out).toContain("Unknown citation key 'hastie2009' (it is in your Zotero library, My Library: the quick fix adds it)");
    expect(text.out).toContain("Unknown citation key 'gone2000'\n");
    expect(text.err).toContain(`Zotero (1 item in ${zdir}): only the library has hastie2009; add it to the bibliography`);
    const json = JSON.parse(run(folder, `--zotero=${zdir}`, '--format', 'json', 'paper.md').out);
    expect(json.zotero).toEqual({ dataDirectory: zdir, items: 1, onlyInLibrary: ['hastie2009'] });
    const missing = run(folder, `--zotero=${join(folder, 'nothing')}`, 'paper.md');
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/could not be read: there is no zotero\.sqlite/);
  });
});
