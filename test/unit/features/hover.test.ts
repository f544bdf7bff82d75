import { describe, expect, it } from 'vitest';
import { hover } from '../../../server/src/core/features/hover';
import { build } from './workspace';

function check(fixture: string, style = 'nature') {
  const { ws, cursor } = build(fixture, { style });
  if (!cursor) throw new Error('fixture needs a cursor');
  return hover(ws, cursor.uri, cursor.offset)?.markdown;
}

const bib = `%! refs.bib
@article{esteva2017, author = {Esteva, Andre and Kuprel, Brett}, title = {Dermatologist-level classification of skin cancer with deep neural networks}, journal = {Nature}, volume = 542, pages = {115--118}, year = 2017, doi = {10.1038/nature21056}, abstract = {Skin cancer, the most common human malignancy, is primarily diagnosed visually.}}`;

describe('hover', () => {
  it('shows the formatted reference, DOI link, abstract, definition place and use count', () => {
    const md = check(`%! a.tex\n\\addbibresource{refs.bib}\n\\cite{este|va2017} and \\cite{esteva2017}\n${bib}`);
    expect(md).toContain('Esteva');
    expect(md).toContain('542');
    expect(md).toContain('(https://doi.org/10.1038/nature21056)');
    expect(md).toContain('Skin cancer');
    expect(md).toContain('refs.bib:1');
    expect(md).toContain('Cited 2 times in this document');
  });

  it('formats in the configured style', () => {
    const nature = check(`%! a.md\n[@esteva2017|]\n${bib}`, 'nature');
    const apa = check(`%! a.md\n[@esteva2017|]\n${bib}`, 'apa');
    expect(nature).not.toEqual(apa);
    expect(apa).toContain('2017');
  });

  it('says when a key is unknown', () => {
    expect(check(`%! a.md\n[@nobody|]\n${bib}`)).toContain('Unknown citation key');
  });

  it('shows the reference when hovering the key in the .bib file, with workspace use counts', () => {
    const md = check(`%! a.md\n[@esteva2017]\n%! refs.bib\n@article{este|va2017, title = {Dermatology}, year = 2017}`);
    expect(md).toContain('Cited once in 1 document');
  });

  it('escapes hostile field text: no links, images, HTML or command URIs can be injected', () => {
    const hostile = `%! a.md\n[@evil|]\n%! refs.bib\n@misc{evil, title = {Click [here](command:workbench.action.quit) <img src=x onerror=alert(1)> ![i](http://x/y.png)}, url = {javascript:alert(1)}, doi = {10.1/x) [y](command:z}}`;
    const md = check(hostile) ?? '';
    expect(md).not.toMatch(/\]\(command:/);
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/!\[i\]\(/);
    expect(md).not.toContain('(javascript:');
    // The DOI link target is percent-encoded so it cannot close the link early.
    expect(md).toContain('https://doi.org/10.1/x%29');
  });

  it('bounds the hover of an entry whose fields are 5 MB each, ending the reference in an ellipsis', () => {
    const huge = 'word '.repeat(1_000_000);
    const md = check(`%! a.md\n[@big|]\n%! refs.bib\n@article{big, author = {Doe, Jane}, title = {${huge}}, journal = {${huge}}, url = {https://example.org/${'x'.repeat(5_000_000)}}, abstract = {${huge}}, year = 2020}`) ?? '';
    expect(md.length).toBeLessThan(5000);
    expect(md).toContain('Doe');
    expect(md).toMatch(/…/);
  });
});

describe('hover without a bibliography', () => {
  it('says nothing is loaded, not that the key is unknown, and links the two ways out', () => {
    const md = check(`%! a.md\n[@esteva2017|]\n`);
    expect(md).not.toContain('Unknown citation key');
    expect(md).toContain('No bibliography is loaded');
    expect(md).toContain('](command:citelens.chooseBibliography?');
    expect(md).toContain('](command:citelens.importReferences?');
  });
  it('names a declared file that could not be read', () => {
    expect(check(`%! a.md\n---\nbibliography: gone.bib\n---\n[@esteva2017|]\n`)).toContain('gone.bib could not be read');
  });
});
