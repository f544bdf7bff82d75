// The fixed parts of the import evaluation: which CSL styles, how they are split into a
// development and a held-back part, and what the truth of a rendered reference is. Shared by
// scripts/build-import-eval.mjs (which renders) and scripts/import-accuracy.mjs (which scores).
import { createHash } from 'node:crypto';

/**
 * Independent CSL styles, chosen as the parents most dependent styles of the CSL repository
 * point to, plus the general-purpose styles of the humanities and the big medical journals.
 * Families: author-date, numeric and note.
 */
export const STYLES = [
  'apa', 'apa-6th-edition', 'chicago-author-date', 'chicago-note-bibliography', 'chicago-fullnote-bibliography',
  'modern-language-association', 'modern-humanities-research-association', 'harvard-cite-them-right', 'elsevier-harvard',
  'elsevier-with-titles', 'elsevier-vancouver', 'springer-basic-author-date', 'springer-basic-brackets',
  'springer-vancouver-brackets', 'springer-socpsych-author-date', 'springer-mathphys-brackets',
  'springer-humanities-author-date', 'springer-lecture-notes-in-computer-science', 'taylor-and-francis-chicago-author-date',
  'taylor-and-francis-national-library-of-medicine', 'american-medical-association', 'multidisciplinary-digital-publishing-institute',
  'ieee', 'vancouver', 'vancouver-superscript', 'karger-journals', 'institute-of-physics-numeric', 'mary-ann-liebert-vancouver',
  'biomed-central', 'american-chemical-society', 'bmj', 'frontiers', 'royal-society-of-chemistry',
  'association-for-computing-machinery', 'nature', 'copernicus-publications', 'american-society-of-civil-engineers', 'cell',
  'the-lancet', 'science', 'plos', 'pnas', 'american-physics-society', 'american-institute-of-physics',
  'american-sociological-association', 'american-political-science-association', 'the-new-england-journal-of-medicine',
  'annual-reviews', 'council-of-science-editors', 'cambridge-university-press-author-date', 'iso690-author-date-en',
];

/**
 * More independent styles, added later to widen the development part only: they never enter
 * the hash split below, so no style moves between the parts and the held-back part stays as it
 * was. Chosen from families the held-back part does not hold (no APA, Chicago-note, IEEE,
 * Vancouver, AMA, PLOS or Springer-basic variant): geosciences, ecology, statistics, linguistics,
 * German and ISO numeric layouts, optics, book publishers.
 */
export const EXTRA_DEV_STYLES = [
  'american-anthropological-association', 'american-meteorological-society', 'american-geophysical-union',
  'american-society-for-microbiology', 'ecology', 'din-1505-2', 'iso690-numeric-en', 'institute-of-mathematical-statistics',
  'wiley-vch-books', 'sage-harvard', 'unified-style-sheet-for-linguistics', 'the-journal-of-neuroscience', 'genetics',
  'spie-journals', 'cambridge-university-press-numeric', 'oxford-university-press-humsoc',
];

/**
 * The held-back third: styles ordered by the SHA-256 of their name, the last third held back.
 * Nobody chooses which styles land where, and adding a style moves few others.
 */
export function splitStyles(styles = STYLES) {
  const hash = (s) => createHash('sha256').update(s).digest('hex');
  const ordered = [...styles].sort((a, b) => (hash(a) < hash(b) ? -1 : 1));
  const cut = ordered.length - Math.floor(ordered.length / 3);
  return { dev: ordered.slice(0, cut).sort(), held: ordered.slice(cut).sort() };
}

const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘`]/g, "'").toLowerCase();
const squash = (s) => fold(s).replace(/[^\p{L}\d]+/gu, '');
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const initialsOf = (given) => (given.match(/\p{Lu}/gu) ?? []).join('');
const yearOf = (it) => it.issued?.['date-parts']?.[0]?.[0];

/** True when `value` appears in `text` as a whole token sequence, ignoring case, accents and punctuation between words. */
function shows(text, value) {
  const words = fold(String(value)).split(/[^\p{L}\d]+/u).filter(Boolean);
  if (words.length === 0) return false;
  return new RegExp(`(^|[^\\p{L}\\d])${words.map(escape).join('[^\\p{L}\\d]+')}($|[^\\p{L}\\d])`, 'u').test(fold(text));
}

const TYPES = { 'article-journal': 'article', 'paper-conference': 'inproceedings', chapter: 'incollection', book: 'book', thesis: 'thesis', article: 'misc' };

/**
 * The truth of one rendered reference: the item's own fields, kept only where the rendered text
 * shows them (a style may drop the title, the DOI or the issue, or cut the author list), so the
 * parser is never asked for what the text does not hold.
 */
export function truthOf(item, text) {
  const gold = { text, type: TYPES[item.type] ?? 'misc' };
  const shown = [];
  for (const a of item.author ?? []) {
    if (!shows(text, a.family)) break;
    shown.push(a);
  }
  if (shown.length > 0) {
    gold.authors = shown.map((a) => {
      const prefix = a['non-dropping-particle'] ?? a['dropping-particle'];
      return { family: a.family, given: a.given, initials: initialsOf(a.given ?? ''), ...(prefix ? { prefix } : {}) };
    });
    if (shown.length < item.author.length) gold.others = true;
  }
  if (item.title && squash(text).includes(squash(item.title))) gold.title = item.title;
  const container = [item['container-title'], item['container-title-short']].find((c) => c && shows(text, c));
  if (container) gold.container = container;
  const year = yearOf(item);
  if (year && new RegExp(`\\b${year}`).test(text)) gold.year = String(year);
  for (const [field, key] of [['volume', 'volume'], ['issue', 'issue']]) {
    const v = item[key] === undefined ? undefined : String(item[key]);
    if (v && new RegExp(`(^|[^\\p{L}\\d])${escape(v)}($|[^\\p{L}\\d])`, 'u').test(text)) gold[field] = v;
  }
  if (item.page) {
    const [first, last] = String(item.page).split(/\s*[-–—]+\s*/);
    // The renderer may print the last page in full where the entry shortens it ("1206-27" as
    // "1206–1227"), or the other way round, and a page may carry a letter ("S72–S89").
    const range = last ? new RegExp(`(^|\\D)${escape(first)}\\s*[-–—]+\\s*([A-Za-z]?\\d+)`).exec(text) : null;
    if (range && (last.endsWith(range[2]) || range[2].endsWith(last))) gold.pages = `${first}–${last}`;
    else if (new RegExp(`(^|\\D)${escape(first)}($|\\D)`).test(text)) gold.pages = first;
  }
  if (item.DOI && fold(text).includes(fold(item.DOI))) gold.doi = item.DOI;
  const publisher = [item.publisher].flat()[0];
  if (item.type !== 'article-journal' && publisher && shows(text, publisher)) gold.publisher = publisher;
  return gold;
}
