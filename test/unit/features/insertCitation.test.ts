// Insert Citation: the document text after applying the server's insertion at the cursor.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertCitation, type InsertCitationParams } from '../../../server/src/core/features/insertCitation';
import { findCitations } from '../../../server/src/core/syntax/cite/index';
import { build } from './workspace';

type Options = Omit<InsertCitationParams, 'uri' | 'position' | 'keys'>;

/**
 * Inserts citations of `keys` at the `|` of a one-file fixture (plus any more files after it) and
 * returns the text with `|` where the cursor ends up, or the refusal's sentence.
 */
function check(name: string, body: string, keys: string[], options: Options = {}, more = ''): string {
  const { ws, cursor } = build(`%! ${name}\n${body}\n${more}`);
  if (!cursor) throw new Error('fixture needs a cursor');
  const r = insertCitation(ws, cursor.uri, cursor.offset, { keys, ...options });
  if (!r.ok) return `refused: ${r.message}`;
  const text = ws.docs.get(cursor.uri)!.text;
  const out = text.slice(0, r.span.start) + r.text + text.slice(r.span.end);
  const caret = r.span.start + r.caret;
  // The fixture format ends each file with a line break the body did not have.
  return (out.slice(0, caret) + '|' + out.slice(caret)).replace(/\n$/, '');
}

const md = (body: string, keys: string[], options?: Options) => check('paper.md', body, keys, options);
const tex = (body: string, keys: string[], options?: Options) => check('paper.tex', body, keys, options);
const typ = (body: string, keys: string[], options?: Options) => check('paper.typ', body, keys, options);

describe('Markdown', () => {
  it('wraps a new citation in brackets, several keys in one', () => {
    expect(md('As shown |.', ['lundberg2017'])).toBe('As shown [@lundberg2017]|.');
    expect(check('paper.qmd', 'See |', ['a', 'b'])).toBe('See [@a; @b]|');
  });
  it('puts the prefix before the first key and the locator after the last', () => {
    expect(md('See |', ['a', 'b'], { prefix: 'see', locator: 'p. 3' })).toBe('See [see @a; @b, p. 3]|');
  });
  it('merges into the citation bracket the cursor is in or just after', () => {
    expect(md('text [@smith2020|] more', ['lundberg2017'])).toBe('text [@smith2020; @lundberg2017|] more');
    expect(md('text [@a]| more', ['b'])).toBe('text [@a; @b]| more');
    expect(md('text [see @a, p. 3]|', ['b'], { locator: 'ch. 2' })).toBe('text [see @a, p. 3; @b, ch. 2]|');
  });
  it('never splits a key nor parts a key from its locator', () => {
    expect(md('[@smi|th2020]', ['x'])).toBe('[@smith2020; @x|]');
    expect(md('[see @a|, p. 3; @b]', ['x'])).toBe('[see @a, p. 3; @x|; @b]');
    expect(md('[@a |]', ['x'])).toBe('[@a; @x| ]');
    expect(md('As @smi|th2020 says', ['x'])).toBe('As @smith2020 [@x]| says');
  });
  it('fills an empty bracket and leaves links alone', () => {
    expect(md('text [|] more', ['x'])).toBe('text [@x|] more');
    expect(md('[link]|', ['b'])).toBe('[link][@b]|');
    expect(md('[a link|](http://x)', ['x'])).toBe('[a link[@x]|](http://x)');
  });
  it('braces a key Pandoc would cut short', () => {
    expect(md('|', ['doi:10.1/x.'])).toBe('[@{doi:10.1/x.}]|');
  });
  it('refuses a locator that would end or split the citation', () => {
    expect(md('|', ['a'], { locator: 'p. 3]' })).toMatch(/^refused: .*unbalanced brackets/);
    expect(md('|', ['a'], { locator: 'p. 3; 4' })).toMatch(/^refused: .*;/);
    expect(md('|', [])).toMatch(/^refused: Choose at least one entry/);
  });
  it('is read back by the citation finder as exactly the keys inserted', () => {
    for (const [body, keys] of [['See |.', ['a', 'b']], ['[@x|]', ['y']], ['[|]', ['é:1', 'doi:10.1/x.']]] as const) {
      const before = findCitations(body.replace('|', ''), 'markdown').citations.map((c) => c.key);
      const after = md(body, [...keys]).replace('|', '');
      expect(findCitations(after, 'markdown').citations.map((c) => c.key), after).toEqual([...before, ...keys]);
    }
  });
});

