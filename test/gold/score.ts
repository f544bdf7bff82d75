// Scores parser output against a gold file: per-field precision and recall. Shared by the
// accuracy test and scripts/import-accuracy.mjs so both report the same figures.
import { tidyPages } from '../../server/src/core/refs/common';
import { parseReference } from '../../server/src/core/refs/parse';
import { normaliseDoi } from '../../server/src/core/refs/sameWork';
import type { ParsedReference, RefPerson, RefStyle } from '../../server/src/core/refs/types';

export interface GoldReference {
  text: string;
  style?: RefStyle;
  type?: string;
  authors?: RefPerson[];
  others?: boolean;
  title?: string;
  container?: string;
  editors?: RefPerson[];
  volume?: string;
  issue?: string;
  pages?: string;
  year?: string;
  publisher?: string;
  doi?: string;
  arxiv?: string;
  url?: string;
  annote?: string;
}

export const SCORED_FIELDS = ['type', 'authors', 'title', 'container', 'editors', 'volume', 'issue', 'pages', 'year', 'publisher', 'doi', 'arxiv', 'url', 'annote'] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

export interface FieldScore {
  field: ScoredField;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

// Typographic and straight apostrophes are the same character to a reader.
const fold = (s: string) => s.normalize('NFC').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();

function people(list: readonly RefPerson[] | undefined, others: boolean | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  const names = list.map((p) => (p.literal ? `{${fold(p.literal)}}` : `${fold([p.prefix, p.family].filter(Boolean).join(' ')).toLowerCase()}|${(p.initials ?? '').toUpperCase()}`));
  return names.join('; ') + (others ? '; others' : '');
}

/** The comparable value of one field, or undefined when absent. */
function valueOf(ref: GoldReference | ParsedReference, field: ScoredField): string | undefined {
  switch (field) {
    case 'authors': return people(ref.authors, ref.others);
    case 'editors': return people(ref.editors, 'editorsOthers' in ref ? ref.editorsOthers : undefined);
    // "703–15" and "703–715" are the same pages: the gold keeps the bibliography's form, which the
    // rendered text may not show, so both sides are compared expanded.
    case 'pages': return ref.pages ? tidyPages(ref.pages) : undefined;
    // Some bibliographies file the DOI as its URL ("https://doi.org/10.1145/…"); the DOI is the same.
    case 'doi': return ref.doi ? normaliseDoi(ref.doi) : undefined;
    // The gold's types are the bibliography's: a thesis of any degree is "thesis", and an arXiv
    // preprint filed as a journal article is, as the importer writes it, a misc entry.
    case 'type': {
      const t = ref.type;
      if (!t) return undefined;
      if (t === 'phdthesis' || t === 'mastersthesis') return 'thesis';
      return t === 'article' && /\barxiv\b/i.test(`${ref.container ?? ''} ${ref.text}`) && !ref.volume ? 'misc' : t;
    }
    default: {
      const v = ref[field];
      if (typeof v !== 'string' || !v.trim()) return undefined;
      // Styles change the case of titles and of journal and book titles (APA and Chicago print
      // "arXiv Preprint"); the case is not information the reference carries.
      // Renderers also turn quotes inside a title single or double as they nest ("‘Small Town’"
      // for "“Small Town”"), and may space a closing question mark: typography, not information.
      if (field === 'title') return fold(v).toLowerCase().replace(/[“”"„«»]/g, "'").replace(/[\s.?!]+$/, '');
      // "J. Neurosci." and "J Neurosci" name the same journal; the gold takes the periods from the
      // bibliography's short title even where the rendered text drops them.
      return field === 'container' ? fold(v).toLowerCase().replace(/\.(?=\s|$)/g, '') : fold(v);
    }
  }
}

export function score(gold: readonly GoldReference[], style: 'auto' | RefStyle): { fields: FieldScore[]; misses: { text: string; field: ScoredField; got?: string; want?: string }[] } {
  const counts = new Map<ScoredField, { tp: number; fp: number; fn: number }>(SCORED_FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
  const misses: { text: string; field: ScoredField; got?: string; want?: string }[] = [];
  for (const g of gold) {
    // Editors of Nature-style "(eds Aroyo, L. et al.)" carry no `others` in the gold when absent.
    const parsed = parseReference(g.text, g.style ?? style);
    for (const field of SCORED_FIELDS) {
      const c = counts.get(field) as { tp: number; fp: number; fn: number };
      const want = valueOf(g, field);
      const got = valueOf(parsed, field);
      if (want !== undefined && got === want) c.tp++;
      else {
        if (got !== undefined) c.fp++;
        if (want !== undefined) c.fn++;
        if (got !== want) misses.push({ text: g.text, field, got, want });
      }
    }
  }
  const fields = SCORED_FIELDS.map((field) => {
    const { tp, fp, fn } = counts.get(field) as { tp: number; fp: number; fn: number };
    return { field, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
  });
  return { fields, misses };
}
