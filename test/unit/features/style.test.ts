// The style a reference is shown in: `and others` as the style's "et al." in hover and completion
// documentation, the document's own `csl:` (front matter, _metadata.yml, _quarto.yml; URLs not
// fetched), `lang:`, the nearest bundled style to a LaTeX bibliography style, and the setting.
import { describe, expect, it } from 'vitest';
import { resolveCompletion } from '../../../server/src/core/features/completion';
import { hover } from '../../../server/src/core/features/hover';
import type { CoreSettings } from '../../../server/src/core/model/workspace';
import { build } from './workspace';

/** Hover at the cursor and the completion documentation of the key under it: the two must agree. */
function check(fixture: string, settings: Partial<CoreSettings> = {}) {
  const { ws, cursor } = build(fixture, settings);
  if (!cursor) throw new Error('fixture needs a cursor');
  const markdown = hover(ws, cursor.uri, cursor.offset)?.markdown ?? '';
  const key = /^\*\*(.*?)\*\*/.exec(markdown)?.[1]?.replace(/\\(.)/g, '$1');
  const bibUri = [...ws.bibs.values()].find((b) => b.entries.some((e) => e.key === key))?.file;
  const documentation = key && bibUri ? resolveCompletion(ws, { key, bibUri, uri: cursor.uri }) : undefined;
  // Completion documentation is the hover without the hover's use count.
  expect(documentation).toBe(markdown.replace(/ · Cited [^\n]*/, ''));
  const lines = markdown.split('\n\n');
  return { reference: lines[1] ?? '', style: lines.find((l) => l.startsWith('*Style:*')) ?? '', markdown };
}

const bib = `%! refs.bib
@article{lundberg2018, author = {Lundberg, Scott M. and Nair, Bala and others}, title = {Explainable machine-learning predictions for the prevention of hypoxaemia during surgery}, journal = {Nature Biomedical Engineering}, volume = 2, pages = {749--760}, year = 2018, doi = {10.1038/s41551-018-0304-0}}
@article{esteva2017, author = {Esteva, Andre and others}, title = {Dermatologist-level classification of skin cancer}, journal = {Nature}, volume = 542, pages = {115--118}, year = 2017}`;

describe('and others', () => {
  it('is the style\'s "et al." in hover and completion documentation, for BibTeX entries', () => {
    expect(check(`%! a.md\n[@lundberg2018|]\n${bib}`, { style: 'nature' }).reference).toBe(
      'Lundberg, S. M., Nair, B., et al. Explainable machine-learning predictions for the prevention of hypoxaemia during surgery. Nature Biomedical Engineering 2, 749–760 \\(2018\\).',
    );
    expect(check(`%! a.md\n[@esteva2017|]\n${bib}`, { style: 'apa' }).reference).toContain('Esteva, A. et al. \\(2017\\)');
    expect(check(`%! a.md\n[@esteva2017|]\n${bib}`, { style: 'ieee' }).reference).toContain('A. Esteva et al.,');
  });

  it('is "et al." for the "others" marker of CSL-JSON and CSL-YAML items too', () => {
    const json = `%! a.md\n---\nbibliography: refs.json\n---\n[@doe2020|]\n%! refs.json\n[{"id": "doe2020", "type": "article-journal", "title": "T", "container-title": "J", "issued": {"date-parts": [[2020]]}, "author": [{"family": "Doe", "given": "Jane"}, {"literal": "others"}]}]`;
    expect(check(json, { style: 'vancouver' }).reference).toBe('Doe J et al. T. J. 2020;');
    const yaml = `%! a.md\n---\nbibliography: refs.yaml\n---\n[@doe2020|]\n%! refs.yaml\n- id: doe2020\n  type: book\n  title: T\n  issued: 2020\n  author:\n    - family: Doe\n      given: Jane\n    - literal: others\n`;
    expect(check(yaml, { style: 'chicago-author-date' }).reference).toBe('Doe, Jane et al. 2020. T.');
  });
});