const hasPandoc = spawnSync('pandoc', ['--version']).status === 0;

/** Pandoc's reading of the citations of a Markdown text: one `key mode` list per `Cite` element. */
function pandocCites(text: string): string[] {
  const run = spawnSync('pandoc', ['-f', 'markdown', '-t', 'json'], { input: text, encoding: 'utf8' });
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const e = node as { t?: string; c?: [{ citationId: string; citationMode: { t: string } }[]] };
      if (e.t === 'Cite' && e.c) out.push(e.c[0].map((c) => `${c.citationId} ${c.citationMode.t}`).join(', '));
      else Object.values(node).forEach(walk);
    }
  };
  walk((JSON.parse(run.stdout) as { blocks: unknown }).blocks);
  return out;
}

describe('Markdown: a bracket left open', () => {
  const cases: [string, string, string[]][] = [
    ['[@a|', '[@a; @x|]', ['a NormalCitation, x NormalCitation']],
    ['See [@a| and more prose.', 'See [@a; @x|] and more prose.', ['a NormalCitation, x NormalCitation']],
    ['[see @a, p. 3|', '[see @a, p. 3; @x|]', ['a NormalCitation, x NormalCitation']],
    ['[@sm|ith and', '[@smith; @x|] and', ['smith NormalCitation, x NormalCitation']],
    ['[@a|; @b', '[@a; @x|; @b]', ['a NormalCitation, x NormalCitation, b NormalCitation']],
    ['[@a; |', '[@a; @x|] ', ['a NormalCitation, x NormalCitation']],
    ['[@a| [@b, p. 4] and @c', '[@a; @x|] [@b, p. 4] and @c', ['a NormalCitation, x NormalCitation', 'b NormalCitation', 'c AuthorInText']],
    ['As [|', 'As [@x|]', ['x NormalCitation']],
  ];
  it('merges the new keys into the open bracket and closes it', () => {
    for (const [body, expected] of cases) expect(md(body, ['x']), body).toBe(expected);
  });
  it('is read by Pandoc as one citation, leaving the other citations as they were', () => {
    if (!hasPandoc) return;
    for (const [body, , cites] of cases) expect(pandocCites(md(body, ['x']).replace('|', '')), body).toEqual(cites);
  });
  it('works the same in Quarto and R Markdown', () => {
    expect(check('paper.qmd', 'See [@a|', ['x'])).toBe('See [@a; @x|]');
    expect(check('paper.Rmd', 'See [@a|\n\nNext paragraph.', ['x'])).toBe('See [@a; @x|]\n\nNext paragraph.');
  });
  it('puts a new citation after an in-text key the cursor is at the end of', () => {
    expect(md('As @a| says', ['x'])).toBe('As @a [@x]| says');
    if (hasPandoc) expect(pandocCites('As @a [@x] says')).toEqual(['a AuthorInText, x NormalCitation']);
  });
  it('refuses to close a bracket where it would become a link', () => {
    expect(md('[@a|(b)', ['x'])).toMatch(/^refused: .*would turn it into a link/);
  });
  it('leaves a closed bracket that is not a citation alone', () => {
    expect(md('[@a text|](http://x)', ['x'])).toBe('[@a text[@x]|](http://x)');
  });
});

