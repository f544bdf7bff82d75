// Cited keys over the compilation unit, against the real toolchain: for every case of
// ../shared/realworld whose `main` is a LaTeX root that includes other files, or a folder holding
// a Quarto or bookdown book, the keys Citelens says the unit cites are the keys LaTeX + BibTeX/biber
// (or pandoc) cited, as the corpus's oracle recorded them in expected.cited.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedKeys } from '../../../server/src/core/features/citedKeys';
import { compilationUnit } from '../../../server/src/core/analysis/unit';
import { defaultSettings } from '../../../server/src/core/model/workspace';
import { uriOf } from '../../../server/src/host';
import { loadWorkspace } from '../../../server/src/load';

const corpus = resolve(__dirname, '..', '..', '..', '..', 'shared', 'realworld');
const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Cases the unit is about: a LaTeX root with inclusions, or a book project. */
function cases(): { name: string; file: string }[] {
  if (!existsSync(corpus)) return [];
  const out: { name: string; file: string }[] = [];
  for (const name of readdirSync(corpus).sort()) {
    const dir = join(corpus, name);
    if (!existsSync(join(dir, 'main'))) continue;
    const main = readFileSync(join(dir, 'main'), 'utf8').trim();
    if (/\.tex$/.test(main) && /\\(?:input|include|subfile)\{/.test(readFileSync(join(dir, main), 'utf8'))) out.push({ name, file: join(dir, main) });
    const index = ['index.qmd', 'index.Rmd'].find((f) => existsSync(join(dir, f)));
    if (main === '.' && index && (existsSync(join(dir, '_quarto.yml')) || existsSync(join(dir, '_bookdown.yml')))) out.push({ name, file: join(dir, index) });
  }
  return out;
}

describe.skipIf(cases().length === 0)('compilation unit on the real-world corpus', () => {
  it.each(cases())('$name: the unit of its main file cites what the toolchain cited', async ({ name, file }) => {
    const dir = join(corpus, name);
    const { ws } = await loadWorkspace({ folders: [`${uriOf(dir)}/`], settings: defaultSettings });
    const uri = uriOf(file);
    const expected = sorted(readFileSync(join(dir, 'expected.cited'), 'utf8').split('\n').filter((k) => k !== '' && k !== '*'));
    console.log(`${name}: unit of ${compilationUnit(ws, uri).length} files, ${expected.length} keys cited`);
    expect(sorted(citedKeys(ws, uri))).toEqual(expected);
  });
});
