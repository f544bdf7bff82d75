// Protocol tests: the real server process (dist/server.js) over stdio, driven as an editor would.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

const bib = `@article{lundberg2017unified, author = {Lundberg, Scott M. and Lee, Su-In}, title = {A Unified Approach to Interpreting Model Predictions}, year = 2017, booktitle = {NeurIPS}, doi = {10.5555/3295222.3295230}}
@article{esteva2017dermatologist, author = {Esteva, Andre and others}, title = {Dermatologist-level classification of skin cancer with deep neural networks}, journal = {Nature}, volume = 542, pages = {115--118}, year = 2017}
`;
const markdown = `---
bibliography: refs.bib
---
Shapley values [@lundberg2017unified] help; see also @esteva2017dermatologist and [@newpaper2024].
`;
const latex = `\\documentclass{article}
\\addbibresource{refs.bib}
\\begin{document}
\\parencite{lundberg2017unified} and \\cite{esteva2017dermatologist}
\\end{document}
`;

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

type Diag = { code: string; message: string; range: { start: { line: number; character: number } } };

describe('language server over stdio', () => {
  it('publishes unknown-key diagnostics, completes, hovers, navigates and renames', async () => {
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': markdown, 'paper.tex': latex }));
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    const diags = await waitFor(() => s.published.get(md) as Diag[] | undefined, 'diagnostics of paper.md');
    expect(diags.map((d) => [d.code, d.range.start.line, d.range.start.character])).toEqual([['citation.unknown-key', 3, 84]]);

    const completion = await s.request<{ isIncomplete: boolean; items: { label: string; textEdit: { range: unknown } }[] }>('textDocument/completion', {
      textDocument: { uri: md },
      position: { line: 3, character: 21 }, // after "[@lund"
    });
    expect(completion.items[0]?.label).toBe('lundberg2017unified');
    expect(completion.items[0]?.textEdit.range).toEqual({ start: { line: 3, character: 17 }, end: { line: 3, character: 36 } });

    const resolved = await s.request<{ documentation?: { value: string } }>('completionItem/resolve', completion.items[0]);
    expect(resolved.documentation?.value).toContain('Lundberg');

    const hover = await s.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: md }, position: { line: 3, character: 60 } });
    expect(hover.contents.value).toContain('Dermatologist-level classification of skin cancer');

    const def = await s.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', {
      textDocument: { uri: md },
      position: { line: 3, character: 25 },
    });
    expect(def).toEqual([{ uri: s.uri('refs.bib'), range: { start: { line: 0, character: 9 }, end: { line: 0, character: 28 } } }]);

    const refs = await s.request<{ uri: string }[]>('textDocument/references', {
      textDocument: { uri: md },
      position: { line: 3, character: 25 },
      context: { includeDeclaration: false },
    });
    expect(refs.map((r) => r.uri).sort()).toEqual([md, s.uri('paper.tex')].sort());

    const edit = await s.request<{ documentChanges: { textDocument: { uri: string }; edits: { newText: string }[] }[] }>('textDocument/rename', {
      textDocument: { uri: md },
      position: { line: 3, character: 25 },
      newName: 'lundberg2017',
    });
    const touched = edit.documentChanges.map((c) => c.textDocument.uri).sort();
    expect(touched).toEqual([s.uri('paper.md'), s.uri('paper.tex'), s.uri('refs.bib')].sort());

    // Fixing the key in the editor clears the diagnostic.
    s.notify('textDocument/didChange', {
      textDocument: { uri: md, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 84 }, end: { line: 3, character: 96 } }, text: 'esteva2017dermatologist' }],
    });
    await waitFor(() => (s.published.get(md) as Diag[] | undefined)?.length === 0, 'diagnostics cleared');
  });

  it('re-checks open documents when the .bib is replaced on disk the way Zotero auto-export writes it', async () => {
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': markdown }));
    const s = session;
    const md = s.uri('paper.md');
    s.open('paper.md', markdown, 'markdown');
    await waitFor(() => (s.published.get(md) as Diag[] | undefined)?.length === 1, 'one unknown key');
    const tmp = join(s.folder, '.refs.bib.tmp');
    writeFileSync(tmp, `${bib}@misc{newpaper2024, title = {New}, year = 2024}\n`);
    renameSync(tmp, join(s.folder, 'refs.bib'));
    await waitFor(() => (s.published.get(md) as Diag[] | undefined)?.length === 0, 'unknown key resolved after the .bib changed');
    // And a broken rewrite costs only the broken entry.
    writeFileSync(join(s.folder, 'refs.bib'), `${bib}@misc{newpaper2024, title = {New}, year = 2024 = 5}\n@misc{later, title={Later}}\n`);
    await waitFor(() => (s.published.get(md) as Diag[] | undefined)?.length === 1, 'the broken entry is lost, nothing else');
    const status = await s.request<{ entries: number; errors: unknown[] }>('citelens/indexStatus', {});
    expect(status.entries).toBe(3);
    expect(status.errors.length).toBeGreaterThan(0);
  });

  it('answers pull diagnostics, a missing bibliography and the custom requests', async () => {
    session = await start(
      writeFiles({ 'refs.bib': bib, 'paper.tex': latex.replace('\\addbibresource{refs.bib}', '\\addbibresource{refs.bib}\n\\addbibresource{gone.bib}') }),
      { pull: true },
    );
    const s = session;
    const tex = s.uri('paper.tex');
    s.open('paper.tex', latex.replace('\\addbibresource{refs.bib}', '\\addbibresource{refs.bib}\n\\addbibresource{gone.bib}'), 'latex');
    const report = await s.request<{ items: Diag[] }>('textDocument/diagnostic', { textDocument: { uri: tex } });
    expect(report.items.map((d) => [d.code, d.range.start.line])).toEqual([['bib.missing-file', 2]]);

    // The sidebar is lazy: the top level carries groups and counts only, a group's entries come when it is expanded.
    type Level = { empty: boolean; groups: { id: string; label: string; count: number; entries?: unknown }[]; entries: { key: string; cited: boolean }[] };
    const tree = await s.request<Level>('citelens/themeTree', { uri: tex, groupBy: 'year' });
    expect(tree.empty).toBe(false);
    expect(tree.groups.map((g) => [g.label, g.count, g.entries])).toEqual([['2017', 2, undefined]]);
    expect(tree.entries).toEqual([]);
    const year = await s.request<Level>('citelens/themeTree', { uri: tex, groupBy: 'year', parent: tree.groups[0]?.id });
    expect(year.entries.map((e) => [e.key, e.cited])).toEqual([['esteva2017dermatologist', true], ['lundberg2017unified', true]]);

    const cited = await s.request<{ keys: string[] }>('citelens/citedKeys', { uri: tex });
    expect(cited.keys).toEqual(['lundberg2017unified', 'esteva2017dermatologist']);

    const formatted = await s.request<{ text: string; missing: string[] }>('citelens/formatReferences', { keys: ['esteva2017dermatologist', 'nope'], format: 'text', uri: tex });
    expect(formatted.text).toContain('Nature');
    expect(formatted.missing).toEqual(['nope']);

    const found = await s.request<{ key: string }[]>('citelens/search', { query: 'skin', uri: tex });
    expect(found[0]?.key).toBe('esteva2017dermatologist');
  });
});
