// JabRef group trees: the 3.x+ `grouping:` format, the 2.x `groupstree:` format, nesting,
// escaped separators, and input that is not a group tree at all (never an exception).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJabrefGroups, type GroupNode } from '../../../server/src/core/themes';

/** The only caller of parseJabrefGroups here; renders the tree as `kind name [details]` lines. */
function check(comment: string, expected: string): void {
  const render = (nodes: readonly GroupNode[], depth: number): string[] =>
    nodes.flatMap((n) => {
      const details = [
        n.context !== 'independent' ? n.context : '',
        n.keys.length ? `keys=${n.keys.join(',')}` : '',
        n.field ? `field=${n.field}` : '',
        n.term !== undefined ? `term=${n.term}` : '',
        n.regex ? 'regex' : '',
        n.caseSensitive ? 'case' : '',
      ].filter(Boolean);
      return [`${'  '.repeat(depth)}${n.kind} ${n.name}${details.length ? ` [${details.join(' ')}]` : ''}`, ...render(n.children, depth + 1)];
    });
  expect(render(parseJabrefGroups(comment), 0).join('\n')).toBe(expected.trim().replace(/^ {4}/gm, ''));
}

describe('parseJabrefGroups', () => {
  it('reads the JabRef 5 format with static, keyword, regex and search groups, nested', () => {
    check(
      String.raw`@Comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Clinical\;0\;1\;0x8a8a8aff\;\;\;;
2 KeywordGroup:Skin\;0\;keywords\;dermatology\;0\;0\;1\;0x8a8a8aff\;\;\;;
2 KeywordGroup:Chest\;1\;title\;x-?ray\;1\;1\;1\;\;\;\;;
1 SearchGroup:LLMs\;2\;title = "language model"\;0\;0\;1\;\;\;\;;
}`,
      `
    static Clinical
      keyword Skin [field=keywords term=dermatology]
      keyword Chest [intersection field=title term=x-?ray regex case]
    search LLMs [union term=title = "language model"]`,
    );
  });

  it('reads the JabRef 2.x groupstree with members listed in the tree', () => {
    check(
      String.raw`jabref-meta: groupstree:
0 AllEntriesGroup:;
1 ExplicitGroup:To read\;0\;smith2020\;doe2019\;;
2 ExplicitGroup:Urgent\;1\;smith2020\;;
1 KeywordGroup:Bayes\;0\;keywords\;bayesian\;0\;0\;;
`,
      `
    explicit To read [keys=smith2020,doe2019]
      explicit Urgent [intersection keys=smith2020]
    keyword Bayes [field=keywords term=bayesian]`,
    );
  });

  it('keeps escaped semicolons and backslashes inside names, and nests by level even across jumps', () => {
    check(
      String.raw`jabref-meta: grouping:
0 AllEntriesGroup:;
1 StaticGroup:Trust\\\; acceptance\;0\;1\;\;\;\;;
3 StaticGroup:Deep\;0\;1\;\;\;\;;
1 StaticGroup:C:\\\\temp\;0\;1\;\;\;\;;
`,
      String.raw`
    static Trust; acceptance
      static Deep
    static C:\temp`,
    );
  });

  it('stops at the end of its comment and ignores other metadata', () => {
    check(
      String.raw`@comment{jabref-meta: databaseType:biblatex;}
@comment{jabref-meta: grouping:
0 AllEntriesGroup:;
1 KeywordGroup:Counts\;0\;title\;a{2}\;0\;1\;;
}
@article{x, title = {1 StaticGroup:Not a group\;0\;;}}`,
      `
    keyword Counts [field=title term=a{2} regex]`,
    );
  });

  it('returns nothing, never an exception, for text that is not a group tree', () => {
    check('', '');
    check('@comment{jabref-meta: grouping:\n0 AllEntriesGroup:;\n1 NoColonHere;\nfoo\n1 :;\n}', '');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', ' ', ':', ';', '\\', '{', '}', 'S', 'Group', 'jabref-meta: grouping:', '\n') }), (text) => {
        expect(Array.isArray(parseJabrefGroups(text))).toBe(true);
      }),
    );
  });
});
