// The one rule that decides whether an imported reference is a work the bibliography already
// holds: the same DOI, or, where either side has no DOI, the same normalised title, year and
// first author's family name (an entry that names nobody is matched on title and year). The CLI
// and the editor both ask it. Pure.
import type { BibEntry } from '../model/entry';
import { entryPeople, entryTitle, entryYear, fieldText, foldForSearch } from '../syntax/bib/fields';
import type { ParsedReference } from './types';

export interface WorkIndex {
  byDoi: Map<string, string>;
  /** By normalised title and year: the works with that title, with their DOI and first author. */
  byTitle: Map<string, { key: string; doi: string; family: string }[]>;
}

export function normaliseDoi(doi: string | undefined): string {
  return (doi ?? '').trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').toLowerCase();
}

const norm = (s: string) => foldForSearch(s).replace(/[^a-z0-9]+/g, ' ').trim();

/** Title and year, lower-cased, accents and punctuation dropped. */
export function titleKey(title: string, year: string): string {
  return `${norm(title)}|${year.trim()}`;
}

export function emptyWorkIndex(): WorkIndex {
  return { byDoi: new Map(), byTitle: new Map() };
}

function add(index: WorkIndex, key: string, doi: string, title: string, year: string, family: string): void {
  if (doi && !index.byDoi.has(doi)) index.byDoi.set(doi, key);
  if (!title.trim()) return;
  const t = titleKey(title, year);
  const list = index.byTitle.get(t) ?? [];
  list.push({ key, doi, family: norm(family) });
  index.byTitle.set(t, list);
}

export function indexEntries(entries: readonly BibEntry[]): WorkIndex {
  const index = emptyWorkIndex();
  for (const e of entries) {
    const first = entryPeople(e).people[0];
    add(index, e.key, normaliseDoi(fieldText(e, 'doi')), entryTitle(e), entryYear(e), first?.literal ?? first?.family ?? '');
  }
  return index;
}

function parsedFamily(ref: ParsedReference): string {
  // The family name without its particle: readers split "van der Haak" differently.
  const first = ref.authors[0];
  return first?.literal ?? first?.family ?? '';
}

/** The key of the work `ref` already is in `index`, if any. Two different DOIs are two works, whatever their titles. */
export function sameWork(ref: ParsedReference, index: WorkIndex): string | undefined {
  const doi = normaliseDoi(ref.doi);
  if (doi && index.byDoi.has(doi)) return index.byDoi.get(doi);
  if (!ref.title) return undefined;
  const family = norm(parsedFamily(ref));
  const hit = (index.byTitle.get(titleKey(ref.title, ref.year ?? '')) ?? []).find(
    (w) => (!w.family || !family || w.family === family) && !(doi && w.doi && w.doi !== doi),
  );
  return hit?.key;
}

/** Records an imported reference, so the same work later in one pasted list is caught too. */
export function addParsed(index: WorkIndex, ref: ParsedReference, key: string): void {
  add(index, key, normaliseDoi(ref.doi), ref.title ?? '', ref.year ?? '', parsedFamily(ref));
}