describe('LaTeX', () => {
  it('uses \\cite without a citation package, with a locator as its optional argument', () => {
    expect(tex('as shown |.', ['lundberg2017'])).toBe('as shown \\cite{lundberg2017}|.');
    expect(tex('|', ['a'], { locator: 'p.~3' })).toBe('\\cite[p.~3]{a}|');
    expect(tex('|', ['a'], { prefix: 'see' })).toMatch(/^refused: \\cite takes a locator but no prefix/);
  });
  it('offers natbib and biblatex commands when the document or its root loads the package', () => {
    expect(tex('\\usepackage{natbib}\n|', ['a', 'b'])).toBe('\\usepackage{natbib}\n\\citep{a,b}|');
    expect(tex('\\usepackage{natbib}\n|', ['a'], { command: 'citet', prefix: 'see', locator: 'p. 3' })).toBe('\\usepackage{natbib}\n\\citet[see][p. 3]{a}|');
    expect(tex('\\usepackage[style=apa]{biblatex}\n|', ['a'])).toBe('\\usepackage[style=apa]{biblatex}\n\\autocite{a}|');
    expect(tex('\\usepackage{biblatex}\n|', ['a'], { command: 'citep' })).toBe('\\usepackage{biblatex}\n\\autocite{a}|');
    const thesis = check('chapter.tex', '%!TEX root = main.tex\nAs |', ['a'], {}, '%! main.tex\n\\usepackage{biblatex}\n\\include{chapter}');
    expect(thesis).toBe('%!TEX root = main.tex\nAs \\autocite{a}|');
  });
  it('honours a named citation command no recognised package provides, and nothing else', () => {
    expect(tex('|', ['a'], { command: 'parencite' })).toBe('\\parencite{a}|');
    expect(tex('|', ['a'], { command: 'emph' })).toBe('\\cite{a}|');
  });
  it('lists the package commands in the result', () => {
    const { ws, cursor } = build('%! paper.tex\n\\usepackage{natbib}\n|');
    const r = insertCitation(ws, cursor!.uri, cursor!.offset, { keys: ['a'] });
    expect(r.ok && [r.package, r.commands]).toEqual(['natbib', ['citep', 'citet', 'cite']]);
  });
  it('adds keys to the \\cite the cursor is in or just after', () => {
    expect(tex('\\cite{a|}', ['x'])).toBe('\\cite{a,x|}');
    expect(tex('\\citep[see][p. 3]{a, b|}', ['x'])).toBe('\\citep[see][p. 3]{a, b,x|}');
    expect(tex('\\cite{a}| and', ['x'])).toBe('\\cite{a,x}| and');
    expect(tex('\\autocite{sm|ith,b}', ['x'])).toBe('\\autocite{smith,x|,b}');
    expect(tex('\\cite{|}', ['x'])).toBe('\\cite{x|}');
    expect(tex('\\emph{a}|', ['x'])).toBe('\\emph{a}\\cite{x}|');
  });
  it('adds keys to a \\cite left open and closes it where its key list ends', () => {
    expect(tex('\\cite{a|', ['x'])).toBe('\\cite{a,x|}');
    expect(tex('See \\cite{a| and more.', ['x', 'y'])).toBe('See \\cite{a,x,y|} and more.');
    expect(tex('\\citep[p. 3]{a, b|', ['x'])).toBe('\\citep[p. 3]{a, b,x|}');
    expect(tex('\\cite{a|, b\nmore', ['x'])).toBe('\\cite{a,x|, b}\nmore');
    expect(tex('\\cite{sm|ith', ['x'])).toBe('\\cite{smith,x|}');
    expect(tex('\\cite{| and', ['x'])).toBe('\\cite{x|} and');
    expect(tex('\\cite{|a, b', ['x'])).toBe('\\cite{x|,a, b}');
    expect(tex('\\cite{a and more|', ['x'])).toBe('\\cite{a,x|} and more');
    expect(tex('\\cite{a,|\nThe next line.', ['x'])).toBe('\\cite{a,x|}\nThe next line.');
    expect(tex('\\cite{a| and \\cite{b}', ['x'])).toBe('\\cite{a,x|} and \\cite{b}');
    expect(tex('\\cite{a|', ['x'], { locator: 'p. 3' })).toMatch(/^refused: The \\cite at the cursor has no closing brace/);
  });
  it('puts a citation with a locator after the command the cursor is in, never inside its braces', () => {
    expect(tex('\\usepackage{natbib}\n\\citep[see]{a|} and', ['x'], { locator: 'p. 3' })).toBe('\\usepackage{natbib}\n\\citep[see]{a}\\citep[p. 3]{x}| and');
    expect(tex('\\cite{a, b|}', ['x'], { locator: 'p. 3' })).toBe('\\cite{a, b}\\cite[p. 3]{x}|');
  });
  it('refuses keys and locators that would break the command', () => {
    expect(tex('|', ['a b'])).toMatch(/^refused: LaTeX cannot cite the key 'a b'/);
    expect(tex('|', ['a'], { locator: 'p. {3' })).toMatch(/^refused: .*unbalanced braces/);
  });
});

