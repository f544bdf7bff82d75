// overview(): the picture a review's writer wants before submission — how the bibliography
// spreads over themes and years, how much of each theme the manuscript (its whole compilation
// unit) cites, and which themes it does not cite at all. Plain numbers; the client draws them.
import { entryYear, entryTitle, authorLabel } from '../syntax/bib/fields';
import type { BibEntry } from '../model/entry';
import { uriBasename } from '../model/uri';
import { isManuscript, type Workspace } from '../model/workspace';
import { compilationUnit } from '../analysis/unit';
import { citedKeys } from './citedKeys';
import { fullTree, type FullGroup } from './themeTree';

export interface OverviewParams {
  /** The manuscript whose citations are counted; without it (or for a .bib) nothing counts as cited. */
  uri?: string;
}

export interface OverviewTheme {
  /** The sidebar's group id (a path of ids), so the client can reveal it. */
  id: string;
  name: string;
  /** Distinct entries in the theme and its sub-themes. */
  entries: number;
  cited: number;
  /** Nesting depth: 0 for top-level themes. */
  depth: number;
}

export interface OverviewYear {
  /** Four digits, or '' for entries without a year. */
  year: string;
  entries: number;
  cited: number;
}

export interface UncitedTheme {
  id: string;
  name: string;
  entries: number;
  /** A few of its works (`Author Year — Title`), the most recent first, to show what is left out. */
  examples: { key: string; label: string }[];
}

export interface OverviewResult {
  /** File names of the manuscript's compilation unit (main.tex and its chapters, a book's chapters); empty without a manuscript. */
  unit: string[];
  entries: number;
  cited: number;
  /** Keys the unit cites that no bibliography defines. */
  unknown: string[];
  themes: OverviewTheme[];
  years: OverviewYear[];
  /** Themes (at any depth) with two or more entries of which the manuscript cites none; not their sub-themes again. */
  uncited: UncitedTheme[];
}

/** How many works an uncited theme shows as examples. */
const exampleCount = 3;

export function overview(ws: Workspace, params: OverviewParams): OverviewResult {
  const doc = params.uri ? ws.docs.get(params.uri) : undefined;
  const manuscript = doc && isManuscript(doc.lang) ? doc.uri : undefined;
  const { index, groups } = fullTree(ws, { groupBy: 'theme', ...(params.uri ? { uri: params.uri } : {}) });
  const citedList = manuscript ? citedKeys(ws, manuscript) : [];
  const cited = new Set(citedList.filter((k) => index.lookup(k) !== undefined).map((k) => index.lookup(k)?.key ?? k));
  const themes: OverviewTheme[] = [];
  const uncited: UncitedTheme[] = [];
  const walk = (g: FullGroup, depth: number, underUncited: boolean) => {
    const keys = new Set<string>();
    const entries: BibEntry[] = [];
    collect(g, keys, entries);
    const hits = [...keys].filter((k) => cited.has(k)).length;
    themes.push({ id: g.id, name: g.label, entries: keys.size, cited: hits, depth });
    const none = manuscript !== undefined && hits === 0 && keys.size >= 2;
    if (none && !underUncited) uncited.push({ id: g.id, name: g.label, entries: keys.size, examples: examples(entries) });
    for (const c of g.groups) walk(c, depth + 1, underUncited || none);
  };
  for (const g of groups) walk(g, 0, false);
  return {
    unit: manuscript ? compilationUnit(ws, manuscript).map(uriBasename) : [],
    entries: index.resolved.length,
    cited: cited.size,
    unknown: citedList.filter((k) => index.lookup(k) === undefined),
    themes,
    years: years(index.resolved, cited),
    uncited: uncited.sort((a, b) => b.entries - a.entries),
  };
}

function collect(g: FullGroup, keys: Set<string>, out: BibEntry[]): void {
  for (const e of g.entries) if (!keys.has(e.key)) (keys.add(e.key), out.push(e));
  for (const c of g.groups) collect(c, keys, out);
}

function examples(entries: readonly BibEntry[]): { key: string; label: string }[] {
  return [...entries]
    .sort((a, b) => entryYear(b).localeCompare(entryYear(a)) || a.key.localeCompare(b.key))
    .slice(0, exampleCount)
    .map((e) => ({ key: e.key, label: `${authorLabel(e) || e.key}${entryYear(e) ? ` ${entryYear(e)}` : ''} — ${entryTitle(e) || e.key}` }));
}

/** Beyond this many years, empty years are left out: a chart of two centuries of mostly gaps reads as nothing. */
const maxYearSpan = 80;

/** One row per year from the earliest to the latest (gaps included, so a chart's axis is even), then entries without a year. */
function years(entries: readonly BibEntry[], cited: ReadonlySet<string>): OverviewYear[] {
  const byYear = new Map<string, OverviewYear>();
  for (const e of entries) {
    const y = /^\d{4}$/.test(entryYear(e)) ? entryYear(e) : '';
    const row = byYear.get(y) ?? { year: y, entries: 0, cited: 0 };
    row.entries++;
    if (cited.has(e.key)) row.cited++;
    byYear.set(y, row);
  }
  const known = [...byYear.keys()].filter((y) => y !== '').map(Number);
  const out: OverviewYear[] = [];
  if (known.length) {
    const [first, last] = [Math.min(...known), Math.max(...known)];
    for (let y = first; y <= last; y++) {
      const row = byYear.get(String(y));
      if (row) out.push(row);
      else if (last - first <= maxYearSpan) out.push({ year: String(y), entries: 0, cited: 0 });
    }
  }
  const none = byYear.get('');
  if (none) out.push(none);
  return out;
}
