import { describe, expect, it } from 'vitest';
import { complete } from '../../../server/src/core/features/completion';
import { build } from './workspace';

const bib = `%! refs.bib
@article{lundberg2017unified, author = {Lundberg, Scott M. and Lee, Su-In}, title = {A Unified Approach to Interpreting Model Predictions}, year = 2017, journal = {NeurIPS}}
@article{ribeiro2016why, author = {Ribeiro, Marco T{\\'u}lio and Singh, Sameer and Guestrin, Carlos}, title = {"Why Should I Trust You?": Explaining the Predictions of Any Classifier}, year = 2016}
@article{esteva2017dermatologist, author = {Esteva, Andre and others}, title = {Dermatologist-level classification of skin cancer with deep neural networks}, year = 2017, journal = {Nature}}
@book{muller2020, author = {M{\\"u}ller, J{\\"o}rg}, title = {Interpretable Machine Learning}, year = 2020}`;

/** Completes at the fixture's cursor and returns the keys in order, plus the replaced text. */
function check(fixture: string) {
  const { ws, cursor } = build(fixture);
  if (!cursor) throw new Error('fixture needs a cursor');
  const result = complete(ws, cursor.uri, cursor.offset);
  if (!result) return undefined;
  const text = ws.docs.get(cursor.uri)?.text ?? '';
  const first = result.items[0];
  return {
    keys: result.items.map((i) => i.key),
    replaced: first ? text.slice(first.replaceSpan.start, first.replaceSpan.end) : undefined,
    detail: first?.detail,
    kinds: result.items.map((i) => i.kind),
    isIncomplete: result.isIncomplete,
  };
}

describe('completion', () => {
  it('completes a LaTeX \\cite by key prefix and replaces only the typed key', () => {
    const r = check(`%! paper.tex\n\\addbibresource{refs.bib}\nSee \\cite{lund|}.\n${bib}`);
    expect(r?.keys[0]).toBe('lundberg2017unified');
    expect(r?.replaced).toBe('lund');
    expect(r?.detail).toBe('Lundberg and Lee (2017)');
  });

  it('gives each row an icon family by entry type', () => {
    const r = check(`%! paper.md\n[@|]\n${bib}\n@inproceedings{conf2020, title = {C}, year = 2020}\n@phdthesis{phd2019, title = {T}, year = 2019}\n@online{web2021, title = {W}, year = 2021}\n@misc{misc2018, title = {M}, year = 2018}`);
    const kindOf = (key: string) => r?.kinds[r.keys.indexOf(key)];
    expect([kindOf('muller2020'), kindOf('esteva2017dermatologist'), kindOf('conf2020'), kindOf('phd2019'), kindOf('web2021'), kindOf('misc2018')]).toEqual(['book', 'article', 'paper', 'thesis', 'web', 'other']);
  });

  it('finds entries by author and title words, not only by key', () => {
    expect(check(`%! paper.tex\n\\cite{trust|}\n${bib}`)?.keys[0]).toBe('ribeiro2016why');
    expect(check(`%! paper.md\n[@guestrin|]\n${bib}`)?.keys[0]).toBe('ribeiro2016why');
    expect(check(`%! paper.md\n[@cancer|]\n${bib}`)?.keys).toContain('esteva2017dermatologist');
  });

  it('ignores accents and case, and forgives one typo', () => {
    expect(check(`%! paper.md\n[@muller|]\n${bib}`)?.keys[0]).toBe('muller2020');
    expect(check(`%! paper.md\n[@lundburg|]\n${bib}`)?.keys[0]).toBe('lundberg2017unified');
  });

  it('completes the second key of a list and after a Markdown semicolon', () => {
    const latex = check(`%! paper.tex\n\\parencite[p.~3]{esteva2017dermatologist, rib|}\n${bib}`);
    expect(latex?.keys[0]).toBe('ribeiro2016why');
    expect(latex?.replaced).toBe('rib');
    expect(check(`%! paper.md\n[see @esteva2017dermatologist, p. 3; @rib|]\n${bib}`)?.keys[0]).toBe('ribeiro2016why');
  });

  it('replaces the whole key when the cursor is inside it', () => {
    const r = check(`%! paper.md\n[@lund|berg2017unified]\n${bib}`);
    expect(r?.replaced).toBe('lundberg2017unified');
  });

  it('lists keys already cited in the document first for an empty query', () => {
    const r = check(`%! paper.md\nAs shown [@muller2020], and [@|]\n${bib}`);
    expect(r?.keys[0]).toBe('muller2020');
    expect(r?.keys).toHaveLength(4);
    expect(r?.isIncomplete).toBe(true);
  });

  it('offers nothing outside a citation', () => {
    expect(check(`%! paper.tex\nPlain text lund| here\n${bib}`)).toBeUndefined();
    expect(check(`%! paper.md\nmail me at someone@lund|\n${bib}`)).toBeUndefined();
  });

  it('uses only the bibliography the document declares', () => {
    const r = check(`%! a.md\n---\nbibliography: other.bib\n---\n[@|]\n%! other.bib\n@misc{only, title = {Only one}}\n${bib}`);
    expect(r?.keys).toEqual(['only']);
  });
});

