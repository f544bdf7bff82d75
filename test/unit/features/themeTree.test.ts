import { describe, expect, it } from 'vitest';
import { documentSymbols } from '../../../server/src/core/features/documentSymbols';
import { themeTree, type GroupBy, type WholeGroup } from '../../../server/src/core/features/themeTree';
import { build } from './workspace';

const files = `%! refs.bib
@article{fair2021, author = {Obermeyer, Ziad}, title = {Dissecting racial bias in an algorithm}, keywords = {fairness, bias}, year = 2019}
@article{fed2020, author = {Rieke, Nicola}, title = {The future of digital health with federated learning}, keywords = {privacy}, year = 2020}
@inproceedings{shap2017, author = {Lundberg, Scott}, title = {A unified approach to interpreting model predictions}, keywords = {fairness}, year = 2017}
%! paper.md
---
bibliography: refs.bib
---
[@fair2021]`;

/** The tree as `label (count): keys[cited marker]` lines. */
function check(groupBy: GroupBy, extra: { filter?: string; onlyCited?: boolean } = {}) {
  const { ws, uri } = build(files);
  const tree = themeTree(ws, { uri: uri('paper.md'), groupBy, ...extra });
  const lines: string[] = [];
  const walk = (g: WholeGroup, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${g.label} (${g.count}): ${g.entries.map((e) => e.key + (e.cited ? '*' : '')).join(' ')}`);
    g.groups.forEach((c) => walk(c, depth + 1));
  };
  tree.groups.forEach((g) => walk(g, 0));
  return lines;
}

describe('theme tree', () => {
  it('groups by keyword themes and marks what the active document cites', () => {
    // A keyword shared by two entries is a theme; one used once is not, and a lone entry is unthemed.
    expect(check('theme')).toEqual(['fairness (2): shap2017 fair2021*', 'Unthemed (1): fed2020']);
  });

  it('groups by year, type and file', () => {
    expect(check('year')).toEqual(['2020 (1): fed2020', '2019 (1): fair2021*', '2017 (1): shap2017']);
    expect(check('type')).toEqual(['article (2): fair2021* fed2020', 'inproceedings (1): shap2017']);
    expect(check('file')).toEqual(['refs.bib (3): shap2017 fair2021* fed2020']);
  });

  it('filters with the completion index and narrows to cited entries', () => {
    expect(check('year', { filter: 'federated' })).toEqual(['2020 (1): fed2020']);
    expect(check('year', { onlyCited: true })).toEqual(['2019 (1): fair2021*']);
  });

  it('nests JabRef groups, including keyword groups over fields outside the usual ones', () => {
    const { ws, uri } = build(String.raw`%! refs.bib
@article{a2020, author = {Ann, A}, title = {One}, groups = {Clinical}, note = {dermatology study}, year = 2020}
@article{b2021, author = {Bob, B}, title = {Two}, groups = {Clinical}, year = 2021}
@article{c2022, author = {Cy, C}, title = {Three}, year = 2022}
@comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Clinical\;0\;1\;0x8a8a8aff\;\;\;;
2 KeywordGroup:Skin\;0\;note\;dermatology\;0\;0\;1\;0x8a8a8aff\;\;\;;
}
%! paper.md
---
bibliography: refs.bib
---
[@c2022]`);
    const tree = themeTree(ws, { uri: uri('paper.md'), groupBy: 'theme' });
    const render = (g: WholeGroup, depth: number): string[] => [
      `${'  '.repeat(depth)}${g.label} (${g.count}): ${g.entries.map((e) => e.key).join(' ')}`,
      ...g.groups.flatMap((c) => render(c, depth + 1)),
    ];
    expect(tree.groups.flatMap((g) => render(g, 0))).toEqual(['Clinical (2): b2021', '  Skin (1): a2020', 'Unthemed (1): c2022']);
  });

  it('shows a parent theme’s own entries and its sub-themes, not the sub-themes’ entries again, with distinct and cited counts', () => {
    const { ws, uri } = build(String.raw`%! refs.bib
@article{chest1, author = {Ann, A}, title = {Chest x-ray imaging}, year = 2020}
@article{chest2, author = {Bob, B}, title = {Deep chest imaging}, year = 2021}
@article{mri1, author = {Cy, C}, title = {MRI imaging}, year = 2022}
@misc{other, author = {Di, D}, title = {Something else}, year = 2019}
%! themes.json
{ "themes": [ { "name": "Imaging", "rules": [ { "field": "title", "match": "imaging" } ],
  "children": [ { "name": "Chest", "rules": [ { "field": "title", "match": "chest" } ] } ] } ] }
%! paper.md
---
bibliography: refs.bib
---
[@chest1; @mri1]`);
    const tree = themeTree(ws, { uri: uri('paper.md'), groupBy: 'theme' });
    const render = (g: WholeGroup, depth: number): string[] => [
      `${'  '.repeat(depth)}${g.label} (${g.count}, cited ${g.cited}): ${g.entries.map((e) => `${e.key}:${e.type}`).join(' ')}`,
      ...g.groups.flatMap((c) => render(c, depth + 1)),
    ];
    expect(tree.groups.flatMap((g) => render(g, 0))).toEqual([
      'Imaging (3, cited 2): mri1:article',
      '  Chest (2, cited 1): chest1:article chest2:article',
      'Unthemed (1, cited 0): other:misc',
    ]);
  });

  it('outlines a .bib file', () => {
    const { ws, uri } = build(files);
    expect(documentSymbols(ws, uri('refs.bib')).map((s) => `${s.name}: ${s.detail}`)).toEqual([
      'fair2021: @article Dissecting racial bias in an algorithm',
      'fed2020: @article The future of digital health with federated learning',
      'shap2017: @inproceedings A unified approach to interpreting model predictions',
    ]);
  });
});
