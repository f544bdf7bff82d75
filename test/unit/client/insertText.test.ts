// Inserting citations from the sidebar or the quick pick: the document text after the edit.
import { describe, expect, it } from 'vitest';
import { citationInsertion, syntaxFor, type InsertOptions } from '../../../client/src/insertText';

/**
 * Applies the insertion for `keys` at the `|` in `fixture` and returns the resulting text, with
 * `|` where the cursor ends up.
 */
function check(fixture: string, languageId: string, keys: string[], options?: InsertOptions): string {
  const offset = fixture.indexOf('|');
  const text = fixture.slice(0, offset) + fixture.slice(offset + 1);
  const ins = citationInsertion(text, offset, keys, syntaxFor(languageId), options);
  const after = text.slice(0, ins.offset) + ins.text + text.slice(ins.offset);
  const caret = ins.caret + ins.text.length;
  return after.slice(0, caret) + '|' + after.slice(caret);
}

describe('Markdown', () => {
  it('wraps a new citation in brackets', () => {
    expect(check('As shown |.', 'markdown', ['lundberg2017'])).toBe('As shown [@lundberg2017]|.');
  });
  it('joins several keys in one bracket', () => {
    expect(check('See |', 'quarto', ['a', 'b'])).toBe('See [@a; @b]|');
  });
  it('appends to the citation bracket under the cursor', () => {
    expect(check('text [@smith2020|] more', 'markdown', ['lundberg2017'])).toBe('text [@smith2020; @lundberg2017|] more');
  });
  it('appends to a citation that ends right before the cursor', () => {
    expect(check('text [@a]| more', 'markdown', ['b'])).toBe('text [@a; @b]| more');
    expect(check('text [see @a, p. 3]|', 'markdown', ['b'])).toBe('text [see @a, p. 3; @b]|');
  });
  it('does not append to a link right before the cursor', () => {
    expect(check('[link]|', 'markdown', ['b'])).toBe('[link][@b]|');
    expect(check('[]|', 'markdown', ['b'])).toBe('[][@b]|');
  });
  it('never splits a key: moves to the end of the key under the cursor', () => {
    expect(check('[@smi|th2020]', 'markdown', ['x'])).toBe('[@smith2020; @x|]');
  });
  it('keeps a locator with its citation', () => {
    expect(check('[see @a|, p. 3; @b]', 'rmd', ['x'])).toBe('[see @a, p. 3; @x|; @b]');
  });
  it('fills an empty bracket without a separator', () => {
    expect(check('text [|] more', 'markdown', ['x'])).toBe('text [@x|] more');
  });
  it('does not leave a space before the separator', () => {
    expect(check('[@a |]', 'markdown', ['x'])).toBe('[@a; @x| ]');
  });
  it('handles a bracket spanning lines', () => {
    expect(check('[@a;\n@b|]', 'markdown', ['x'])).toBe('[@a;\n@b; @x|]');
  });
  it('handles an unclosed bracket being typed', () => {
    expect(check('[@a|', 'markdown', ['x'])).toBe('[@a; @x|');
  });
  it('starts a new citation after a closed bracket and a space', () => {
    expect(check('[@a] and |', 'markdown', ['x'])).toBe('[@a] and [@x]|');
  });
  it('treats link text as no citation', () => {
    expect(check('[a link|](http://x)', 'markdown', ['x'])).toBe('[a link[@x]|](http://x)');
  });
  it('ignores a bracket from the previous paragraph', () => {
    expect(check('[@a\n\nnew |', 'markdown', ['x'])).toBe('[@a\n\nnew [@x]|');
  });
  it('ignores escaped brackets', () => {
    expect(check('\\[@a |', 'markdown', ['x'])).toBe('\\[@a [@x]|');
    expect(check('@a\\]|', 'markdown', ['x'])).toBe('@a\\][@x]|');
  });
});

