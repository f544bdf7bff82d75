// The server's V8 code cache (server/src/start.ts), through the real process over stdio: a start
// given `--code-cache=<folder>` leaves a cache there, the next start takes it (and so does not
// write it again), and a damaged cache is refused and replaced, the server answering all along.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, writeFiles } from './lsp';

const bib = '@article{lipton2018mythos, author = {Lipton, Zachary C.}, title = {The Mythos of Model Interpretability}, year = 2018}\n';

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One server session over a small workspace with the cache in `folder`: its sidebar's top level. */
async function session(folder: string): Promise<string[]> {
  const s = await start(writeFiles({ 'refs.bib': bib }), { serverArgs: [`--code-cache=${folder}`] });
  const tree = await s.request<{ groups: { label: string }[] }>('citelens/themeTree', { groupBy: 'year' });
  await s.close();
  return tree.groups.map((g) => g.label);
}

const caches = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.v8'));

describe('code cache', () => {
  it('is written by the first start and taken by the next, which leaves it as it is', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'citelens-cache-'));
    cleanup.push(folder);
    expect(await session(folder)).toEqual(['2018']);
    const [name] = caches(folder);
    if (!name) throw new Error('no cache written');
    const first = statSync(join(folder, name)).mtimeMs;
    expect(await session(folder)).toEqual(['2018']);
    expect(caches(folder)).toEqual([name]);
    expect(statSync(join(folder, name)).mtimeMs).toBe(first);
  });

  it('refuses a damaged cache, answers without it and writes a good one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'citelens-cache-'));
    cleanup.push(folder);
    await session(folder);
    const [name] = caches(folder);
    if (!name) throw new Error('no cache written');
    const damaged = Buffer.alloc(statSync(join(folder, name)).size, 7);
    writeFileSync(join(folder, name), damaged);
    expect(await session(folder)).toEqual(['2018']);
    expect(readFileSync(join(folder, name)).equals(damaged)).toBe(false);
  });
});
