// `citelens check` with a Lua filter in the pandoc pipeline that rewrites citation ids before
// citeproc: pandoc's cito.lua strips CiTO properties (`@cites_as_evidence:Li95` cites Li95).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './workspace';

/** The real filter where the corpus has it; else its table and split function, as cito.lua writes them. */
const corpusFilter = resolve(__dirname, '..', '..', '..', '..', 'shared', 'realworld', 'lua-cito', 'cito.lua');
const cito = existsSync(corpusFilter)
  ? readFileSync(corpusFilter, 'utf8')
  : `local properties_and_aliases = {\n  cites_as_evidence = {\n    'as_evidence',\n    'evidence'\n  },\n  extends = {\n  },\n}\nlocal function split_cito_from_id (citation_id)\nend\n`;

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...args], { cwd, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { citations: { key: string; resolved: boolean; range: { start: { character: number } } }[] };
  return { keys: report.citations.map((c) => `${c.key}${c.resolved ? '' : '?'}`), starts: report.citations.map((c) => c.range.start.character) };
}

const doc = `---
bibliography: refs.bib
---
Coffee [@cites_as_evidence:Li95; @evidence:Li95], see @extends:Upper74 and @disputes:Upper74 or @cites_as_evidence:. (pandoc ends that key before the colon)
`;
const bib = '@book{Li95, title = {Li}}\n@book{Upper74, title = {Upper}}\n';

describe('a CiTO Lua filter in the pipeline', () => {
  it('strips the properties the filter defines when the filter sits beside the document', () => {
    const folder = workspace(`%! paper/paper.md\n${doc}%! paper/refs.bib\n${bib}`);
    writeFileSync(join(folder, 'paper', 'cito.lua'), cito);
    const r = check(folder, 'paper/paper.md');
    // `disputes` is a property only of the real filter's table.
    const disputes = cito.includes('disputes') ? 'Upper74' : 'disputes:Upper74?';
    expect(r.keys).toEqual(['Li95', 'Li95', 'Upper74', disputes, 'cites_as_evidence?']);
    // The key's span starts after the property, so rename and hover see the key itself.
    expect(r.starts[0]).toBe('Coffee [@cites_as_evidence:'.length);
  });

  it('follows the filters: of _quarto.yml and a Makefile --lua-filter', () => {
    const quarto = workspace(`%! _quarto.yml\nfilters:\n  - filters/cito.lua\n%! chapters/paper.qmd\n${doc.replace('refs.bib', '../refs.bib')}%! refs.bib\n${bib}`);
    mkdirSync(join(quarto, 'filters'));
    writeFileSync(join(quarto, 'filters', 'cito.lua'), cito);
    expect(check(quarto, 'chapters/paper.qmd').keys.slice(0, 3)).toEqual(['Li95', 'Li95', 'Upper74']);
    const make = workspace(`%! Makefile\nall:\n\tpandoc --lua-filter=lua/cito.lua --citeproc src/paper.md -o paper.pdf\n%! src/paper.md\n${doc}%! src/refs.bib\n${bib}`);
    mkdirSync(join(make, 'lua'));
    writeFileSync(join(make, 'lua', 'cito.lua'), cito);
    expect(check(make, 'src/paper.md').keys.slice(0, 3)).toEqual(['Li95', 'Li95', 'Upper74']);
  });

  it('leaves the ids as written without the filter, or with a filter that is not CiTO', () => {
    const folder = workspace(`%! paper.md\n${doc}%! refs.bib\n${bib}%! other.lua\nreturn { { Cite = function (c) return c end } }\n`);
    expect(check(folder, 'paper.md').keys.slice(0, 3)).toEqual(['cites_as_evidence:Li95?', 'evidence:Li95?', 'extends:Upper74?']);
  });
});
