// citeproc-js engines, one per style object and locale, memoised on the style object so an edited
// or removed style takes its engine with it. Building an engine costs a few hundred milliseconds
// (APA's about half a second); rendering with a built one about a millisecond.
import type { StyleSpec } from '../model/style';
import type { CslItem } from '../syntax/bib/cslItem';
import { bundledLocales, citeproc, type CiteprocEngine } from '../syntax/citationJs';
import { patchEtAl } from './etAl';
import { patchQuotes } from './quotes';
import { patchSpec, settleDates } from './spec';

/** The locale side of formatting: the CSL locale files at hand and the document's language. */
export interface LocaleOptions {
  /** CSL locale XML by tag (`en-US`, `de-DE`, `eu` ...); citation-js's five when absent. */
  locales?: ReadonlyMap<string, string>;
  /** The document's language (`lang:`), which wins over the style's `default-locale`, as in pandoc. */
  lang?: string;
}

/** An engine with the items of the call at hand: citeproc pulls items by id through `retrieveItem`. */
export interface Engine {
  citeproc: CiteprocEngine;
  items: Map<string, CslItem>;
  /** The next throwaway id: citeproc keeps what it rendered under an id, and keys repeat across files. */
  next: number;
}

const engines = new WeakMap<StyleSpec, Map<string, Engine>>();

/** The tag a locale file is known by, matched without regard to case or `_` for `-`. */
function findLocale(locales: ReadonlyMap<string, string> | Record<string, string>, tag: string): string | undefined {
  const want = tag.replace(/_/g, '-').toLowerCase();
  const entries = locales instanceof Map ? [...locales.entries()] : Object.entries(locales);
  for (const [key, xml] of entries) if (key.toLowerCase() === want) return xml;
  // A bare language (`de`) takes the first regional locale of that language (`de-AT` is rare, `de-DE` sorts after it).
  const primary = want.split('-')[0] ?? want;
  const regional = entries.filter(([key]) => key.toLowerCase().split('-')[0] === primary).sort(([a], [b]) => preferred(b, primary) - preferred(a, primary));
  return regional[0]?.[1];
}

/** Prefers `de-DE`, `fr-FR`, `en-US`, `pt-PT` ... (the region that repeats the language) for a bare tag. */
function preferred(key: string, primary: string): number {
  const region = key.split('-')[1]?.toLowerCase();
  return region === primary || (primary === 'en' && region === 'us') ? 1 : 0;
}

/** The engine for a style and locale, built on first use; throws what citeproc throws. */
export function engineFor(style: StyleSpec, options: LocaleOptions = {}): Engine {
  const key = options.lang ?? '';
  let byLocale = engines.get(style);
  const hit = byLocale?.get(key);
  if (hit) return hit;
  const csl = citeproc();
  patchEtAl(csl);
  patchSpec(csl);
  patchQuotes(csl);
  const locales = options.locales && options.locales.size ? options.locales : bundledLocales();
  const engine: Engine = { items: new Map(), next: 0 } as Engine;
  const sys = {
    retrieveLocale: (tag: string) => findLocale(locales, tag) ?? findLocale(bundledLocales(), tag),
    retrieveItem: (id: string) => engine.items.get(id),
  };
  engine.citeproc = new csl.Engine(sys, style.xml, options.lang, options.lang !== undefined);
  settleDates(engine.citeproc);
  if (!byLocale) engines.set(style, (byLocale = new Map()));
  byLocale.set(key, engine);
  return engine;
}

/**
 * Gives each item a fresh id for this call, keeping the caller's order. Engines outlive
 * snapshots and citeproc keeps the last items it registered, so each item is a structured copy:
 * its strings would otherwise be slices of the bibliography's text and keep a superseded
 * 100 MB file alive after every re-export (measured with a heap snapshot).
 */
export function loadItems(engine: Engine, items: readonly CslItem[], strip: (item: CslItem) => CslItem): string[] {
  engine.items.clear();
  return items.map((item) => {
    const id = `r${++engine.next}`;
    engine.items.set(id, { ...structuredClone(strip(item)), id });
    return id;
  });
}