describe('the document\'s style', () => {
  const paper = (yaml: string) => `%! paper.md\n---\nbibliography: refs.bib\n${yaml}\n---\n[@esteva2017|]\n${bib}`;
  const miniStyle = (title: string, suffix: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>${title}</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info>` +
    `<citation><layout><text variable="title"/></layout></citation><bibliography><layout><text variable="title" suffix="${suffix}"/></layout></bibliography></style>`;

  it('uses the csl: file the front matter names, relative to the document, and says so', () => {
    const r = check(`${paper('csl: styles/mine.csl')}\n%! styles/mine.csl\n${miniStyle('My Journal', ' [mine]')}`);
    expect(r.reference).toBe('Dermatologist-level classification of skin cancer \\[mine\\]');
    expect(r.style).toContain('My Journal');
  });

  it('reads csl: written as a quoted key or in a flow mapping', () => {
    const mine = `\n%! styles/mine.csl\n${miniStyle('My Journal', ' [mine]')}`;
    expect(check(`${paper('"csl": styles/mine.csl')}${mine}`).reference).toContain('\\[mine\\]');
    expect(check(`%! paper.md\n---\n{bibliography: refs.bib, csl: styles/mine.csl}\n---\n[@esteva2017|]\n${bib}${mine}`).reference).toContain('\\[mine\\]');
  });

  it('takes csl: from _quarto.yml and lets _metadata.yml and the front matter override it', () => {
    const files = `%! _quarto.yml\nproject:\n  type: manuscript\ncsl: quarto.csl\n%! quarto.csl\n${miniStyle('Q', ' [q]')}\n%! ch/meta.csl\n${miniStyle('M', ' [m]')}`;
    const doc = (front: string) => `%! ch/paper.md\n---\nbibliography: ../refs.bib\n${front}\n---\n[@esteva2017|]\n${bib}\n${files}`;
    expect(check(doc('title: x')).reference).toContain('\\[q\\]');
    expect(check(`${doc('title: x')}\n%! ch/_metadata.yml\ncsl: meta.csl`).reference).toContain('\\[m\\]');
    expect(check(`${doc('csl: nature')}\n%! ch/_metadata.yml\ncsl: meta.csl`).reference).toContain('Esteva, A. et al.');
  });

  it('does not fetch a URL: a bundled copy of the same style, else the setting, and the footer says so', () => {
    const apa = check(paper('csl: https://www.zotero.org/styles/apa'), { style: 'nature' });
    expect(apa.reference).toContain('\\(2017\\)');
    expect(apa.style).toMatch(/American Psychological Association.*not fetched/);
    const other = check(paper('csl: https://example.org/styles/journal-of-nowhere.csl'), { style: 'ieee' });
    expect(other.reference).toContain('A. Esteva et al.,');
    expect(other.style).toMatch(/^\*Style:\* IEEE — csl\\: https\\:.*not fetched.*showing IEEE instead/);
  });

  it('says when the named file is missing and falls back to the setting', () => {
    const r = check(paper('csl: missing.csl'), { style: 'ieee' });
    expect(r.reference).toContain('A. Esteva et al.,');
    expect(r.style).toContain('missing.csl');
    expect(r.style).toContain('was not found');
  });

  it('formats in the document\'s lang: locale, which wins over the style\'s default', () => {
    const de = check(paper('lang: de-DE\ncsl: chicago-author-date'));
    // The German locale's "et al." is "u. a." with a no-break space.
    expect(de.reference).toMatch(/Esteva, Andre u\.\sa\./);
    const en = check(paper('csl: chicago-author-date'));
    expect(en.reference).toContain('et al.');
  });

  it('maps biblatex and BibTeX styles to the nearest bundled CSL style and names it in the footer', () => {
    const tex = (preamble: string) => `%! paper.tex\n${preamble}\n\\addbibresource{refs.bib}\n\\begin{document}\\cite{esteva2017|}\\end{document}\n${bib}`;
    const apa = check(tex('\\usepackage[backend=biber,style=apa]{biblatex}'), { style: 'nature' });
    expect(apa.reference).toContain('\\(2017\\)');
    expect(apa.style).toContain('biblatex style=apa is shown in American Psychological Association 7th edition');
    const ieee = check(tex('\\usepackage[style=numeric-comp]{biblatex}'), { style: 'nature' });
    expect(ieee.style).toContain('biblatex style=numeric-comp is shown in IEEE');
    const bst = check(`%! paper.tex\n\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\cite{esteva2017|}\n${bib}`, { style: 'nature' });
    expect(bst.style).toContain('\\\\bibliographystyle{plainnat} is shown in Chicago Manual of Style');
    const german = check(tex('\\usepackage[ngerman]{babel}\n\\usepackage[style=authoryear]{biblatex}'));
    expect(german.reference).toMatch(/Esteva, Andre u\.\sa\./);
  });

  it('reads a Typst bibliography style: a built-in name, a set rule, a .csl file, and #set text(lang:)', () => {
    const typ = (body: string) => `%! paper.typ\n${body}\n%! refs.bib\n${bib.split('\n').slice(1).join('\n')}`;
    const apa = check(typ('Skin @esteva2017| cancer\n#bibliography("refs.bib", style: "american-psychological-association")'), { style: 'nature' });
    expect(apa.reference).toContain('Esteva, A. et al. \\(2017\\)');
    expect(apa.style).toContain('Typst\'s style "american-psychological-association" is shown in the bundled American Psychological Association 7th edition');
    const set = check(typ('#set bibliography(style: "ieee")\nSkin @esteva2017| cancer\n#bibliography("refs.bib")'), { style: 'nature' });
    expect(set.reference).toContain('A. Esteva et al.,');
    const file = check(typ(`Skin @esteva2017| cancer\n#bibliography("refs.bib", style: "styles/mine.csl")\n%! styles/mine.csl\n${miniStyle('My Journal', ' [mine]')}`));
    expect(file.reference).toBe('Dermatologist-level classification of skin cancer \\[mine\\]');
    expect(file.style).toContain('My Journal');
    const unknown = check(typ('Skin @esteva2017| cancer\n#bibliography("refs.bib", style: "alphanumeric")'), { style: 'ieee' });
    expect(unknown.style).toContain('Typst\'s style "alphanumeric" \\(paper.typ\\) is not among the bundled CSL styles; showing IEEE instead.');
    const german = check(typ('#set text(lang: "de")\nSkin @esteva2017| cancer\n#bibliography("refs.bib", style: "chicago-author-date")'));
    expect(german.reference).toMatch(/Esteva, Andre u\.\sa\./);
  });

  it('uses the setting, a bundled id or a .csl file, when the document names no style', () => {
    expect(check(`%! a.md\n[@esteva2017|]\n${bib}`, { style: 'ieee' }).style).toBe('*Style:* IEEE');
    const file = check(`%! a.md\n[@esteva2017|]\n${bib}\n%! my.csl\n${miniStyle('Mine', ' [s]')}`, { style: 'file:///ws/my.csl' });
    expect(file.reference).toContain('\\[s\\]');
    const unknown = check(`%! a.md\n[@esteva2017|]\n${bib}`, { style: 'no-such-style' });
    expect(unknown.style).toContain('"no-such-style" is not a bundled style');
  });
});
