// Typst projects through the features: which bibliographies a file uses (paths relative to the
// file that names them, `/x` to the project root, across `#include`d chapters), labels anywhere in
// the project turning `@key` into a cross-reference, and completion, hover, diagnostics, navigation
// and rename on `@key` and `#cite`.
import { describe, expect, it } from 'vitest';
import { scopeOf } from '../../../server/src/core/analysis/scope';
import { complete } from '../../../server/src/core/features/completion';
import { diagnose } from '../../../server/src/core/features/diagnostics';
import { documentLinks } from '../../../server/src/core/features/documentLinks';
import { hover } from '../../../server/src/core/features/hover';
import { definition, references } from '../../../server/src/core/features/navigation';
import { rename } from '../../../server/src/core/features/rename';
import { parseFixture } from '../../fixture';
import { build } from './workspace';

const project = `%! main.typ
#import "template.typ": conf
#show: conf
#include "chapters/one.typ"
#include "/chapters/two.typ"
%! chapters/one.typ
= One <sec:one>
See @lundberg2017, @ribeiro2016[p. 3], @sec:two, @fig:x and @nokey.
#cite(<kinetics>, form: "prose") and #cite(<sec:one>)
%! chapters/two.typ
= Two <sec:two>
#figure([x], caption: [Cites @lundberg2017.]) <fig:x>
#bibliography(("../refs.bib", "/bib/more.yml", "gone.bib"), full: false)
%! template.typ
#let conf(body) = body
%! refs.bib
@article{lundberg2017, author = {Lundberg, Scott}, title = {A unified approach}, year = 2017, journal = {NeurIPS}}
@article{ribeiro2016, author = {Ribeiro, Marco}, title = {Why should I trust you}, year = 2016}
%! bib/more.yml
kinetics:
  type: article
  title: Kinetics
  author: Doan, T. D.
  date: 2020
  parent:
    title: Physical Review B`;

const names = (list: string[]) => list.map((u) => u.replace('file:///ws/', ''));

describe('Typst bibliography discovery', () => {
  it('reads #bibliography in any file of the project, relative to that file or to the root for /x', () => {
    const { ws, uri } = build(project);
    for (const file of ['main.typ', 'chapters/one.typ', 'chapters/two.typ']) {
      expect(names(scopeOf(ws, uri(file)).bibs), file).toEqual(['refs.bib', 'bib/more.yml', 'chapters/gone.bib']);
    }
    expect(names(documentLinks(ws, uri('chapters/two.typ')).map((l) => l.target))).toEqual(['refs.bib', 'bib/more.yml', 'chapters/gone.bib']);
  });

  it('reports a missing bibliography where it is named', () => {
    const { ws, uri } = build(project);
    const text = ws.docs.get(uri('chapters/two.typ'))?.text ?? '';
    const missing = diagnose(ws, uri('chapters/two.typ')).filter((d) => d.code === 'bib.missing-file');
    expect(missing.map((d) => text.slice(d.span.start, d.span.end))).toEqual(['gone.bib']);
  });

  it('uses the workspace bibliographies when a file names none and belongs to no project', () => {
    const { ws, uri } = build(`%! lone.typ\n@a\n%! a.bib\n@misc{a, title = {A}}`);
    expect(names(scopeOf(ws, uri('lone.typ')).bibs)).toEqual(['a.bib']);
  });
});

/** Unknown-key diagnostics of one file; carets in the fixture mark where they must be. */
function unknownKeys(fixture: string, file: string) {
  const { files, ranges } = parseFixture(fixture, { marker: null, carets: true });
  const rebuilt = [...files].map(([name, text]) => `%! ${name}\n${text}`).join('\n');
  const { ws, uri } = build(rebuilt);
  const found = diagnose(ws, uri(file)).filter((d) => d.code === 'citation.unknown-key');
  expect(found.map((d) => [d.span.start, d.span.end])).toEqual(ranges.filter((r) => r.file === file).map((r) => [r.start, r.end]));
  return found.map((d) => d.message);
}

describe('Typst diagnostics', () => {
  it('reports unknown keys in the compiler wording, never labels of the project', () => {
    const messages = unknownKeys(
      `%! main.typ
#include "one.typ"
= Intro <intro>
#bibliography("refs.bib")
%! one.typ
@known, @intro, @later, @nokey and #cite(<nocite>) and #ref(<noref>).
                         ^^^^^            ^^^^^^             ^^^^^
#figure([x]) <later>
%! refs.bib
@misc{known, title = {K}}`,
      'one.typ',
    );
    expect(messages).toEqual([
      'label `<nokey>` does not exist in the document, nor key `nokey` in the bibliography',
      'key `nocite` does not exist in the bibliography',
      'label `<noref>` does not exist in the document, nor key `noref` in the bibliography',
    ]);
  });
});

