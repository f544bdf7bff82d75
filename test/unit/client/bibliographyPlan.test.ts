// Choose a bibliography… in the client: the server's edit is applied only to the file versions it
// was computed for, never into a project file with unsaved changes, and project files it changed
// are saved afterwards.
import { describe, expect, it } from 'vitest';
import { planBibliographyEdit, type OpenFile } from '../../../client/src/bibliographyPlan';

const doc = 'file:///book/chapter.qmd';
const project = 'file:///book/_quarto.yml';
const change = (uri: string, version: number | null) => ({ textDocument: { uri, version }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'bibliography: refs.bib\n' }] });
const plan = (changes: ReturnType<typeof change>[], open: OpenFile[]) =>
  planBibliographyEdit(changes, doc, (uri) => open.find((f) => f.uri === uri), (uri) => uri.replace('file:///book/', ''));

describe('planBibliographyEdit', () => {
  it('refuses, naming the file, when _quarto.yml is open with unsaved changes', () => {
    expect(plan([change(project, 3)], [{ uri: project, version: 3, isDirty: true }])).toEqual({ refusal: 'Nothing was changed: _quarto.yml is open with changes that are not saved. Save it, then choose the bibliography again.' });
  });
  it('refuses when a file changed while the edit was prepared', () => {
    expect(plan([change(project, 3)], [{ uri: project, version: 4, isDirty: false }])).toEqual({ refusal: 'Nothing was changed: _quarto.yml changed while the edit was prepared. Try again.' });
  });
  it('edits the document itself even with unsaved changes, and saves only the project files it changed', () => {
    expect(plan([change(doc, 5)], [{ uri: doc, version: 5, isDirty: true }])).toEqual({ save: [] });
    expect(plan([change(project, null)], [])).toEqual({ save: [project] });
    expect(plan([change(project, 2)], [{ uri: project, version: 2, isDirty: false }])).toEqual({ save: [project] });
  });
});
