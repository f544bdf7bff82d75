// The Typst grammar: which `@` and `#cite` are citations, with carets under each key the finder
// must report, and the citation context completion starts from. The same documents' behaviour
// in the real compiler is checked by typstCompiler.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationContext } from '../../../server/src/core/syntax/cite/context';
import { findCitations } from '../../../server/src/core/syntax/cite/index';
import { readTypst } from '../../../server/src/core/syntax/cite/typst';
import { parseFixture } from '../../fixture';

/**
 * Finds the citations of a one-file fixture. Carets must stand under exactly the keys found;
 * each citation is described as `command kind key`, with ` ref` for `@key`/`#ref` (a label
 * reference when the document defines the label) and ` all` for `full: true`.
 */
function check(fixture: string, expected: string[]) {
  const { files, ranges } = parseFixture(fixture, { marker: null, carets: true });
  const text = files.get('main') as string;
  const { citations } = findCitations(text, 'typst');
  expect(citations.map((c) => text.slice(c.span.start, c.span.end))).toEqual(ranges.map((r) => text.slice(r.start, r.end)));
  expect(citations.map((c) => [c.span.start, c.span.end])).toEqual(ranges.map((r) => [r.start, r.end]));
  expect(citations.map((c) => `${c.command} ${c.kind} ${c.key}${c.reference ? ' ref' : ''}${c.all ? ' all' : ''}`)).toEqual(expected);
}

describe('Typst citations', () => {
  it('reads @key with and without a supplement, dropping a trailing . or :', () => {
    check(
      `See @smith2020, @doe.2019[p. 4] and @x:y: then @end.
     ^^^^^^^^^   ^^^^^^^^            ^^^        ^^^`,
      ['@ normal smith2020 ref', '@ normal doe.2019 ref', '@ normal x:y ref', '@ normal end ref'],
    );
  });

  it('takes letters of any script, digits, _ and - in keys', () => {
    check(
      `@übung @日本 @k-1_2 @9lives @ключ.
 ^^^^^  ^^  ^^^^^  ^^^^^^  ^^^^`,
      ['@ normal übung ref', '@ normal 日本 ref', '@ normal k-1_2 ref', '@ normal 9lives ref', '@ normal ключ ref'],
    );
  });

  it('reads #cite with every form, label() keys and #ref', () => {
    check(
      `#cite(<a>) #cite(<b>, form: "prose") #cite(<c>, form: "year") #cite(<d>, form: none)
       ^          ^                         ^                        ^
#cite(label("odd/key")) #cite(<e>, form: "author", supplement: [p. 1]) #ref(<f>)
             ^^^^^^^           ^                                             ^`,
      [
        '#cite normal a',
        '#cite textual b',
        '#cite suppress-author c',
        '#cite nocite d',
        '#cite normal odd/key',
        '#cite normal e',
        '#ref normal f ref',
      ],
    );
  });

  it('skips raw text, comments, strings, escapes, URLs and math, but not #cite in math', () => {
    check(
      [
        '`@r1` ``@emptyraw`` ```@r2 #cite(<r3>)``` // @c1',
        '         ^^^^^^^^',
        '/* @c2 /* nested */ @c3 */ https://x.org/@u1 #("@s1") $a @m1 "@m2" #cite(<inmath>)$',
        '                                                                          ^^^^^^',
        String.raw`\@e1 and \#cite(<e2>)`,
      ].join('\n'),
      ['@ normal emptyraw ref', '#cite normal inmath'],
    );
  });

  it('reads an @ after a word as a reference, as Typst does (user@example.org)', () => {
    check(
      `Write to user@example.org. A lone @ and @. are text.
              ^^^^^^^^^^^`,
      ['@ normal example.org ref'],
    );
  });

  it('finds citations in content blocks, code blocks and arguments, never in string literals', () => {
    check(
      `#figure(table([@t1], [#cite(<t2>)]), caption: [After @t3.]) <fig:a>
                ^^           ^^                       ^^
#{ let s = "@no #cite(<no>)"; [In code @k1]; cite(<k2>) }
                                        ^^         ^^
#let f(x) = [@k3]
              ^^`,
      ['@ normal t1 ref', '#cite normal t2', '@ normal t3 ref', '@ normal k1 ref', '#cite normal k2', '@ normal k3 ref'],
    );
  });

  it('reads full: true as a citation of every entry', () => {
    check(
      `#bibliography("refs.bib", full: true)
                                ^^^^`,
      ['#bibliography nocite * all'],
    );
  });

  it('never throws on unclosed raw, strings, brackets or deep nesting', () => {
    for (const text of ['`@a', '#cite(<a', '#("@a', '#[#[#[', '$#cite(', '/* @a', '#'.repeat(5000), '#['.repeat(3000), '#('.repeat(3000), '@a['.repeat(3000)]) {
      expect(() => readTypst(text)).not.toThrow();
    }
  });
});

