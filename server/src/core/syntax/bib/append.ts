// appendEntry(): the text that adds one entry at the end of a bibliography in that file's own
// format (BibTeX, CSL-JSON or CSL-YAML), as one insertion that leaves every existing byte where it
// is, or the reason it cannot be done safely. Pure.
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import type { BibEntry, BibFile, Person } from '../../model/entry';
import type { Span } from '../../model/types';
import { endsWithNewline, fileLength, fileText, isBlankText } from '../../model/fileText';
import { writeBibtex, type WritableField } from './bibtexWriter';
import type { CslName } from './cslItem';

export type Insertion = { span: Span; newText: string } | { problem: string };

export function appendEntry(file: BibFile, entry: BibEntry): Insertion {
  if (file.format === 'bibtex') return appendBibtex(file, entry);
  if (file.format === 'csl-json') return appendCslJson(file, entry);
  if (file.format === 'csl-yaml') return appendCslYaml(file, entry);
  return { problem: `Citelens does not write ${file.format === 'ris' ? 'RIS' : 'Hayagriva'} files` };
}

/** The CSL item of an entry, with the key as its id and nothing Citelens made up for itself. */
export function cslOf(entry: BibEntry): Record<string, unknown> {
  const { id: _id, ...rest } = entry.csl ?? {};
  void _id;
  const item: Record<string, unknown> = { id: entry.key, ...rest };
  delete item['citation-key'];
  return item;
}

// CSL name variables -> BibTeX name fields; other BibTeX name fields are not written.
const people: [string, string][] = [
  ['author', 'author'],
  ['editor', 'editor'],
  ['translator', 'translator'],
  ['container-author', 'bookauthor'],
];
const nameFields = new Set(['author', 'editor', 'translator', 'bookauthor', 'editora', 'director', 'composer', 'interviewer', 'recipient', 'reviewedauthor', 'collectioneditor']);
// Fields that are the library's own bookkeeping rather than the work's description.
const skipped = new Set(['note', 'keywords']);

function person(name: CslName): Person | undefined {
  if (name.literal) return { family: name.literal, literal: name.literal };
  if (!name.family) return name.given ? { family: name.given, literal: name.given } : undefined;
  const prefix = [name['dropping-particle'], name['non-dropping-particle']].filter(Boolean).join(' ');
  return { family: name.family, ...(name.given ? { given: name.given } : {}), ...(prefix ? { prefix } : {}), ...(name.suffix ? { suffix: name.suffix } : {}) };
}

function appendBibtex(file: BibFile, entry: BibEntry): Insertion {
  const csl = entry.csl ?? {};
  const fields: WritableField[] = [];
  for (const [variable, field] of people) {
    const list = Array.isArray(csl[variable]) ? (csl[variable] as CslName[]).map(person).filter((p): p is Person => p !== undefined) : [];
    if (list.length) fields.push({ name: field, people: list });
  }
  for (const f of entry.fields.values()) {
    if (nameFields.has(f.name) || skipped.has(f.name)) continue;
    fields.push({ name: f.name, value: f.raw });
  }
  const text = writeBibtex([{ key: entry.key, type: entry.type, fields }]);
  const end = fileLength(file);
  const lead = endsWithNewline(file) ? '' : '\n';
  const gap = end > 0 && !isBlankText(file) ? '\n' : '';
  return { span: { start: end, end }, newText: `${lead}${gap}${text}` };
}

function appendCslJson(file: BibFile, entry: BibEntry): Insertion {
  if (file.errors.some((e) => e.code === 'bib.syntax')) return { problem: 'it does not read as CSL-JSON (fix its syntax first)' };
  const text = fileText(file);
  let close = text.length - 1;
  while (close >= 0 && /\s/.test(text[close] ?? '')) close--;
  if (text[close] !== ']') return { problem: 'it is not a JSON list of items' };
  let before = close - 1;
  while (before >= 0 && /\s/.test(text[before] ?? '')) before--;
  const json = JSON.stringify(cslOf(entry), null, 2).replace(/\n/g, '\n  ');
  // An empty list gets the item inside it; otherwise it follows the last item, after a comma.
  if (text[before] === '[') return { span: { start: before + 1, end: before + 1 }, newText: `\n  ${json}\n` };
  return { span: { start: before + 1, end: before + 1 }, newText: `,\n  ${json}` };
}

function appendCslYaml(file: BibFile, entry: BibEntry): Insertion {
  const text = fileText(file);
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length) return { problem: 'it is not one YAML document Citelens can read' };
  const doc = docs[0]!;
  const item = yamlItem(cslOf(entry));
  const end = text.length;
  const lead = end === 0 || text.endsWith('\n') ? '' : '\n';
  const contents = doc.contents;
  // A document end marker (`...`) or a trailing comment block would put the new item after it.
  if (/^\.\.\.\s*$/m.test(text)) return { problem: 'it ends with a YAML document end marker' };
  if (isSeq(contents) && !contents.flow) return { span: { start: end, end }, newText: `${lead}${indent(item, seqIndent(text, /^/))}` };
  if (isMap(contents)) {
    const last = contents.items[contents.items.length - 1];
    const key = last && typeof last.key === 'object' && last.key && 'value' in last.key ? String((last.key as { value: unknown }).value) : undefined;
    if (key === 'references' && isSeq(last?.value) && !last.value.flow) {
      return { span: { start: end, end }, newText: `${lead}${indent(item, seqIndent(text, /^references:\s*$/m))}` };
    }
    return { problem: 'its references list is not the last thing in the file, so appending would put the entry outside it' };
  }
  return { problem: 'it is not a YAML list of items' };
}

/** The indentation of the first `- ` item after `after` (none for a top-level list). */
function seqIndent(text: string, after: RegExp): string {
  const m = after.exec(text);
  const rest = m ? text.slice(m.index + m[0].length) : text;
  return /^([ \t]*)- /m.exec(rest)?.[1] ?? (m && m[0] ? '  ' : '');
}

function indent(block: string, by: string): string {
  return block
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

/** One item as a YAML list element, in the block style CSL-YAML files use. */
function yamlItem(item: Record<string, unknown>): string {
  const lines: string[] = [];
  const scalar = (v: unknown) => JSON.stringify(v);
  const write = (value: unknown, pad: string, key: string, first: boolean) => {
    const head = `${first ? '- ' : pad}${key}:`;
    if (Array.isArray(value)) {
      lines.push(head);
      for (const v of value) {
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          Object.entries(v as Record<string, unknown>).forEach(([k, x], i) => lines.push(`${pad}  ${i === 0 ? '- ' : '  '}${k}: ${Array.isArray(x) ? JSON.stringify(x) : scalar(x)}`));
        } else lines.push(`${pad}  - ${Array.isArray(v) ? JSON.stringify(v) : scalar(v)}`);
      }
    } else if (value && typeof value === 'object') {
      lines.push(head);
      for (const [k, x] of Object.entries(value as Record<string, unknown>)) lines.push(`${pad}  ${k}: ${JSON.stringify(x)}`);
    } else lines.push(`${head} ${scalar(value)}`);
  };
  Object.entries(item).forEach(([k, v], i) => write(v, '  ', k, i === 0));
  return `${lines.join('\n')}\n`;
}
