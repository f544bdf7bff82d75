// Field inheritance between entries: BibTeX/BibLaTeX `crossref` and BibLaTeX `xdata`.
// Pure and core-only: takes entries, returns new entries; the originals are never changed.
import type { ParseError } from '../model/types';
import { fieldSpan, type BibEntry, type BibField } from '../model/entry';

/** A reference to a missing entry or a cut chain; `file` and `key` say which entry holds the reference. */
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
 * The longest chain of ancestors an entry inherits through. Real libraries nest two or three levels
 * (an inproceedings, its proceedings, an mvproceedings); the cap bounds the fields a hostile chain of
 * thousands of entries could copy into each of them (quadratic otherwise).
 */
export const maxChain = 64;

/**
 * Returns the entries with the fields they inherit through `crossref` (chains allowed) and `xdata`
 * (comma-separated, chains allowed) added after their own fields, without spans. A child's own
 * fields always win; cycles are cut; a missing parent leaves the entry as it is and is reported
 * (code `bib.missing-crossref` / `bib.missing-xdata`); a chain longer than `maxChain` is cut
 * (code `bib.limit`). The walk keeps its own stack, so no chain can overflow the call stack.
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
  const inherits = (e: BibEntry) => e.fields.has('crossref') || e.fields.has('xdata');
  const crossrefKey = (e: BibEntry) => e.fields.get('crossref')?.raw.trim() ?? '';
  const errors: InheritanceError[] = [];
  /** Resolved entries, with how many levels of ancestors they took fields from. */
  const done = new Map<BibEntry, { entry: BibEntry; depth: number }>();
  const onStack = new Set<BibEntry>();

  /** The entries `entry` takes fields from, xdata sources first, as they are looked up (missing ones left out). */
  const parentsOf = (entry: BibEntry): BibEntry[] => {
    const out: BibEntry[] = [];
    const xdata = entry.fields.get('xdata');
    for (const key of xdata ? xdataKeys(xdata) : []) {
      const source = find(key);
      if (source) out.push(source);
    }
    const key = crossrefKey(entry);
    const parent = key ? find(key) : undefined;
    if (parent) out.push(parent);
    return out;
  };

  /** Builds the resolved entry once every parent is resolved (or is an ancestor on the stack: a cycle, cut). */
  const merge = (entry: BibEntry): { entry: BibEntry; depth: number } => {
    let fields: Map<string, BibField> | undefined;
    let depth = 0;
    const add = (name: string, raw: string) => {
      fields ??= new Map(entry.fields);
      if (!fields.has(name)) fields.set(name, { name, raw });
    };
    /** The parent's resolution, or undefined when following it would make the chain too long. */
    const take = (parent: BibEntry, field: BibField) => {
      const resolved = done.get(parent) ?? { entry: parent, depth: 0 };
      if (resolved.depth + 1 > maxChain) {
        report(errors, entry, field, `Entry '${entry.key}' inherits through a chain of more than ${maxChain} entries; '${parent.key}' and what it inherits are not followed`, 'bib.limit');
        return undefined;
      }
      depth = Math.max(depth, resolved.depth + 1);
      return resolved.entry;
    };
    const xdata = entry.fields.get('xdata');
    for (const key of xdata ? xdataKeys(xdata) : []) {
      const source = find(key);
      if (!source) {
        report(errors, entry, xdata as BibField, `Entry '${entry.key}' takes data from '${key}', which is not defined`, 'bib.missing-xdata');
        continue;
      }
      if (onStack.has(source)) continue;
      const resolved = take(source, xdata as BibField);
      for (const f of resolved?.fields.values() ?? []) if (!neverInherited.has(f.name)) add(f.name, f.raw);
    }
    const crossref = entry.fields.get('crossref');
    const key = crossrefKey(entry);
    if (crossref && key) {
      const parent = find(key);
      if (!parent) report(errors, entry, crossref, `Entry '${entry.key}' inherits from '${key}', which is not defined`, 'bib.missing-crossref');
      else if (!onStack.has(parent)) {
        const resolved = take(parent, crossref);
        const mapping = resolved ? mappingFor(parent.type, entry.type) : {};
        for (const f of resolved?.fields.values() ?? []) {
          if (neverInherited.has(f.name)) continue;
          const targets = mapping[f.name] ?? [f.name];
          for (const target of targets) add(target, f.raw);
        }
      }
    }
    return { entry: fields && fields.size > entry.fields.size ? { ...entry, fields } : entry, depth };
  };

  /** Depth-first, parents before children, with an explicit stack. */
  const visit = (root: BibEntry) => {
    const stack = [{ entry: root, parents: parentsOf(root), next: 0 }];
    onStack.add(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (top.next < top.parents.length) {
        const parent = top.parents[top.next++] as BibEntry;
        if (!done.has(parent) && !onStack.has(parent) && inherits(parent)) {
          onStack.add(parent);
          stack.push({ entry: parent, parents: parentsOf(parent), next: 0 });
        }
        continue;
      }
      stack.pop();
      done.set(top.entry, merge(top.entry));
      onStack.delete(top.entry);
    }
  };

  // Most entries name no parent and stay as they are; only children pay for resolution.
  return {
    entries: entries.map((e) => {
      if (!inherits(e)) return e;
      if (!done.has(e)) visit(e);
      return (done.get(e) as { entry: BibEntry }).entry;
    }),
    errors,
  };
}

/** The keys an `xdata` field names: a comma-separated list. */
export function xdataKeys(field: BibField): string[] {
  return field.raw.split(',').map((k) => k.trim()).filter(Boolean);
}

function report(errors: InheritanceError[], entry: BibEntry, field: BibField, message: string, code: string): void {
  errors.push({ span: fieldSpan(entry, field) ?? entry.keySpan, message, code, file: entry.file, key: entry.key });
}
