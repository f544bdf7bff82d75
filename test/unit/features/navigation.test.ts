import { fileText } from '../../../server/src/core/model/fileText';
import { describe, expect, it } from 'vitest';
import { definition, highlights, references } from '../../../server/src/core/features/navigation';
import { build } from './workspace';

const files = `%! refs.bib
@article{a2020, title = {A}}
@article{b2021, title = {B}}
%! one.md
Text [@a2020; @b2021] and @a2020 again.
%! two.tex
\\addbibresource{refs.bib}
\\textcite{a2020}`;

function check(fixture: string, feature: 'definition' | 'references' | 'highlights') {
  const { ws, cursor } = build(fixture);
  if (!cursor) throw new Error('fixture needs a cursor');
  const text = (uri: string) => ws.docs.get(uri)?.text ?? (ws.bibs.has(uri) ? fileText(ws.bibs.get(uri)!) : undefined) ?? '';
  const show = (uri: string, s: { start: number; end: number }) => `${uri.split('/').pop()}:${text(uri).slice(0, s.start).split('\n').length}:${text(uri).slice(s.start, s.end)}`;
  if (feature === 'highlights') return highlights(ws, cursor.uri, cursor.offset).map((s) => show(cursor.uri, s));
  const found = feature === 'definition' ? definition(ws, cursor.uri, cursor.offset) : references(ws, cursor.uri, cursor.offset, true);
  return found.map((l) => show(l.uri, l.span)).sort();
}

describe('navigation', () => {
  it('goes from a citation to the entry key', () => {
    expect(check(files.replace('[@a2020;', '[@a20|20;'), 'definition')).toEqual(['refs.bib:1:a2020']);
  });

  it('finds every citation of a key across the workspace, from a citation or from the .bib', () => {
    const expected = ['one.md:1:a2020', 'one.md:1:a2020', 'refs.bib:1:a2020', 'two.tex:2:a2020'];
    expect(check(files.replace('\\textcite{a2020}', '\\textcite{a20|20}'), 'references')).toEqual(expected);
    expect(check(files.replace('@article{a2020', '@article{a|2020'), 'references')).toEqual(expected);
  });

  it('highlights the same key in the document', () => {
    expect(check(files.replace('and @a2020', 'and @a|2020'), 'highlights')).toEqual(['one.md:1:a2020', 'one.md:1:a2020']);
  });
});
