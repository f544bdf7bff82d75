// Typst over the protocol: the real server (dist/server.js) on a Typst thesis whose chapter is
// open in the editor and whose root, other chapters and Hayagriva bibliography are on disk.
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

const main = `#include "chapters/intro.typ"
#include "/chapters/back.typ"
`;
const intro = `= Introduction <sec:intro>
Attention @vaswani2017 and #cite(<kinetics>, form: "prose"); see @sec:intro and @fig:x.
Unknown @nokey, and the back matter @sec:back.
`;
const back = `= Back matter <sec:back>
#figure([x]) <fig:x>
#bibliography(("../refs.bib", "../refs.yml"))
`;
const bib = `@inproceedings{vaswani2017, author = {Vaswani, Ashish and Shazeer, Noam}, title = {Attention Is All You Need}, booktitle = {NeurIPS}, year = 2017}
`;
const hayagriva = `kinetics:
  type: article
  title: Kinetics and luminescence of a polariton condensate
  author: ["Doan, T. D.", "Haug, Hartmut"]
  date: 2020
  parent:
    type: periodical
    title: Physical Review B
`;

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

type Diag = { code: string; message: string; range: { start: { line: number; character: number } } };

describe('Typst over the language server', () => {
  it('diagnoses, completes, hovers and navigates in an included chapter', async () => {
    session = await start(writeFiles({ 'main.typ': main, 'chapters/intro.typ': intro, 'chapters/back.typ': back, 'refs.bib': bib, 'refs.yml': hayagriva }));
    const s = session;
    const uri = s.uri('chapters/intro.typ');
    s.open('chapters/intro.typ', intro, 'typst');
    const diags = await waitFor(() => s.published.get(uri) as Diag[] | undefined, 'diagnostics of intro.typ');
    // Labels of other chapters are cross-references; only the unknown key is reported.
    expect(diags.map((d) => [d.code, d.range.start.line, d.range.start.character, d.message])).toEqual([
      ['citation.unknown-key', 2, 9, 'label `<nokey>` does not exist in the document, nor key `nokey` in the bibliography'],
    ]);

    const completion = await s.request<{ items: { label: string; textEdit: { range: unknown } }[] }>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 15 }, // after "@vasw"
    });
    expect(completion.items[0]?.label).toBe('vaswani2017');
    expect(completion.items[0]?.textEdit.range).toEqual({ start: { line: 1, character: 11 }, end: { line: 1, character: 22 } });

    const hover = await s.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 36 } });
    expect(hover.contents.value).toContain('Kinetics and luminescence');
    const xref = await s.request<unknown>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 70 } });
    expect(xref).toBeNull();

    const def = await s.request<{ uri: string }[]>('textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 36 } });
    expect(def.map((d) => d.uri)).toEqual([s.uri('refs.yml')]);

    // Typing the key that exists clears the diagnostic.
    s.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 14 } }, text: 'vaswani2017' }],
    });
    await waitFor(() => (s.published.get(uri) as Diag[] | undefined)?.length === 0, 'diagnostics cleared');
  });
});
