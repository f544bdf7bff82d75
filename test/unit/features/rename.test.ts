import { fileText } from '../../../server/src/core/model/fileText';
import { describe, expect, it } from 'vitest';
import { rename } from '../../../server/src/core/features/rename';
import { build } from './workspace';

/** Renames at the cursor and returns the files as they would read after the edits. */
function check(fixture: string, newKey: string): Record<string, string> | string {
  const { ws, cursor } = build(fixture);
  if (!cursor) throw new Error('fixture needs a cursor');
  const result = rename(ws, cursor.uri, cursor.offset, newKey);
  if (!result.ok) return result.message;
  const out: Record<string, string> = {};
  for (const f of result.files) {
    let text = ws.docs.get(f.uri)?.text ?? (ws.bibs.has(f.uri) ? fileText(ws.bibs.get(f.uri)!) : undefined) ?? '';
    for (const e of [...f.edits].reverse()) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    out[f.uri.split('/').pop() ?? ''] = text;
  }
  return out;
}

const files = `%! refs.bib
@book{old, title = {Book}}
@incollection{ch, title = {Chapter}, crossref = {old}}
@article{other, title = {Other}}
%! a.md
See [@old, p. 2; @other] and @old.
%! b.tex
\\cites{old}{other}`;

describe('rename', () => {
  it('renames the entry, crossref fields and every citation', () => {
    expect(check(files.replace('[@old,', '[@o|ld,'), 'new2020')).toEqual({
      'refs.bib': '@book{new2020, title = {Book}}\n@incollection{ch, title = {Chapter}, crossref = {new2020}}\n@article{other, title = {Other}}',
      'a.md': 'See [@new2020, p. 2; @other] and @new2020.',
      'b.tex': '\\cites{new2020}{other}',
    });
  });

  it('refuses a key that differs from a taken one only in case, an empty key, and any rename in a truncated scan', () => {
    expect(check(files.replace('@book{old', '@book{o|ld'), 'OTHER')).toMatch(/does not tell keys apart by case/);
    expect(check(files.replace('@book{old', '@book{o|ld'), '')).toMatch(/cannot be empty/);
    const { ws, cursor } = build(files.replace('@book{old', '@book{o|ld'));
    const result = rename({ ...ws, truncated: true }, cursor!.uri, cursor!.offset, 'new2020');
    expect(result.ok ? '' : result.message).toMatch(/could miss citations/);
  });

  it('refuses a key that already exists, and an invalid key', () => {
    expect(check(files.replace('@book{old', '@book{o|ld'), 'other')).toMatch(/already exists/);
    expect(check(files.replace('@book{old', '@book{o|ld'), 'has space')).toMatch(/not a valid citation key/);
    expect(check(files.replace('@book{old', '@book{o|ld'), 'a,b')).toMatch(/not a valid citation key/);
  });
});