describe('Typst labels and keys', () => {
  it('reads labels a template defines, through #import, as the document\'s', () => {
    unknownKeys(
      `%! main.typ
#import "template.typ": conf
#show: conf
#bibliography("refs.bib")
@abstract and @nokey
               ^^^^^
%! template.typ
#let conf(body) = { [= Abstract <abstract>]; body }
%! refs.bib
@misc{known, title = {K}}`,
      'main.typ',
    );
  });

  it('reads calls of citing functions, also from an imported template, as citations', () => {
    const messages = unknownKeys(
      `%! main.typ
#import "template.typ": see
#let r(t) = ref(t)
= Intro <intro>
#see(<known>), #see(<nokey>), #r(<intro>), #r(<gone>) and #text(<notacite>)
                     ^^^^^                     ^^^^
#bibliography("refs.bib")
%! template.typ
#let see(key) = [see #cite(key)]
%! refs.bib
@misc{known, title = {K}}`,
      'main.typ',
    );
    expect(messages).toEqual(['key `nokey` does not exist in the bibliography', 'label `<gone>` does not exist in the document, nor key `gone` in the bibliography']);
  });

  it('reports citations of a document without #bibliography, unless a package may call it or the setting names one', () => {
    const fixture = `%! notes.typ\n= N <n>\n#cite(<a>) @a @n\n%! a.bib\n@misc{a, title = {A}}`;
    const { ws, uri } = build(fixture);
    expect(diagnose(ws, uri('notes.typ')).map((d) => `${d.code} ${d.message}`)).toEqual([
      'citation.no-bibliography the document does not contain a bibliography',
      'citation.no-bibliography label `<a>` does not exist in the document, and the document does not contain a bibliography',
    ]);
    const withPackage = build(fixture.replace('= N <n>', '#import "@preview/some-template:0.1.0": conf\n= N <n>'));
    expect(diagnose(withPackage.ws, withPackage.uri('notes.typ'))).toEqual([]);
    const withSetting = build(fixture, { bibliographies: ['file:///ws/a.bib'] });
    expect(diagnose(withSetting.ws, withSetting.uri('notes.typ'))).toEqual([]);
  });

  it('reports a reference that is both a label and a key, which Typst refuses', () => {
    const { ws, uri } = build(`%! main.typ\n= Intro <both>\n@both\n#bibliography("refs.bib")\n%! refs.bib\n@misc{both, title = {B}}`);
    const found = diagnose(ws, uri('main.typ'));
    expect(found.map((d) => `${d.code} ${d.severity} ${d.message}`)).toEqual([
      'citation.label-and-key error label `<both>` occurs both in the document and its bibliography; change either the label or the key',
    ]);
  });
});

describe('Typst completion, hover, navigation and rename', () => {
  it('completes after @ and inside #cite(<, with Hayagriva entries too', () => {
    const at = build(project.replace('and @nokey.', 'and @lund|.'));
    const r = at.cursor && complete(at.ws, at.cursor.uri, at.cursor.offset);
    expect(r?.items[0]?.key).toBe('lundberg2017');
    const inCite = build(project.replace('#cite(<kinetics>', '#cite(<kin|'));
    const c = inCite.cursor && complete(inCite.ws, inCite.cursor.uri, inCite.cursor.offset);
    expect(c?.items[0]?.key).toBe('kinetics');
    const text = inCite.ws.docs.get(inCite.cursor?.uri ?? '')?.text ?? '';
    const span = c?.items[0]?.replaceSpan;
    expect(span && text.slice(span.start, span.end)).toBe('kin');
  });

  it('offers no completion in raw text, comments or math', () => {
    for (const spot of ['`@lund|`', '// @lund|', '$ @lund| $']) {
      const b = build(project.replace('and @nokey.', spot));
      expect(b.cursor && complete(b.ws, b.cursor.uri, b.cursor.offset), spot).toBeUndefined();
    }
  });

  it('hovers a citation with its reference, and not a cross-reference', () => {
    const cited = build(project.replace('See @lundberg2017', 'See @lund|berg2017'));
    const h = cited.cursor && hover(cited.ws, cited.cursor.uri, cited.cursor.offset);
    expect(h?.markdown).toContain('Lundberg');
    const xref = build(project.replace('@sec:two', '@sec:t|wo'));
    expect(xref.cursor && hover(xref.ws, xref.cursor.uri, xref.cursor.offset)).toBeUndefined();
  });

  it('finds definitions in .bib and Hayagriva files and references across chapters', () => {
    const b = build(project.replace('#cite(<kinetics>', '#cite(<kine|tics>'));
    if (!b.cursor) throw new Error('cursor');
    expect(definition(b.ws, b.cursor.uri, b.cursor.offset).map((l) => names([l.uri])[0])).toEqual(['bib/more.yml']);
    const l = build(project.replace('See @lundberg2017', 'See @lund|berg2017'));
    if (!l.cursor) throw new Error('cursor');
    expect(names(references(l.ws, l.cursor.uri, l.cursor.offset, false).map((r) => r.uri)).sort()).toEqual(['chapters/one.typ', 'chapters/two.typ']);
  });

  it('renames a key in the .bib and in every @key and #cite, and refuses a key Typst cannot write as @key', () => {
    const b = build(project.replace('See @lundberg2017', 'See @lund|berg2017'));
    if (!b.cursor) throw new Error('cursor');
    const ok = rename(b.ws, b.cursor.uri, b.cursor.offset, 'lundberg2017a');
    expect(ok.ok && ok.files.map((f) => `${names([f.uri])[0]} ${f.edits.length}`).sort()).toEqual(['chapters/one.typ 1', 'chapters/two.typ 1', 'refs.bib 1']);
    const refused = rename(b.ws, b.cursor.uri, b.cursor.offset, 'lundberg/2017');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/Typst/);
  });
});
