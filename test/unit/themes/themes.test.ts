// Fixture tests for computeThemes: a BibTeX fixture in, the theme tree out as indented text lines.
import { describe, expect, it } from 'vitest';
import { readBibtex, readBibtexComments } from '../../../server/src/core/syntax/bib/bibtex';
import { computeThemes, jabrefGroupsOf, parseThemesFile, themeInputs, type ThemeNode, type ThemeOptions } from '../../../server/src/core/themes';

function render(nodes: readonly ThemeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.source} ${n.name}: ${n.keys.join(' ')}`, ...render(n.children, depth + 1)]);
}

/** The only caller of computeThemes here: reads the fixture as a .bib file, with an optional themes file. */
function check(bib: string, options: { rules?: string; auto?: boolean }, expected: string): void {
  const file = readBibtex(bib, 'refs.bib');
  const jabref = jabrefGroupsOf(readBibtexComments([bib]));
  const opts: ThemeOptions = { jabref, auto: options.auto ?? false };
  if (options.rules !== undefined) {
    const parsed = parseThemesFile(options.rules);
    expect(parsed.errors).toEqual([]);
    opts.rules = parsed.value;
  }
  const tree = computeThemes(themeInputs(file.entries), opts);
  expect(render(tree.themes).join('\n')).toBe(expected.trim().replace(/^ {4}/gm, ''));
}

describe('keyword themes', () => {
  it('makes a theme of each tag two or more entries share, whatever the case, accents, hyphens, plurals or separator', () => {
    check(
      `@article{a, title = {One}, keywords = {Deep learning, Privacy; Ré-identification; Human-Computer Interaction}}
       @article{b, title = {Two}, keywords = {deep learning; re-identification, human computer interactions}}
       @article{c, title = {Three}, keywords = {privacy}}
       @article{d, title = {Four}, keywords = {only mine}}`,
      {},
      `
    keyword Deep learning: a b
    keyword Human-Computer Interaction: a b
    keyword Privacy: a c
    keyword Ré-identification: a b
    none Unthemed: d`,
    );
  });

  it('nests a rarer tag under a more used tag that covers its entries', () => {
    check(
      `@article{a, keywords = {imaging, MRI}}
       @article{b, keywords = {imaging, MRI}}
       @article{c, keywords = {imaging}}
       @article{d, keywords = {imaging, CT}}
       @article{e, keywords = {CT}}`,
      {},
      `
    keyword CT: d e
    keyword imaging: a b c d
      keyword MRI: a b`,
    );
  });

  it('keeps the tree to a bounded number of tag themes in a library with thousands of tags', () => {
    const entries = Array.from({ length: 600 }, (_, i) => `@misc{k${i}, keywords = {tag${i % 300}, tag${(i * 7) % 300}}}`).join('\n');
    const tree = computeThemes(themeInputs(readBibtex(entries, 'x.bib').entries), { auto: false });
    const count = (nodes: readonly ThemeNode[]): number => nodes.reduce((n, t) => n + 1 + count(t.children), 0);
    const tags = tree.themes.filter((t) => t.source === 'keyword');
    expect(count(tags)).toBeLessThanOrEqual(60);
    expect(count(tags)).toBeGreaterThan(10);
  });
});

describe('group themes', () => {
  it('nests JabRef groups: static members from the groups field, keyword groups by their keyword', () => {
    check(
      `@article{a, title = {Federated learning}, groups = {Privacy}}
       @article{b, title = {Skin cancer}, keywords = {dermatology}, groups = {Clinical, Privacy}}
       @article{c, title = {Melanoma}, keywords = {Dermatology}}
       @comment{jabref-meta: grouping:
       0 AllEntriesGroup:;
       1 StaticGroup:Clinical\\;0\\;1\\;0x8a8a8aff\\;\\;\\;;
       2 KeywordGroup:Skin\\;0\\;keywords\\;dermatology\\;0\\;0\\;1\\;\\;\\;\\;;
       1 StaticGroup:Privacy\\;0\\;1\\;\\;\\;\\;;
       }`,
      {},
      `
    group Clinical: b
      group Skin: b c
    group Privacy: a b`,
    );
  });

  it('keeps only the parent’s members in an intersection group, and reads JabRef 2.x explicit groups', () => {
    check(
      `@article{a, title = {A}, keywords = {markov}}
       @article{b, title = {B}, keywords = {markov}}
       @article{c, title = {C}}
       @comment{jabref-meta: groupstree:
       0 AllEntriesGroup:;
       1 ExplicitGroup:Reading\\;0\\;a\\;c\\;;
       2 KeywordGroup:Markov read\\;1\\;keywords\\;markov\\;0\\;0\\;;
       }`,
      {},
      `
    group Reading: a c
      group Markov read: a
    keyword markov: a b`,
    );
  });

  it('shows Mendeley and plain group names as themes, and a group entry may also sit in a tag theme', () => {
    check(
      `@article{a, mendeley-groups = {Thesis,Chapter 2}, keywords = {GAN}}
       @article{b, mendeley-groups = {Thesis}, keywords = {gan}}`,
      {},
      `
    group Chapter 2: a
    group Thesis: a b
    keyword GAN: a b`,
    );
  });
});

describe('rule themes', () => {
  const rules = JSON.stringify({
    themes: [
      {
        name: 'Imaging',
        rules: [{ field: 'title', match: 'medical imag*' }],
        children: [
          { name: 'Chest X-ray', rules: [{ field: 'title', match: 'chest x-ray' }] },
          { name: 'Skin', rules: [{ field: 'journal', regex: '\\bdermatol', flags: 'i' }] },
        ],
      },
      { name: 'Fairness', rules: [{ field: 'any', match: 'bias' }], exclude: [{ field: 'title', match: 'bias-variance' }] },
      { name: 'Both', rules: [{ all: [{ field: 'title', match: 'fairness' }, { field: 'title', match: 'dermatology' }] }] },
    ],
  });

  it('matches whole words and phrases regardless of case, accents and plurals; `*` takes any ending', () => {
    check(
      `@article{a, title = {Medical Imaging with deep nets}}
       @article{b, title = {Detecting pneumonia in chest X-Rays}}
       @article{c, title = {Biases in skin data}, journal = {JAMA Dermatol.}}
       @article{d, title = {The bias-variance trade-off}}
       @article{e, title = {Embiasing is not a word}}
       @article{f, title = {Fairness in Dermatology}, abstract = {Séverine's BIAS audit}}`,
      { rules },
      `
    rule Imaging: a
      rule Chest X-ray: b
      rule Skin: c
    rule Fairness: c f
    rule Both: f
    none Unthemed: d e`,
    );
  });

  it('places entries listed by key, even past an exclude rule, and ignores keys the library lacks', () => {
    check(
      `@article{a, title = {Medical imaging}}
       @article{d, title = {The bias-variance trade-off}}
       @article{q, title = {Quantum chromodynamics}}`,
      {
        rules: JSON.stringify({
          themes: [
            { name: 'Fairness', keys: ['d', 'gone'], rules: [{ match: 'bias' }], exclude: [{ match: 'bias-variance' }] },
            { name: 'Physics', keys: ['q', 'q'] },
          ],
        }),
      },
      `
    rule Fairness: d
    rule Physics: q
    none Unthemed: a`,
    );
  });

  it('clusters the entries no rule places when automatic themes are on', () => {
    check(
      `@article{a, title = {Medical imaging}}
       @article{b, title = {Federated learning for hospitals}}
       @article{c, title = {Federated learning with privacy}}
       @article{d, title = {Privacy attacks on federated learning}}
       @article{e, title = {Quantum chromodynamics}}`,
      { rules, auto: true },
      `
    rule Imaging: a
      rule Chest X-ray:${' '}
      rule Skin:${' '}
    rule Fairness:${' '}
    rule Both:${' '}
    auto Federated learning, privacy: b c d
    none Unthemed: e`,
    );
  });
});

describe('theme ids', () => {
  it('are stable, unique and follow the path of names', () => {
    const bib = `@article{a, title = {Skin}, keywords = {x, y}, groups = {G}}\n@article{b, keywords = {x, y}, groups = {G}}`;
    const tree = computeThemes(themeInputs(readBibtex(bib, 'r.bib').entries), {
      rules: parseThemesFile('{"themes":[{"name":"Derm","rules":[{"match":"skin"}],"children":[{"name":"Sub","rules":[{"match":"skin"}]}]}]}').value,
    });
    const ids = (nodes: readonly ThemeNode[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
    expect(ids(tree.themes)).toEqual(['group:g', 'keyword:x', 'keyword:y', 'rule:derm', 'rule:derm/sub']);
  });
});
