// Superseded data must be collectable: after a bibliography is replaced (a Zotero re-export), the
// old file's index, search index, themes and sidebar tree are unreachable once no snapshot holds
// the old file. Checked with the garbage collector itself, not with timings.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { docIndex } from '../../../server/src/core/analysis/scope';
import { searchIndexFor } from '../../../server/src/core/analysis/entrySearch';
import { complete } from '../../../server/src/core/features/completion';
import { treeLevel } from '../../../server/src/core/features/themeTree';
import { hover } from '../../../server/src/core/features/hover';
import { applyChange, type Workspace } from '../../../server/src/core/model/workspace';
import { build } from './workspace';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function exportNumber(n: number): string {
  return Array.from({ length: 300 }, (_, i) => `@article{k${i}, author = {Author${i}, A.}, title = {Export ${n} title ${i} about skin imaging}, keywords = {imaging}, year = ${2000 + (i % 20)}}`).join('\n');
}

async function collected(refs: WeakRef<object>[]): Promise<boolean> {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
    if (refs.every((r) => r.deref() === undefined)) return true;
  }
  return false;
}

describe('memory across re-exports', () => {
  it('lets every superseded index, search index and tree go', async () => {
    const fixture = `%! refs.bib\n${exportNumber(0)}\n%! paper.md\n---\nbibliography: refs.bib\n---\n[@k1]\n`;
    let { ws } = build(fixture);
    const { uri } = build(fixture);
    const paper = uri('paper.md');
    const refs: WeakRef<object>[] = [];
    const use = (w: Workspace) => {
      const index = docIndex(w, paper);
      refs.push(new WeakRef(index), new WeakRef(searchIndexFor(index)), new WeakRef(w.bibs.get(uri('refs.bib')) as object));
      complete(w, paper, w.docs.get(paper)!.text.indexOf('k1') + 2);
      treeLevel(w, { uri: paper, groupBy: 'theme' });
    };
    for (let n = 1; n <= 12; n++) {
      use(ws);
      ws = applyChange(ws, { bibs: [readBibliography(uri('refs.bib'), exportNumber(n))] });
    }
    use(ws);
    // Everything but the last export's data must be gone.
    const old = refs.slice(0, -3);
    expect(await collected(old)).toBe(true);
    expect(refs.slice(-3).every((r) => r.deref() !== undefined)).toBe(true);
  });

  it('keeps no slice of a superseded text in caches that outlive snapshots', async () => {
    // Strings cannot be weakly referenced, so the heap tells: a bibliography's text is several
    // megabytes, and any string sliced from it (a field name in the reader's cache, an item in a
    // citeproc engine) keeps all of it. The en dash makes the text two bytes per character.
    const big = (tag: string) =>
      Array.from({ length: 16_000 }, (_, i) => `@article{${tag}${i}, author = {Author${i}, Ann}, title = {${tag} title number ${i} \u2013 about imaging and more words}, date-modified = {2020}, year = 2001}`).join('\n').replace(/\\u2013/g, '\u2013');
    const doc = (key: string) => `%! paper.md\n---\nbibliography: refs.bib\n---\n[@${key}]\n%! refs.bib\n@article{${key}, title = {Warm up}, year = 2000}\n`;
    // Warm up: the style, locale and engine are loaded before the baseline.
    let { ws, uri } = build(doc('warm'));
    const paper = uri('paper.md');
    const at = (w: Workspace, key: string) => w.docs.get(paper)!.text.indexOf(key) + 1;
    hover(ws, paper, at(ws, 'warm'));
    complete(ws, paper, at(ws, 'warm') + 3);
    gc();
    const before = process.memoryUsage().heapUsed;
    // The text is made and dropped inside a function: a local here would itself keep it alive.
    const loadBig = (w: Workspace) => {
      const text = big('olda');
      const next = applyChange(w, { docs: [{ ...w.docs.get(paper)!, text: w.docs.get(paper)!.text.replace('warm', 'olda7') }], bibs: [readBibliography(uri('refs.bib'), text)] });
      return { next, size: text.length * 2 };
    };
    const size = (() => {
      const loaded = loadBig(ws);
      ws = loaded.next;
      return loaded.size;
    })();
    expect(hover(ws, paper, at(ws, 'olda7'))?.markdown).toContain('olda title number 7');
    complete(ws, paper, at(ws, 'olda7') + 3);
    // The re-export: a small file replaces the big one, and nothing formats or completes after it.
    ws = applyChange(ws, { bibs: [readBibliography(uri('refs.bib'), '@article{newb, title = {New}, year = 2002}')] });
    expect(ws.bibs.get(uri('refs.bib'))?.entries.length).toBe(1);
    // Several rounds: what a WeakRef kept alive during a job is collectable only at a later one.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      gc();
    }
    const grown = process.memoryUsage().heapUsed - before;
    expect(size).toBeGreaterThan(4_000_000);
    expect(grown).toBeLessThan(size / 4);
  });
});