describe('Typst', () => {
  it('writes @key side by side, and a supplement as #cite(<key>, supplement: [...])', () => {
    expect(typ('As shown |.', ['lundberg2017'])).toBe('As shown @lundberg2017|.');
    expect(typ('See |', ['a', 'b'])).toBe('See @a @b|');
    expect(typ('See |', ['a', 'b'], { locator: 'p. 3' })).toBe('See @a #cite(<b>, supplement: [p. 3])|');
  });
  it('adds after the reference the cursor is in, never splitting its key', () => {
    expect(typ('See @smith2020| more', ['b'])).toBe('See @smith2020 @b| more');
    expect(typ('See @smi|th2020.', ['b'])).toBe('See @smith2020 @b|.');
  });
  it('writes a key Typst cannot read after @ as a label', () => {
    expect(typ('See |', ['end.'])).toBe('See #cite(<end.>)|');
    expect(typ('See |', ['a"b'])).toBe('See #cite(label("a\\"b"))|');
  });
  it('refuses a supplement with unbalanced brackets', () => {
    expect(typ('|', ['a'], { locator: 'p. ]' })).toMatch(/^refused: .*unbalanced brackets/);
  });
  it('closes a #cite( left open before adding, and adds after a closed one the cursor is in', () => {
    const cases: [string, string][] = [
      ['See #cite(<a>|', 'See #cite(<a>) @x|'],
      ['See #cite(<a>, supplement: [p. (3)]|', 'See #cite(<a>, supplement: [p. (3)]) @x|'],
      ['See #cite(<a|', 'See #cite(<a>) @x|'],
      ['See #cite(|', 'See #cite(<x>)|'],
      ['See #cite(<a>|) more', 'See #cite(<a>) @x| more'],
      ['See #cite(<a>)| more', 'See #cite(<a>) @x| more'],
    ];
    for (const [before, after] of cases) expect(typ(before, ['x'])).toBe(after);
    // What Typst itself reads: each result compiles, citing both works.
    for (const [, after] of cases) expect(typstErrors(after.replace('|', ''))).toEqual([]);
  });
});

interface TypstCompiler {
  compile(opts: { mainFilePath: string }): { takeDiagnostics(): unknown };
  fetchDiagnostics(error: unknown): { message: string; severity: number }[];
}

/** The Typst compiler (npm @myriaddreamin/typst-ts-node-compiler), when it loads here. */
const typstCompiler = (() => {
  try {
    return (createRequire(__filename)('@myriaddreamin/typst-ts-node-compiler') as { NodeCompiler: { create(a: { workspace: string }): TypstCompiler } }).NodeCompiler;
  } catch {
    console.warn('The Typst compiler package cannot load here: inserted Typst citations are not compiled.');
    return undefined;
  }
})();

/** Typst's errors for a document citing from a bibliography with the works a and x. */
function typstErrors(body: string): string[] {
  if (!typstCompiler) return [];
  const dir = mkdtempSync(join(tmpdir(), 'citelens-typst-insert-'));
  writeFileSync(join(dir, 'refs.bib'), '@book{a, title = {A}, author = {Ann, A.}, year = 2020}\n@book{x, title = {X}, author = {Xu, X.}, year = 2021}\n');
  writeFileSync(join(dir, 'main.typ'), `${body}\n\n#bibliography("refs.bib")\n`);
  const result = typstCompiler.create({ workspace: dir }).compile({ mainFilePath: join(dir, 'main.typ') });
  const error = result.takeDiagnostics();
  return error ? typstCompiler.create({ workspace: dir }).fetchDiagnostics(error).filter((d) => d.severity === 1).map((d) => d.message) : [];
}