describe('Typst grammar on random input', () => {
  const piece = fc.constantFrom('@a', '@b.', '#cite(<c>)', '#cite(label("d"))', '<e>', '`', '```', '//', '/*', '*/', '"', '$', '#', '[', ']', '(', ')', '{', '}', '\\', 'https://x/@y', '\n', ' ', 'text', '#let x = ', '#include "f.typ"', '#bibliography("r.bib")');
  it('never throws, and every citation span holds its key', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const syntax = readTypst(text);
        for (const c of syntax.citations) {
          expect(c.span.start).toBeGreaterThanOrEqual(0);
          expect(c.span.end).toBeLessThanOrEqual(text.length);
          if (!c.all) expect(text.slice(c.span.start, c.span.end)).toBe(c.key);
        }
        for (const s of syntax.sites) expect(s.keyStart <= s.keyEnd && s.keyEnd <= text.length).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Typst labels, bibliographies and includes', () => {
  it('records labels of the markup only, never label values in code', () => {
    const { labels } = readTypst('= Intro <intro>\n#figure([x]) <fig:a>\n#cite(<key>) #show <x>: it => it\n`<raw>`');
    expect(labels.map((l) => l.name)).toEqual(['intro', 'fig:a']);
  });

  it('records #label("x") in markup as a label, and a computed one by its prefix', () => {
    const syntax = readTypst('#figure([x])#label("made")\n#for i in range(3) [#figure([y])#label("fig-" + str(i))]\n#show label("not-a-definition"): it => it\n#ref(label("nor-this"))');
    expect(syntax.labels.map((l) => l.name)).toEqual(['made']);
    expect(syntax.labelPrefixes).toEqual(['fig-']);
  });

  it('reads bibliography paths: one, a list, a variable, and in template arguments', () => {
    const read = (text: string) => readTypst(text).bibliographies.map((b) => `${b.path} ${text.slice(b.span.start, b.span.end)}`);
    expect(read('#bibliography("refs.bib")')).toEqual(['refs.bib refs.bib']);
    expect(read('#bibliography(("a.bib", "b.yml"), style: "apa")')).toEqual(['a.bib a.bib', 'b.yml b.yml']);
    expect(read('#let refs = "/bib/refs.yml"\n#bibliography(refs)')).toEqual(['/bib/refs.yml /bib/refs.yml']);
    expect(read('#show: paper.with(bibliography: bibliography("refs.bib"))')).toEqual(['refs.bib refs.bib']);
    expect(read('// #bibliography("no.bib")\n`#bibliography("no.bib")`')).toEqual([]);
  });

  it('reads functions that cite a parameter, and calls with label arguments', () => {
    const syntax = readTypst('#let see(key) = [see #cite(key)]\n#let two(pre, k, form: "x") = { pre; cite(k, form: form) }\n#let r(t) = ref(t)\n#let no(x) = cite(<fixed>)\n#see(<a>) #two([p], <b>) #figure([x])');
    expect(syntax.helpers).toEqual([
      { name: 'see', param: 0, command: 'cite' },
      { name: 'two', param: 1, command: 'cite' },
      { name: 'r', param: 0, command: 'ref' },
    ]);
    expect(syntax.labelCalls.map((c) => `${c.callee} ${c.args.map((a) => `${a.index}:${a.key}`).join(',')}`)).toEqual(['see 0:a', 'two 1:b']);
  });

  it('reads #include and #import paths', () => {
    const syntax = readTypst('#import "template.typ": thesis\n#include "chapters/one.typ"\n#include "/two.typ"\n// #include "no.typ"');
    expect(syntax.includes.map((i) => i.path)).toEqual(['chapters/one.typ', '/two.typ']);
    expect(syntax.imports.map((i) => i.path)).toEqual(['template.typ']);
  });
});

/** The context at the cursor, as the replaced span with the cursor marked, ` in call` for a `#cite(...)` argument. */
function context(fixture: string, expected: string | undefined) {
  const { files, cursor } = parseFixture(fixture);
  if (!cursor) throw new Error('fixture without a cursor');
  const text = files.get(cursor.file) as string;
  const ctx = citationContext(text, cursor.offset, 'typst');
  if (!ctx) return expect(ctx).toBe(expected);
  const { start, end } = ctx.replaceSpan;
  expect(ctx.prefix).toBe(text.slice(start, cursor.offset));
  expect(`${text.slice(start, cursor.offset)}|${text.slice(cursor.offset, end)}${ctx.inBrackets ? ' in call' : ''}`).toBe(expected);
}

describe('Typst citation context', () => {
  it('starts after @ in markup, also before anything is typed', () => {
    context('See @|', '|');
    context('See @lun|', 'lun|');
    context('See @lun|dberg and more', 'lun|dberg');
    context('See @doe.2019|.', 'doe.2019|');
    context('See @doe|.', 'doe|');
  });

  it('starts inside #cite(< and #ref(<, also unclosed, and in label("...")', () => {
    context('#cite(<|', '| in call');
    context('#cite(<lun|', 'lun| in call');
    context('#cite(<lun|dberg>, form: "prose")', 'lun|dberg in call');
    context('#ref(<x|>)', 'x| in call');
    context('#cite(label("lun|"))', 'lun| in call');
  });

  it('offers nothing in raw text, comments, strings, math or after an escape', () => {
    context('`@lun|`', undefined);
    context('// @lun|', undefined);
    context('/* @lun| */', undefined);
    context('#("@lun|")', undefined);
    context('$ @lun| $', undefined);
    context('\\@lun|', undefined);
    context('https://x.org/@lun|', undefined);
    context('#show <lab|>: it => it', undefined);
  });
});