describe('LaTeX', () => {
  it('inserts \\cite by default', () => {
    expect(check('as shown |.', 'latex', ['lundberg2017'])).toBe('as shown \\cite{lundberg2017}|.');
  });
  it('uses the configured command, with or without backslash', () => {
    expect(check('|', 'latex', ['a', 'b'], { latexCommand: 'parencite' })).toBe('\\parencite{a,b}|');
    expect(check('|', 'tex', ['a'], { latexCommand: '\\textcite' })).toBe('\\textcite{a}|');
  });
  it('adds a key to the \\cite under the cursor', () => {
    expect(check('\\cite{a|}', 'latex', ['x'])).toBe('\\cite{a,x|}');
    expect(check('\\citep[see][p. 3]{a, b|}', 'latex', ['x'])).toBe('\\citep[see][p. 3]{a, b,x|}');
  });
  it('adds a key to a \\cite that ends right before the cursor', () => {
    expect(check('\\cite{a}| and', 'latex', ['x'])).toBe('\\cite{a,x}| and');
    expect(check('\\emph{a}|', 'latex', ['x'])).toBe('\\emph{a}\\cite{x}|');
  });
  it('moves to the end of the key under the cursor', () => {
    expect(check('\\autocite{sm|ith,b}', 'latex', ['x'])).toBe('\\autocite{smith,x|,b}');
  });
  it('fills an empty \\cite{}', () => {
    expect(check('\\cite{|}', 'latex', ['x'])).toBe('\\cite{x|}');
    expect(check('\\cite{}|', 'latex', ['x'])).toBe('\\cite{x}|');
  });
  it('recognises configured commands and ignores other braces', () => {
    expect(check('\\refs{a|}', 'latex', ['x'], { latexCommands: ['refs'] })).toBe('\\refs{a,x|}');
    expect(check('\\refs{a|}', 'latex', ['x'])).toBe('\\refs{a\\cite{x}|}');
    expect(check('\\emph{word|}', 'latex', ['x'])).toBe('\\emph{word\\cite{x}|}');
  });
  it('finds the inner \\cite inside another argument', () => {
    expect(check('\\section{Intro \\cite{a|}}', 'latex', ['x'])).toBe('\\section{Intro \\cite{a,x|}}');
  });
  it('starts a new \\cite after a closed one and a space', () => {
    expect(check('\\cite{a} and |', 'latex', ['x'])).toBe('\\cite{a} and \\cite{x}|');
  });
});

describe('other languages', () => {
  it('insert the bare key', () => {
    expect(check('key: |', 'plaintext', ['a'])).toBe('key: a|');
  });
});

describe('Typst', () => {
  it('writes @key, several side by side, which Typst groups', () => {
    expect(syntaxFor('typst')).toBe('typst');
    expect(check('As shown |.', 'typst', ['lundberg2017'])).toBe('As shown @lundberg2017|.');
    expect(check('See |', 'typst', ['a', 'b'])).toBe('See @a @b|');
  });
  it('adds to the reference the cursor is in or just after, never splitting its key', () => {
    expect(check('See @smith2020| more', 'typst', ['b'])).toBe('See @smith2020 @b| more');
    expect(check('See @smi|th2020.', 'typst', ['b'])).toBe('See @smith2020 @b|.');
    expect(check('See @|', 'typst', ['b'])).toBe('See @b|');
  });
  it('keeps the next word or bracket out of the key and its supplement', () => {
    expect(check('|word', 'typst', ['a'])).toBe('@a |word');
    expect(check('|[note]', 'typst', ['a'])).toBe('@a |[note]');
    expect(check('|.', 'typst', ['a'])).toBe('@a|.');
  });
  it('writes a key Typst cannot read after @ as #cite(label("..."))', () => {
    expect(check('See |', 'typst', ['doi/10.1', 'end.'])).toBe('See #cite(label("doi/10.1")) #cite(label("end."))|');
    expect(check('See |', 'typst', ['a"b'])).toBe('See #cite(label("a\\"b"))|');
  });
});

describe('Typst insertions read back', () => {
  it('cite exactly the inserted keys, as the Typst grammar reads them', async () => {
    const { findCitations } = await import('../../../server/src/core/syntax/cite/index');
    const cases: [string, string[]][] = [
      ['See |.', ['a', 'b']],
      ['|word', ['a']],
      ['|[note]', ['a']],
      ['@x|', ['y.z']],
      ['|', ['doi/10.1', 'end.', 'é:1']],
    ];
    for (const [fixture, keys] of cases) {
      const before = findCitations(fixture.replace('|', ''), 'typst').citations.map((c) => c.key);
      const after = check(fixture, 'typst', keys).replace('|', '');
      expect(findCitations(after, 'typst').citations.map((c) => c.key), after).toEqual([...before, ...keys]);
    }
  });
});