describe('completion ranking', () => {
  const review = `%! refs.bib
@article{singhal2023large, author = {Singhal, K. and others}, title = {Large language models encode clinical knowledge}, year = 2023}
@article{singhal2025expertlevel, author = {Singhal, K. and others}, title = {Toward expert-level medical question answering}, year = 2025}
@article{ghassemi2021false, author = {Ghassemi, M. and Oakden-Rayner, L. and Beam, A. L.}, title = {The false hope of current approaches to explainable artificial intelligence in health care}, year = 2021}`;

  it('ranks a word the query starts before a recently cited key that only contains it', () => {
    const r = check(`%! paper.md\nAs [@singhal2023large; @singhal2025expertlevel] show, and [@gha|]\n${review}`);
    expect(r?.keys[0]).toBe('ghassemi2021false');
  });

  it('offers the keys already in the citation last after a separator', () => {
    const md = check(`%! paper.md\n[@muller2020; @|]\n${bib}`);
    expect(md?.keys.at(-1)).toBe('muller2020');
    const tex = check(`%! paper.tex\n\\cite{ribeiro2016why,|}\n${bib}`);
    expect(tex?.keys.at(-1)).toBe('ribeiro2016why');
    expect(tex?.keys[0]).not.toBe('ribeiro2016why');
  });
});

describe('completion rows that run a command', () => {
  /** The command rows at the cursor, with the text each row's edit leaves behind. */
  function rows(fixture: string) {
    const { ws, cursor } = build(fixture);
    const result = complete(ws, cursor!.uri, cursor!.offset);
    const text = ws.docs.get(cursor!.uri)!.text;
    return (result?.actions ?? []).map((a) => ({
      label: a.label,
      command: a.command.id,
      args: a.command.args,
      after: [{ span: a.replaceSpan, newText: a.newText }, ...(a.aroundEdits ?? [])]
        .sort((x, y) => y.span.start - x.span.start)
        .reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text)
        .replace(/\n$/, ''),
      filterStartsWithTyped: a.filterText.startsWith(text.slice(a.replaceSpan.start, cursor!.offset)),
    }));
  }

  it('ends every key list with a search row carrying the query, which clears what was typed', () => {
    const r = rows(`%! paper.md\nSee [@lund|] here.\n${bib}`);
    expect(r).toEqual([{ label: 'Search the bibliography for “lund”…', command: 'citelens.insertCitation', args: ['lund'], after: 'See  here.', filterStartsWithTyped: true }]);
    expect(rows(`%! paper.md\nSee [@muller2020; @lund|] here.\n${bib}`)[0]?.after).toBe('See [@muller2020] here.');
    expect(rows(`%! paper.tex\nSee \\citep[p. 3]{lund|} here.\n${bib}`)[0]?.after).toBe('See  here.');
    expect(rows(`%! paper.tex\nSee \\cite{a,lund|} here.\n${bib}`)[0]?.after).toBe('See \\cite{a} here.');
  });

  it('offers the search for several words typed in a bracket, where no key completes', () => {
    const r = rows(`%! paper.md\nSee [@skin cancer|\n${bib}`);
    expect(r.map((x) => [x.label, x.args, x.after, x.filterStartsWithTyped])).toEqual([['Search the bibliography for “skin cancer”…', ['skin cancer'], 'See ', true]]);
    expect(rows(`%! paper.md\nmail someone@example or @doe said words|\n${bib}`)).toEqual([]);
  });

  it('says when no bibliography is loaded and offers to choose one or import', () => {
    const r = rows(`%! paper.md\nSee [@lund|].\n`);
    expect(r.map((x) => [x.label, x.command, x.after])).toEqual([
      ['No bibliography is loaded — Choose a bibliography…', 'citelens.chooseBibliography', 'See [@lund].'],
      ['Import references from clipboard…', 'citelens.importReferences', 'See [@lund].'],
    ]);
  });
});
