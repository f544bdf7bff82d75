// Zotero library items in the features: completion and hover mark them, diagnostics and the quick
// fix offer them, and adding one appends it to the document's bibliography in that file's format
// (the result read back by our own readers), or refuses without an edit.
import { fileText } from '../../../server/src/core/model/fileText';
import { describe, expect, it } from 'vitest';
import { addFromZotero } from '../../../server/src/core/features/addFromZotero';
import { codeActions } from '../../../server/src/core/features/codeActions';
import { complete } from '../../../server/src/core/features/completion';
import { diagnose } from '../../../server/src/core/features/diagnostics';
import { hover } from '../../../server/src/core/features/hover';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { readZoteroLibrary } from '../../../server/src/core/syntax/zotero/library';
import { applyChange, type Workspace } from '../../../server/src/core/model/workspace';
import type { ZoteroRows } from '../../../server/src/core/model/zotero';
import { build } from './workspace';

/** A small library as rows, with IDs that are nobody's defaults. */
function rows(): ZoteroRows {
  const types = ['journalArticle', 'book', 'note'];
  const fields = ['title', 'publicationTitle', 'date', 'volume', 'pages', 'DOI', 'extra', 'publisher'];
  const value = (itemID: number, name: string, v: string) => ({ itemID, fieldID: 300 + fields.indexOf(name), value: v });
  return {
    itemTypes: types.map((t, i) => ({ itemTypeID: 70 + i, typeName: t })),
    fields: fields.map((f, i) => ({ fieldID: 300 + i, fieldName: f })),
    baseFieldMappings: [],
    creatorTypes: [{ creatorTypeID: 9, creatorType: 'author' }],
    libraries: [{ libraryID: 1, type: 'user' }],
    items: [
      { itemID: 1, itemTypeID: 70, libraryID: 1, key: 'AAAA1111' },
      { itemID: 2, itemTypeID: 71, libraryID: 1, key: 'BBBB2222' },
      { itemID: 3, itemTypeID: 70, libraryID: 1, key: 'CCCC3333' },
    ],
    itemData: [
      value(1, 'title', 'Dermatologist-level classification of skin cancer with deep neural networks'),
      value(1, 'publicationTitle', 'Nature'),
      value(1, 'date', '2017-02-00 February 2017'),
      value(1, 'volume', '542'),
      value(1, 'pages', '115–118'),
      value(1, 'DOI', '10.1038/nature21056'),
      value(1, 'extra', 'Citation Key: esteva2017'),
      value(2, 'title', 'The Elements of Statistical Learning'),
      value(2, 'publisher', 'Springer'),
      value(2, 'date', '2009-00-00 2009'),
      value(2, 'extra', 'Citation Key: hastie2009'),
      value(3, 'title', 'Already cited'),
      value(3, 'extra', 'Citation Key: known2020'),
    ],
    itemCreators: [
      { itemID: 1, creatorTypeID: 9, orderIndex: 0, firstName: 'Andre', lastName: 'Esteva', fieldMode: 0 },
      { itemID: 1, creatorTypeID: 9, orderIndex: 1, firstName: '', lastName: 'Stanford AI Lab', fieldMode: 1 },
      { itemID: 2, creatorTypeID: 9, orderIndex: 0, firstName: 'Trevor', lastName: 'Hastie', fieldMode: 0 },
    ],
    deletedItems: [],
    collections: [],
    deletedCollections: [],
    collectionItems: [],
    itemTags: [],
    betterBibtex: [],
  };
}

function withLibrary(ws: Workspace): Workspace {
  return applyChange(ws, { zotero: { lookedFor: '/home/me/Zotero', data: readZoteroLibrary(rows(), 'file:///home/me/Zotero/zotero.sqlite') } });
}

