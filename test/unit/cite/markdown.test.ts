// Pandoc Markdown citation finding: bracketed groups, in-text keys, key syntax, and the places
// where Pandoc does not read citations (code, math, comments, raw HTML/TeX, YAML, e-mail).
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../../server/src/core/syntax/cite/index';
import { parseFixture } from '../../fixture';

/**
 * Finds citations in a one-file fixture and describes each as `command kind key [group text]`.
 * Every key span must cover exactly the key; a `$0` marker, when present, must stand where the
 * first key starts.
 */
function check(fixture: string, expected: string[]) {
  const { files, cursor } = parseFixture(fixture, { marker: '$0' });
  const text = files.get('main') as string;
  const { citations } = findCitations(text, 'markdown');
  for (const c of citations) expect(text.slice(c.span.start, c.span.end)).toBe(c.key);
  if (cursor) expect(citations[0]?.span.start).toBe(cursor.offset);
  const described = citations.map((c) => `${c.command} ${c.kind} ${c.key}${c.all ? ' all' : ''} [${text.slice(c.groupSpan.start, c.groupSpan.end)}]`);
  expect(described).toEqual(expected);
}

describe('Markdown citations', () => {
  it('reads bracketed groups with prefixes, locators and suppressed authors', () => {
    const group = '[see @$0doe99, pp. 33-35; also -@smith04, chap. 1]';
    check(`Blah ${group}.`, [
      `[@ normal doe99 [${group.replace('$0', '')}]`,
      `[@ suppress-author smith04 [${group.replace('$0', '')}]`,
    ]);
    check('[@a;@b] [@c ;\n@d]', ['[@ normal a [[@a;@b]]', '[@ normal b [[@a;@b]]', '[@ normal c [[@c ;\n@d]]', '[@ normal d [[@c ;\n@d]]']);
  });

  it('reads in-text keys and their bracketed locators', () => {
    check('@smith04 says blah, @doe99 [p. 33] too, -@lee: x', [
      '@ textual smith04 [@smith04]',
      '@ textual doe99 [@doe99 [p. 33]]',
      '@ suppress-author lee [-@lee]',
    ]);
    check('@a [p. 3; @b]', ['@ textual a [@a [p. 3; @b]]', '@ normal b [@a [p. 3; @b]]']);
  });

  it('does not make a group of brackets that are a link, a span or lack a key in a part', () => {
    check('[@a](http://x.org/@no) [@b]{.smallcaps} [@c][ref] [see @d; and more]', [
      '@ textual a [@a]',
      '@ textual b [@b]',
      '@ textual c [@c]',
      '@ textual d [@d]',
    ]);
  });

  it('follows Pandoc where a key ends', () => {
    check('@Foo_bar.baz. @Foo--bar @doe:2020, @http://x.org/a @müller2020 @{odd key}x @{a{b}c}', [
      '@ textual Foo_bar.baz [@Foo_bar.baz]',
      '@ textual Foo [@Foo]',
      '@ textual doe:2020 [@doe:2020]',
      '@ textual http://x.org/a [@http://x.org/a]',
      '@ textual müller2020 [@müller2020]',
      '@ textual a{b}c [@{a{b}c}]',
    ]);
    check('@{10.1000/xyz?a=1&b=2}', ['@ textual 10.1000/xyz?a=1&b=2 [@{10.1000/xyz?a=1&b=2}]']);
  });

  it('skips e-mail addresses, escaped @ and words glued to @', () => {
    check('jane@example.org <jane@example.org> e.g.@x \\@notakey (@ok) "@ok2"', ['@ textual ok [@ok]', '@ textual ok2 [@ok2]']);
  });

  it('skips code spans of any length and fenced or indented code', () => {
    check('`@a` ``x ` @b`` `@c', ['@ textual c [@c]']);
    check('```{r}\n@a\n```\n\n~~~~ python\n@b\n```\n~~~~\n\n    @c\n\n@d', ['@ textual d [@d]']);
    check('```\n@unclosed', ['@ textual unclosed [@unclosed]']);
  });

  it('reads list continuation paragraphs but not code nested in items', () => {
    check('- item\n\n    more @a\n\n        code @b\n\npara\n    lazy @c', ['@ textual a [@a]', '@ textual c [@c]']);
  });

  it('skips comments, math, raw HTML attributes, raw TeX and link destinations', () => {
    check('<!--\n@a\n--> $@b$ $$\n@c\n$$ $5 and @d costs $10 <span title="@e">@f</span> \\emph{@g} [t](u/@h)', ['@ textual d [@d]', '@ textual f [@f]']);
    check('<pre>\n@a\n</pre>\n\n\\begin{equation}\n@b\n\\end{equation}\n\n<div>\n@c\n</div>', ['@ textual c [@c]']);
  });

  it('gives up inline math at a dollar after white space or before a digit, as Pandoc does', () => {
    check('It cost $5 and @a said $10 was fair; $x$2 @b $y$, $ @c $ and $\\text{$}$ @d.', [
      '@ textual a [@a]',
      '@ textual b [@b]',
      '@ textual c [@c]',
      '@ textual d [@d]',
    ]);
  });

  it('reads only the nocite keys of YAML front matter', () => {
    // Pandoc would also resolve `@t` in a title; we deliberately do not (see metadataCitations).
    check('---\ntitle: "Mail me@x.org or @t"\nnocite: |\n  @n1, @n2\nbibliography: refs.bib\n---\n\nText @a.', [
      'nocite nocite n1 [|\n  @n1, @n2]',
      'nocite nocite n2 [|\n  @n1, @n2]',
      '@ textual a [@a]',
    ]);
    check('Para\n\n---\n\n@a is after a rule', ['@ textual a [@a]']);
  });

  it('finds nothing in other metadata values, however nested: abstracts, author notes, keywords', () => {
    check(
      '---\nabstract: |\n  As [see @a, p. 3; -@b] show, `@code` is not.\nauthor:\n  - name: Jo\n    note: "Thanks to @c"\n    email: jo@x.org\nkeywords: [x, "@d"]\nskip_: "@e"\n"@f": v # @g\nnocite: "@h"\n---\n',
      ['nocite nocite h ["@h"]'],
    );
  });

  it('treats Quarto cross-references as no citations, and callout divs as text', () => {
    check('::: {.callout-note}\nSee @fig-plot, @tbl-x, @sec-intro and @eq-1 but @smith04, [@thm-a; @b].\n:::', [
      '@ textual smith04 [@smith04]',
      '[@ normal b [[@thm-a; @b]]',
    ]);
  });

  it('treats every reserved Quarto prefix as a cross-reference, capitalised too', () => {
    check('@Fig-plot starts a sentence; see @tip-cache, @nte-a, @wrn-b, @imp-c, @cau-d and [@alg-fit; @e].', ['[@ normal e [[@alg-fit; @e]]']);
    check('@figure2020 and @Fig_x are keys.', ['@ textual figure2020 [@figure2020]', '@ textual Fig_x [@Fig_x]']);
  });

  it('reads the indented paragraphs of a note definition as text, like a list item', () => {
    check('Text[^n].\n\n[^n]: First @a.\n\n    Second paragraph @b.\n\n    > Quoted @c.\n\n        code @d\n\n    More note @e\n\nBack @f\n\n    code @g', [
      '@ textual a [@a]',
      '@ textual b [@b]',
      '@ textual c [@c]',
      '@ textual e [@e]',
      '@ textual f [@f]',
    ]);
  });

  it('skips attribute blocks of links, images, spans, code, headings and divs', () => {
    check('[a](u){title="@a"} ![i](x.png){fig-alt="Photo by @b"} [s]{data-x=@c} `x`{.r title="@d"} [@e]{.smallcaps} word{x="@f"}', [
      '@ textual e [@e]',
      '@ textual f [@f]',
    ]);
    check('# Intro {#sec-intro data-cite="@a"}\n\nSetext @b {#s title="@c"}\n---\n\n::: {.callout-note title="See @d"}\nBody @e.\n:::\n\n::: see @f\n:::', [
      '@ textual b [@b]',
      '@ textual e [@e]',
      '@ textual f [@f]',
    ]);
  });

  it('reads citations in footnotes and headings, and not example list labels', () => {
    check('# Intro @a\n\nText[^1] and ^[inline @b].\n\n[^1]: Note @c.\n\n(@good) An example.\n\nAs (@good) shows.', [
      '@ textual a [@a]',
      '@ textual b [@b]',
      '@ textual c [@c]',
    ]);
  });
});

describe('Markdown citations in hostile manuscripts', () => {
  it('finds 200,000 citations on one line (a line of brackets once took quadratic time)', () => {
    const n = 100_000;
    const text = Array.from({ length: n }, (_, i) => `[@a; @k${i}] `).join('');
    const { citations } = findCitations(text, 'markdown');
    expect(citations).toHaveLength(2 * n);
    expect(citations.at(-1)?.key).toBe(`k${n - 1}`);
  });
});
