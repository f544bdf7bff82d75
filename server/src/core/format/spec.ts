// Where citeproc-js departs from the CSL specification and from Pandoc's citeproc, measured on
// the corpus (test/unit/csl/oracle.test.ts) and corrected once per loaded copy, or around each call:
// - Title case keeps its own, longer list of small words ("during", "et", "between" stay lower
//   case); we use the specification's list with the few additions both processors share
//   (`about`, name particles, `v.`), which is the list Pandoc's citeproc applies.
// - A page range citeproc-js cannot read as numbers (`??–??`, `169–??`, BibTeX's `--` for pages not
//   yet known, `70–76. 92–95`) loses its en dash for a hyphen: `keepDashes` hides such dashes
//   from it and `restoreDashes` puts them back in the output.
// - A given name's part that follows a hyphen and starts in lower case (`Ming-chih`, `Ana-maría`)
//   stays as written when citeproc-js initialises (`M chih`); Pandoc's citeproc leaves it out
//   (`M.`, as `Jean-Luc` gives `J.-L.`), checked with pandoc on AMA, APA, Vancouver, IEEE, Nature.
// - A literal name last in a list (`Altsys Corporation`) is joined with the `and` and
//   `delimiter-precedes-last` of cs:name, as any name; citeproc-js has rules of its own for it.
// - A cs:label of an absent variable prints nothing.
// - The first year range an engine renders has no affixes of another date (`settleDates`).
import type { Citeproc } from '../syntax/citationJs';

const patched = Symbol.for('citelens.spec');

