// The bibliography overview: entries per theme and year, what the manuscript's whole unit cites,
// and the themes it leaves uncited.
import { describe, expect, it } from 'vitest';
import { overview } from '../../../server/src/core/features/overview';
import { build } from './workspace';

const fixture = String.raw`%! refs.bib
@article{chest1, author = {Ann, A}, title = {Chest x-ray imaging}, year = 2018}
@article{chest2, author = {Bob, B}, title = {Deep chest imaging}, year = 2020}
@article{mri1, author = {Cy, C}, title = {MRI imaging}, year = 2020}
@article{fair1, author = {Di, D}, title = {Fairness in triage}, year = 2021}
@article{fair2, author = {Ed, E}, title = {Fairness audits}, year = 2022}
@misc{other, author = {Fi, F}, title = {Something else}}
%! themes.json
{ "themes": [ { "name": "Imaging", "rules": [ { "field": "title", "match": "imaging" } ],
  "children": [ { "name": "Chest", "rules": [ { "field": "title", "match": "chest" } ] } ] },
  { "name": "Fairness", "rules": [ { "field": "title", "match": "fairness" } ] } ] }
%! main.tex
\documentclass{article}
\input{chapter}
\bibliography{refs}
%! chapter.tex
\cite{chest1,mri1,nosuch}`;

describe('bibliography overview', () => {
  it('counts entries and cited works per theme and year over the compilation unit, and names uncited themes', () => {
    const { ws, uri } = build(fixture);
    const o = overview(ws, { uri: uri('main.tex') });
    expect(o.unit).toEqual(['main.tex', 'chapter.tex']);
    expect({ entries: o.entries, cited: o.cited, unknown: o.unknown }).toEqual({ entries: 6, cited: 2, unknown: ['nosuch'] });
    expect(o.themes.map((t) => `${'  '.repeat(t.depth)}${t.name} ${t.cited}/${t.entries}`)).toEqual(['Imaging 2/3', '  Chest 1/2', 'Fairness 0/2', 'Unthemed 0/1']);
    expect(o.years.map((y) => `${y.year || 'none'} ${y.cited}/${y.entries}`)).toEqual(['2018 1/1', '2019 0/0', '2020 1/2', '2021 0/1', '2022 0/1', 'none 0/1']);
    // Fairness is uncited; "Unthemed" holds one entry, which is no cluster.
    expect(o.uncited.map((u) => [u.name, u.entries, u.examples.map((e) => e.key)])).toEqual([['Fairness', 2, ['fair2', 'fair1']]]);
  });

  it('counts nothing as cited for a bibliography or without a document', () => {
    const { ws, uri } = build(fixture);
    for (const o of [overview(ws, { uri: uri('refs.bib') }), overview(ws, {})]) {
      expect({ unit: o.unit, cited: o.cited, uncited: o.uncited }).toEqual({ unit: [], cited: 0, uncited: [] });
      expect(o.themes.map((t) => t.entries)).toEqual([3, 2, 2, 1]);
    }
  });
});
