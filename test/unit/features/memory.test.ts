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
});
