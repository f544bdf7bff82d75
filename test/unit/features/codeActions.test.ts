import { describe, expect, it } from 'vitest';
import { codeActions } from '../../../server/src/core/features/codeActions';
import { diagnose } from '../../../server/src/core/features/diagnostics';
import { build } from './workspace';

/** Titles of the code actions offered on the fixture's diagnostics (or on a selection). */
function check(fixture: string, file: string, selection?: [number, number]) {
  const { ws, uri } = build(fixture);
  const span = selection ? { start: selection[0], end: selection[1] } : { start: 0, end: 0 };
  return codeActions(ws, uri(file), span, diagnose(ws, uri(file))).map((a) => a.title);
}

const bib = `%! refs.bib
@article{rajpurkar2023current, title = {The current and future state of AI interpretation of medical images}, year = 2023}
@article{rajpurkar2022ai, title = {AI in health and medicine}, year = 2022}
@article{esteva2017dermatologist, title = {Dermatologist-level classification}, year = 2017}`;

describe('code actions', () => {
  it('offers the closest existing keys for an unknown key, best first', () => {
    expect(check(`%! a.md\n[@rajpurkar2023curent]\n${bib}`, 'a.md')).toEqual(["Change to 'rajpurkar2023current'", "Change to 'rajpurkar2022ai'", "Search the bibliography for 'rajpurkar2023curent'…"]);
    expect(check(`%! a.tex\n\\cite{estva2017dermatologist}\n${bib}`, 'a.tex')[0]).toBe("Change to 'esteva2017dermatologist'");
  });

  it('offers search, and import when no key is close, with the key to search and replace', () => {
    expect(check(`%! a.md\n[@dermatology]\n${bib}`, 'a.md')).toEqual(["Search the bibliography for 'dermatology'…", 'Import references…']);
    const { ws, uri } = build(`%! a.md\n[@dermatology]\n${bib}`);
    const search = codeActions(ws, uri('a.md'), { start: 0, end: 0 }, diagnose(ws, uri('a.md')))[0];
    expect(search?.command?.id).toBe('citelens.insertCitation');
    expect(search?.command?.args).toEqual(['dermatology']);
    expect(ws.docs.get(uri('a.md'))!.text.slice(search!.command!.replace!.start, search!.command!.replace!.end)).toBe('dermatology');
  });

  it('offers to create a missing bibliography file', () => {
    expect(check(`%! a.tex\n\\addbibresource{new.bib}\n\\addbibresource{refs.bib}\n${bib}`, 'a.tex')).toEqual(['Create /ws/new.bib']);
  });

  it('imports a selected reference list into the bibliography the document uses', () => {
    const list = 'Esteva, A. et al. Dermatologist-level classification of skin cancer with deep neural networks. Nature 542, 115–118 (2017).';
    const doc = `%! a.md\n---\nbibliography: refs.bib\n---\n${list}\n${bib}`;
    const start = doc.indexOf(list) - doc.indexOf('---');
    expect(check(doc, 'a.md', [start, start + list.length])).toEqual(['Import 1 reference into refs.bib']);
  });
});

describe('import of references already in the bibliography', () => {
  it('skips a reference the bibliography already holds instead of copying it under a new key', () => {
    const list = 'Rajpurkar, P. & Lungren, M. P. The current and future state of AI interpretation of medical images. N. Engl. J. Med. 388, 1981–1990 (2023).';
    const doc = `%! a.md\n---\nbibliography: refs.bib\n---\n${list}\n${bib}`;
    const start = doc.indexOf(list) - doc.indexOf('---');
    expect(check(doc, 'a.md', [start, start + list.length])).toEqual([]);
  });
});
