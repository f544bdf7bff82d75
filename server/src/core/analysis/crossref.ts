// Field inheritance between entries: BibTeX/BibLaTeX `crossref` and BibLaTeX `xdata`.
// Pure and core-only: takes entries, returns new entries; the originals are never changed.
import type { ParseError } from '../model/types';
import { fieldSpan, type BibEntry, type BibField } from '../model/entry';

/** A reference to a missing entry; `file` and `key` say which entry holds the broken reference. */
export interface InheritanceError extends ParseError {
  file: string;
  key: string;
}

export interface Inheritance {
  /** Same order as the input; entries that inherit nothing are the very same objects. */
  entries: BibEntry[];
  errors: InheritanceError[];
}

/** Fields a child never inherits (biber's defaults for every type pair). */
const neverInherited = new Set([
  'ids', 'crossref', 'xref', 'xdata', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort',
  'related', 'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey',
]);

type Mapping = Record<string, string[]>;

const asBooktitle: Mapping = {
  title: ['booktitle'], subtitle: ['booksubtitle'], titleaddon: ['booktitleaddon'],
  shorttitle: [], sorttitle: [], indextitle: [], indexsorttitle: [],
};
const asMaintitle: Mapping = {
  title: ['maintitle'], subtitle: ['mainsubtitle'], titleaddon: ['maintitleaddon'],
  shorttitle: [], sorttitle: [], indextitle: [], indexsorttitle: [],
};
const asJournal: Mapping = {
  title: ['journaltitle'], subtitle: ['journalsubtitle'],
  shorttitle: [], sorttitle: [], indextitle: [], indexsorttitle: [],
};

/** BibLaTeX's special inheritance rules (manual, appendix B): parent types -> child types -> mapping. */
const rules: { parents: string[]; children: string[]; mapping: Mapping }[] = [
  { parents: ['mvbook', 'book'], children: ['inbook', 'bookinbook', 'suppbook'], mapping: { author: ['author', 'bookauthor'] } },
  { parents: ['mvbook'], children: ['book', 'inbook', 'bookinbook', 'suppbook'], mapping: asMaintitle },
  { parents: ['mvcollection', 'mvreference'], children: ['collection', 'reference', 'incollection', 'inreference', 'suppcollection'], mapping: asMaintitle },
  { parents: ['mvproceedings'], children: ['proceedings', 'inproceedings'], mapping: asMaintitle },
  { parents: ['book'], children: ['inbook', 'bookinbook', 'suppbook'], mapping: asBooktitle },
  { parents: ['collection', 'reference'], children: ['incollection', 'inreference', 'suppcollection'], mapping: asBooktitle },
  { parents: ['proceedings'], children: ['inproceedings'], mapping: asBooktitle },
  { parents: ['periodical'], children: ['article', 'suppperiodical'], mapping: asJournal },
];

function mappingFor(parent: string, child: string): Mapping {
  const merged: Mapping = {};
  for (const rule of rules) {
    if (rule.parents.includes(parent) && rule.children.includes(child)) Object.assign(merged, rule.mapping);
  }
  return merged;
}

/**
 * Returns the entries with the fields they inherit through `crossref` (chains allowed) and `xdata`
 * (comma-separated, chains allowed) added after their own fields, without spans. A child's own
 * fields always win; cycles are cut; a missing parent leaves the entry as it is and is reported
 * (code `bib.missing-crossref` / `bib.missing-xdata`).
 */
export function resolveInheritance(entries: readonly BibEntry[]): Inheritance {
  const byKey = new Map<string, BibEntry>();
  for (const e of entries) if (!byKey.has(e.key)) byKey.set(e.key, e);
  let byLowerKey: Map<string, BibEntry> | undefined;
  const lowerKeys = () => {
    if (!byLowerKey) {
      byLowerKey = new Map();
      for (const e of entries) {
        const lower = e.key.toLowerCase();
        if (!byLowerKey.has(lower)) byLowerKey.set(lower, e);
      }
    }
    return byLowerKey;
  };
  // BibTeX compares crossref keys case-insensitively; an exact match is preferred.
  const find = (key: string) => byKey.get(key) ?? lowerKeys().get(key.toLowerCase());
  const errors: InheritanceError[] = [];
  const done = new Map<BibEntry, BibEntry>();

  const resolve = (entry: BibEntry, visiting: Set<BibEntry>): BibEntry => {
    const cached = done.get(entry);
    if (cached) return cached;
    if (visiting.has(entry)) return entry;
    visiting.add(entry);
    const xdata = entry.fields.get('xdata');
    const crossref = entry.fields.get('crossref');
    let fields: Map<string, BibField> | undefined;
    const add = (name: string, raw: string) => {
      fields ??= new Map(entry.fields);
      if (!fields.has(name)) fields.set(name, { name, raw });
    };
    if (xdata) {
      for (const key of xdataKeys(xdata)) {
        const source = find(key);
        if (!source) {
          report(errors, entry, xdata, `xdata entry '${key}' not found`, 'bib.missing-xdata');
          continue;
        }
        if (visiting.has(source)) continue;
        for (const f of resolve(source, visiting).fields.values()) if (!neverInherited.has(f.name)) add(f.name, f.raw);
      }
    }
    if (crossref && crossref.raw.trim()) {
      const key = crossref.raw.trim();
      const parent = find(key);
      if (!parent) report(errors, entry, crossref, `crossref entry '${key}' not found`, 'bib.missing-crossref');
      else if (!visiting.has(parent)) {
        const resolved = resolve(parent, visiting);
        const mapping = mappingFor(parent.type, entry.type);
        for (const f of resolved.fields.values()) {
          if (neverInherited.has(f.name)) continue;
          const targets = mapping[f.name] ?? [f.name];
          for (const target of targets) add(target, f.raw);
        }
      }
    }
    visiting.delete(entry);
    const result = fields && fields.size > entry.fields.size ? { ...entry, fields } : entry;
    done.set(entry, result);
    return result;
  };

  // Most entries name no parent and stay as they are; only children pay for resolution.
  const inherits = (e: BibEntry) => e.fields.has('crossref') || e.fields.has('xdata');
  return { entries: entries.map((e) => (inherits(e) ? resolve(e, new Set()) : e)), errors };
}

/** The keys an `xdata` field names: a comma-separated list. */
export function xdataKeys(field: BibField): string[] {
  return field.raw.split(',').map((k) => k.trim()).filter(Boolean);
}

function report(errors: InheritanceError[], entry: BibEntry, field: BibField, message: string, code: string): void {
  errors.push({ span: fieldSpan(field) ?? entry.keySpan, message: `${message} (referenced by '${entry.key}')`, code, file: entry.file, key: entry.key });
}
