// Turns parsed references into writable BibTeX entries and CSL-JSON items, and runs a whole
// pasted list through split -> parse -> key. Pure: the CLI and the data build script share it.
import type { WritableEntry, WritableField } from '../syntax/bib/bibtexWriter';
import { DEFAULT_KEY_PATTERN, makeKey } from '../syntax/bib/keys';
import { parseReference } from './parse';
import { addParsed, emptyWorkIndex, sameWork, type WorkIndex } from './sameWork';
import { ALREADY_THERE, LISTED_TWICE } from './skipped';
import { splitReferences } from './split';
import type { ParsedReference, RefField, RefStyle } from './types';

export interface ImportOptions {
  style?: 'auto' | RefStyle;
  keyPattern?: string;
  /** Keys already in the target bibliography; new keys never collide with them. */
  taken?: ReadonlySet<string>;
  /** Fields below this confidence are reported. */
  threshold?: number;
  /** Works already in the target bibliography (see sameWork.ts): a reference to one of them is skipped. */
  existing?: WorkIndex;
}

export interface ImportedReference {
  key: string;
  parsed: ParsedReference;
  entry: WritableEntry;
  lowConfidence: RefField[];
}

export interface ImportResult {
  imported: ImportedReference[];
  /** References kept out of the output, each with the reason in words. */
  skipped: SkippedReference[];
}

export interface SkippedReference {
  text: string;
  reason: string;
  /** The key of the work it duplicates, when that is why it was skipped. */
  duplicateOf?: string;
}

export function importReferences(text: string, options: ImportOptions = {}): ImportResult {
  const taken = new Set(options.taken ?? []);
  const imported: ImportedReference[] = [];
  const skipped: SkippedReference[] = [];
  const known = options.existing ?? emptyWorkIndex();
  const listed = emptyWorkIndex();
  let previous: ParsedReference | undefined;
  for (const { text: refText } of splitReferences(text).refs) {
    const parsed = parseReference(refText, options.style ?? 'auto');
    repeatAuthors(parsed, previous);
    previous = parsed;
    if (!parsed.title && !parsed.container) {
      skipped.push({ text: refText, reason: 'no title recognised' });
      continue;
    }
    const there = sameWork(parsed, known);
    if (there) {
      skipped.push({ text: refText, reason: `${ALREADY_THERE} '${there}'`, duplicateOf: there });
      continue;
    }
    const twice = sameWork(parsed, listed);
    if (twice) {
      skipped.push({ text: refText, reason: `${LISTED_TWICE} '${twice}' above`, duplicateOf: twice });
      continue;
    }
    const key = makeKey(parsed, options.keyPattern ?? DEFAULT_KEY_PATTERN, taken);
    taken.add(key);
    addParsed(listed, parsed, key);
    const lowConfidence = (Object.entries(parsed.confidence) as [RefField, number][])
      .filter(([, c]) => c < (options.threshold ?? 0.6))
      .map(([f]) => f);
    imported.push({ key, parsed, entry: toBibtexEntry(parsed, key), lowConfidence });
  }
  return { imported, skipped };
}

/** A dash rule in place of the authors ("———.", Chicago and MLA) repeats the authors of the reference before. */
const REPEATED = /^(?:[—–‒―-]{2,}|_{2,})\.?,?$/;

function repeatAuthors(ref: ParsedReference, previous: ParsedReference | undefined): void {
  const first = ref.authors[0];
  if (!first?.literal || !REPEATED.test(first.literal.trim())) return;
  if (previous && previous.authors.length > 0 && !REPEATED.test(previous.authors[0]?.literal ?? '')) {
    ref.authors = previous.authors.map((p) => ({ ...p }));
    ref.others = previous.others;
    ref.notes.push('authors repeated from the reference before (a dash rule stands for them)');
  } else {
    ref.authors = [];
    ref.confidence.authors = 0;
    ref.notes.push('a dash rule stands for the authors of a reference that is not in the list');
  }
}

export function toBibtexEntry(ref: ParsedReference, key: string): WritableEntry {
  const fields: WritableField[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value) fields.push({ name, value });
  };
  if (ref.authors.length > 0) fields.push({ name: 'author', people: ref.authors, others: ref.others });
  add('title', ref.title);
  const containerField = ref.type === 'article' ? 'journal' : ref.type === 'inproceedings' || ref.type === 'incollection' ? 'booktitle' : undefined;
  if (containerField) add(containerField, ref.container);
  else if (ref.container) add('howpublished', ref.container);
  if (ref.editors.length > 0) fields.push({ name: 'editor', people: ref.editors, others: ref.editorsOthers });
  add('volume', ref.volume);
  add('number', ref.issue);
  add('pages', ref.pages);
  add('year', ref.year);
  if (ref.type === 'report') add('institution', ref.publisher);
  else if (ref.type === 'phdthesis' || ref.type === 'mastersthesis') add('school', ref.publisher);
  else if (ref.type === 'misc' || ref.type === 'online') add(ref.type === 'online' ? 'organization' : 'howpublished', ref.publisher);
  else add('publisher', ref.publisher);
  add('doi', ref.doi);
  if (ref.arxiv) {
    add('eprint', ref.arxiv);
    add('eprinttype', 'arxiv');
  }
  add('url', ref.url);
  add('annote', ref.annote);
  return { key, type: ref.type, fields };
}

const CSL_TYPES: Record<ParsedReference['type'], string> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  incollection: 'chapter',
  book: 'book',
  report: 'report',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  misc: 'article',
  online: 'webpage',
};

export function toCslItem(ref: ParsedReference, key: string): Record<string, unknown> {
  const people = (list: ParsedReference['authors']) =>
    list.map((p) => (p.literal ? { literal: p.literal } : { family: p.family, ...(p.given ? { given: p.given } : {}), ...(p.prefix ? { 'non-dropping-particle': p.prefix } : {}) }));
  const item: Record<string, unknown> = { id: key, type: CSL_TYPES[ref.type] };
  if (ref.authors.length > 0) item.author = people(ref.authors);
  if (ref.editors.length > 0) item.editor = people(ref.editors);
  if (ref.title) item.title = ref.title;
  if (ref.container) item['container-title'] = ref.container;
  if (ref.volume) item.volume = ref.volume;
  if (ref.issue) item.issue = ref.issue;
  if (ref.pages) item.page = ref.pages.replace(/–/g, '-');
  if (ref.year) item.issued = { 'date-parts': [[Number(ref.year)]] };
  if (ref.publisher) item.publisher = ref.publisher;
  if (ref.doi) item.DOI = ref.doi;
  if (ref.url) item.URL = ref.url;
  if (ref.annote) item.note = ref.annote;
  return item;
}