/** CSL 1.0.2, "Title case conversion", plus `about`, `de`, `d'`, `von`, `van`, `c`, `v.`: the words that stay lower case inside a title. */
const specStopWords = ['a', 'an', 'and', 'as', 'at', 'but', 'by', 'down', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or', 'over', 'so', 'the', 'till', 'to', 'up', 'via', 'with', 'yet', 'about', 'de', "d'", 'von', 'van', 'c', 'v.', 'v'];

type NumberInfo = { values?: { plural?: number }[]; plural?: number };
type EngineState = { tmp: { shadow_numbers: Record<string, NumberInfo | undefined> } };

/** Pandoc's reading of a page value for its label: more than one page when it has a space, dash, comma or `&` (`20 Nr. 9`, `??–??`, `xvi + 315`). */
const pluralPages = /[\s,&\u2013\uE000\uE001-]/;

export function patchSpec(csl: Citeproc): void {
  const record = csl as unknown as Record<string | symbol, unknown>;
  if (record[patched]) return;
  record[patched] = true;
  record.SKIP_WORDS = specStopWords;
  // citeproc-js counts pages only in ranges it can read as numbers, so `p. 20 Nr. 9`; the label of
  // a page value that names several pages is plural.
  const proto = (csl.Engine as unknown as { prototype: Record<string, unknown> }).prototype;
  const processNumber = proto.processNumber as (this: EngineState, node: unknown, item: Record<string, unknown> | undefined, variable: string, type?: string) => unknown;
  proto.processNumber = function (this: EngineState, node: unknown, item: Record<string, unknown> | undefined, variable: string, type?: string) {
    const result = processNumber.call(this, node, item, variable, type);
    const page = variable === 'page' ? item?.page : undefined;
    const info = typeof page === 'string' && pluralPages.test(page.trim()) ? this.tmp.shadow_numbers.page : undefined;
    if (info) {
      info.plural = 1;
      for (const v of info.values ?? []) v.plural = 1;
    }
    return result;
  };
  // A literal name (an institution) last in a list joins it as a personal name would: CSL 1.0.2
  // knows no institution names, and Pandoc's citeproc applies the name's `and` and
  // `delimiter-precedes-last` to it (`Green, K. & Altsys Corporation` in Nature, `Alpha, J., &
  // Altsys Corporation` in APA). citeproc-js joins it with the `and` of an implicit cs:institution
  // that has the delimiter of neither.
  const nameOutput = csl.NameOutput.prototype;
  const getAndJoin = nameOutput._getAndJoin as (this: unknown, blobs: { isInstitution?: boolean }[], delimiter: string) => unknown;
  nameOutput._getAndJoin = function (this: unknown, blobs: { isInstitution?: boolean }[], delimiter: string) {
    const last = blobs[blobs.length - 1];
    if (!last?.isInstitution) return getAndJoin.call(this, blobs, delimiter);
    last.isInstitution = false;
    try {
      return getAndJoin.call(this, blobs, delimiter);
    } finally {
      last.isInstitution = true;
    }
  };
  // CSL 1.0.2 (Label): "The term is only rendered if the selected variable is non-empty."
  // citeproc-js renders it for an absent variable too (Cite Them Right's `(5 vol)` for a set of
  // five volumes, whose `volume` label stands beside `number-of-volumes`); Pandoc prints `(5)`.
  const labels = csl as unknown as { evaluateLabel: (this: unknown, node: { strings?: { term?: string } }, state: unknown, item?: Record<string, unknown>, ...rest: unknown[]) => string };
  const evaluateLabel = labels.evaluateLabel;
  labels.evaluateLabel = function (this: unknown, node, state, item, ...rest) {
    const term = node.strings?.term;
    if (term && term !== 'locator' && item && (item[term] === undefined || item[term] === '')) return '';
    return evaluateLabel.call(this, node, state, item, ...rest);
  };
  const names = (csl as unknown as { Util: { Names: Record<string, unknown> } }).Util.Names;
  const initializeWith = names.initializeWith as (this: unknown, state: unknown, name: string, terminator: string, normalizeOnly?: boolean) => string;
  names.initializeWith = function (this: unknown, state: unknown, name: string, terminator: string, normalizeOnly?: boolean) {
    const given = !normalizeOnly && typeof name === 'string' ? name.replace(lowerHyphenPart, '') : name;
    return initializeWith.call(this, state, given, terminator, normalizeOnly);
  };
}

type DateState = { dateput?: { queue: unknown[]; string(state: unknown, blobs: unknown[]): unknown; openLevel(token: unknown): void }; tmp: { date_token?: unknown } };

/**
 * Leaves a new engine's queue for the end of date ranges as citeproc-js leaves it after each range:
 * empty, on a level without affixes. Building the style opens a level there for each cs:date, with
 * its prefix and suffix, and the first year range the engine renders took the last one's affixes
 * for its end (Nature's `(EQ, 1988–(2009))`, Cell's `(1988– (2009).)`), later ones not.
 */
export function settleDates(engine: unknown): void {
  const state = engine as DateState;
  if (!state.dateput || !state.tmp.date_token) return;
  state.dateput.string(state, state.dateput.queue);
  state.dateput.openLevel(state.tmp.date_token);
}

/** `-chih` in `Ming-chih`: a hyphenated part of a given name that starts in lower case. */
const lowerHyphenPart = /(?<=\p{L})\s*-\s*\p{Ll}[\p{L}\p{M}']*/gu;

/** Stands for an en dash citeproc-js must not see (a private-use character no input has). */
const hiddenDash = '\uE000';

/**
 * Stands for an en dash that stays as written: Pandoc's citeproc prints a piece of a page value
 * between commas or `&` as a range, with the style's delimiter, only when it has one dash, and
 * leaves `70–76. 92–95. 132` as it is (jgm/citeproc `pageRange`, 2.17 and 3.10).
 */
const writtenDash = '\uE001';

const plainPage = /^(?:[A-Za-z]{0,3}\d+[A-Za-z]{0,2}|[ivxlcdmIVXLCDM]+)$/;

/** The item with the en dashes of a page value that is not a plain range of numbers hidden. */
export function keepDashes<T extends Record<string, unknown>>(item: T): T {
  const page = item.page;
  if (typeof page !== 'string' || !page.includes('\u2013')) return item;
  if (page.split(/\s*(?:\u2013|,|&)\s*/).every((part) => plainPage.test(part.trim()))) return item;
  const hide = (piece: string) => piece.replace(/\u2013/g, (piece.match(/[\u2013-]/g)?.length ?? 0) > 1 ? writtenDash : hiddenDash);
  return { ...item, page: page.replace(/[^,&]+/g, hide) };
}

/**
 * Citeproc output with the hidden dashes back, as the style's page-range delimiter (AMA's is a
 * hyphen) in a piece with one dash and as written in others, and without a comma or period right after a title's own `?` or `!`, also where a quotation
 * of the title ends there (`“Why?,” in` is `“Why?” in`, `“Why ‘not?’,”` is `“Why ‘not?’”`,
 * `Architektur?. Basel` is `Architektur? Basel`), collisions citeproc-js leaves.
 */
export function restoreDashes(text: string, delimiter = '\u2013'): string {
  const dashed = /[\uE000\uE001]/.test(text) ? text.replace(/\uE000/g, delimiter).replace(/\uE001/g, '\u2013') : text;
  return dashed.replace(/([?!][\u201d\u2019]*)[,.]([\u201d\u2019])/g, '$1$2').replace(/([?!])\.(?=\s|$)/g, '$1');
}

/** What Pandoc's citeproc keeps of a mark that meets a comma or period (jgm/citeproc `fixPunct`): `..` is `.`, `;.` is `;`, `.,` stays. */
const joined: Record<string, string> = { '..': '.', ',,': ',', ';.': ';', ':.': ':', '!.': '!', '?.': '?' };

/**
 * Punctuation where two pieces of a reference meet with nothing between them but a space, joined as
 * Pandoc's citeproc joins each piece to the next (jgm/citeproc `fixPunct`, in 2.17 and 3.10): two
 * spaces are one, a space before a comma or period goes (`In , edited by` is `In, edited by`, `Report. , in:` is
 * `Report., in:`, `LIMC. .` is `LIMC.`), then the two marks join by its table; and `;:`, `;.`, `:.`
 * keep their first mark (`2012;:1–5` is `2012;1–5`). citeproc-js leaves these where a variable
 * between them is empty, as in a chapter without a title or an article without a volume.
 */
export function joinPunctuation(text: string): string {
  return text
    .replace(/ {2,}/g, ' ')
    .replace(/(\S) +([.,])(?=\s|$)/g, (_, before: string, mark: string) => joined[before + mark] ?? before + mark)
    .replace(/([;:])[:.](?=[\s\d\p{L}]|$)/gu, (pair: string, first: string) => (pair === '::' ? pair : first));
}

const quoteFields = ['title', 'container-title', 'collection-title', 'volume-title', 'event-title'];

/**
 * The item with typographic double quotes in its titles as straight ones, which citeproc-js reads
 * as quotation markup and prints in the locale's quotation marks (‘…’ inside British styles), as
 * Pandoc's citeproc does with the typographic ones.
 */
export function localisableQuotes<T extends Record<string, unknown>>(item: T): T {
  let out: T | undefined;
  for (const name of quoteFields) {
    const value = item[name];
    if (typeof value !== 'string' || !value.includes('\u201c')) continue;
    out ??= { ...item };
    (out as Record<string, unknown>)[name] = value.replace(/\u201c([^\u201c\u201d"]*)\u201d/g, '"$1"');
  }
  return out ?? item;
}