/** Applies the edit of adding `key` to the file it targets; the new text, or the refusal. */
function add(fixture: string, doc: string, key: string): { text: string; target: string; before: string } | string {
  const built = build(fixture);
  const ws = withLibrary(built.ws);
  const result = addFromZotero(ws, built.uri(doc), key);
  if (!result.ok) return result.message;
  const file = result.files[0]!;
  const before = fileText(ws.bibs.get(file.uri)!);
  let text = before;
  for (const e of [...file.edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
  return { text, target: file.uri, before };
}

const bibtex = '%! refs.bib\n@article{known2020, title = {Known}, year = 2020}\n';

describe('Zotero items in completion, hover, diagnostics and quick fixes', () => {
  it('offers library items the bibliography lacks, marked, after the bibliography’s own', () => {
    const built = build(`%! a.md\n---\nbibliography: refs.bib\n---\n[@|]\n${bibtex}`);
    const ws = withLibrary(built.ws);
    const items = complete(ws, built.cursor!.uri, built.cursor!.offset)!.items;
    expect(items.map((i) => [i.key, !!i.zotero])).toEqual([
      ['known2020', false],
      ['esteva2017', true],
      ['hastie2009', true],
    ]);
    expect(items[1]?.description).toContain('from Zotero (My Library), not in refs.bib');
  });

  it('hovers a key only the library has, and says so; diagnoses it and offers to add it', () => {
    const built = build(`%! a.md\n---\nbibliography: refs.bib\n---\nSee [@esteva2017] and [@nowhere].\n${bibtex}`);
    const ws = withLibrary(built.ws);
    const uri = built.uri('a.md');
    const text = ws.docs.get(uri)!.text;
    expect(hover(ws, uri, text.indexOf('esteva2017') + 2)?.markdown).toMatch(/From Zotero \(My Library\), not in this document's bibliography/);
    const diags = diagnose(ws, uri);
    expect(diags.map((d) => d.message)).toEqual(["Unknown citation key 'esteva2017' (it is in your Zotero library, My Library: the quick fix adds it)", "Unknown citation key 'nowhere'"]);
    const actions = codeActions(ws, uri, diags[0]!.span, diags.slice(0, 1));
    expect(actions[0]).toMatchObject({ title: "Add 'esteva2017' from Zotero to refs.bib", preferred: true });
    expect(codeActions(ws, uri, diags[1]!.span, diags.slice(1)).map((a) => a.title)).not.toContain("Add 'nowhere' from Zotero");
  });
});

describe('adding a library item to the bibliography', () => {
  it('appends one BibTeX entry, leaving every existing byte in place', () => {
    const r = add(`%! a.md\n---\nbibliography: refs.bib\n---\n[@esteva2017]\n${bibtex}`, 'a.md', 'esteva2017');
    if (typeof r === 'string') throw new Error(r);
    expect(r.text.startsWith(r.before)).toBe(true);
    const read = readBibliography(r.target, r.text);
    expect(read.errors).toEqual([]);
    expect(read.entries.map((e) => e.key)).toEqual(['known2020', 'esteva2017']);
    const added = read.entries[1]!;
    expect(added.type).toBe('article');
    expect(added.fields.get('author')?.raw).toBe('Esteva, Andre and {Stanford AI Lab}');
    expect(added.fields.get('journal')?.raw).toBe('Nature');
    expect(added.fields.get('doi')?.raw).toBe('10.1038/nature21056');
    expect(added.fields.get('pages')?.raw).toBe('115--118');
  });

  it('appends to a CSL-JSON list (empty or not) and to CSL-YAML, in their own syntax', () => {
    for (const json of ['[\n  {"id": "known2020", "type": "book", "title": "Known"}\n]\n', '[]']) {
      const r = add(`%! a.md\n---\nbibliography: refs.json\n---\n[@hastie2009]\n%! refs.json\n${json}`, 'a.md', 'hastie2009');
      if (typeof r === 'string') throw new Error(r);
      const read = readBibliography(r.target, r.text);
      expect(read.errors).toEqual([]);
      expect(read.entries.at(-1)?.csl).toMatchObject({ id: 'hastie2009', type: 'book', title: 'The Elements of Statistical Learning', publisher: 'Springer', author: [{ family: 'Hastie', given: 'Trevor' }] });
    }
    for (const yaml of ['- id: known2020\n  type: book\n  title: Known\n', 'references:\n- id: known2020\n  type: book\n  title: Known\n', 'references:\n  - id: known2020\n    type: book\n']) {
      const r = add(`%! a.md\n---\nbibliography: refs.yaml\n---\n[@esteva2017]\n%! refs.yaml\n${yaml}`, 'a.md', 'esteva2017');
      if (typeof r === 'string') throw new Error(r);
      expect(r.text.startsWith(r.before)).toBe(true);
      const read = readBibliography(r.target, r.text);
      expect(read.errors).toEqual([]);
      expect(read.entries.map((e) => e.key)).toEqual(['known2020', 'esteva2017']);
      expect(read.entries[1]?.csl).toMatchObject({ 'container-title': 'Nature', issued: { 'date-parts': [[2017, 2]] } });
    }
  });

  it('refuses, with a reason and no edit, when the target is missing, ambiguous, unwritable or already has the key', () => {
    expect(add(`%! a.md\n[@esteva2017]\n%! one.bib\n@misc{x, title={X}}\n%! two.bib\n@misc{y, title={Y}}\n`, 'a.md', 'esteva2017')).toMatch(/names no bibliography and the workspace has 2/);
    expect(add(`%! a.md\n---\nbibliography: gone.bib\n---\n[@esteva2017]\n`, 'a.md', 'esteva2017')).toMatch(/gone\.bib does not exist/);
    expect(add(`%! a.md\n---\nbibliography: refs.ris\n---\n[@esteva2017]\n%! refs.ris\nTY  - BOOK\nID  - r1\nTI  - R\nER  - \n`, 'a.md', 'esteva2017')).toMatch(/does not write RIS/);
    expect(add(`%! a.md\n---\nbibliography: refs.json\n---\n[@esteva2017]\n%! refs.json\n[{"id": "a", "type": "book"},\n`, 'a.md', 'esteva2017')).toMatch(/refs\.json/);
    expect(add(`%! a.md\n---\nbibliography: refs.yaml\n---\n[@esteva2017]\n%! refs.yaml\nreferences:\n- id: a\n  type: book\nlink-citations: true\n`, 'a.md', 'esteva2017')).toMatch(/not the last thing/);
    expect(add(`%! a.md\n---\nbibliography: refs.bib\n---\n[@known2020]\n${bibtex}`, 'a.md', 'known2020')).toMatch(/has it already/);
    expect(add(`%! a.md\n---\nbibliography: refs.bib\n---\n[@nowhere]\n${bibtex}`, 'a.md', 'nowhere')).toMatch(/does not/);
  });
});
