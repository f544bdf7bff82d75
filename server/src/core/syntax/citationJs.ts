// The one door to citation-js (@citation-js/core with its RIS and CSL plugins) and to citeproc,
// which its CSL plugin drives. Modules are required on first use, not at load: together they cost
// about 20 ms, which the language server would otherwise pay before answering `initialize`.
// Pure like the rest of the core: esbuild bundles these `require`s; nothing here touches IO.

/** A CSL item as citation-js passes it around. */
type Item = Record<string, unknown>;

/** What we use of `@citation-js/core`. */
export interface CitationCore {
  plugins: {
    input: {
      chain(input: unknown, options: { target: string; generateGraph: boolean; strict?: boolean }): Item[];
      util: {
        /** citation-js's CSL normalisation (`bestGuessConversions` repairs common mistakes). */
        clean(items: Item[], bestGuessConversions?: boolean): Item[];
      };
    };
    output: {
      format(name: 'bibliography', data: Item[], options: BibliographyOptions): Array<[string, string]>;
    };
    config: { get(name: '@csl'): CslConfig };
  };
}

export interface BibliographyOptions {
  template: string;
  format: 'text' | 'html';
  nosort: boolean;
  asEntryArray: true;
}

/** `@citation-js/plugin-csl`'s configuration: its engine factory and its style and locale registers. */
export interface CslConfig {
  /** Fetches (building on first use) the cached citeproc engine for a registered style. */
  engine(data: Item[], styleName: string, lang: string | undefined, format: 'text' | 'html'): unknown;
  styles: Register;
  locales: Register;
}

interface Register {
  add(key: string, value: string): unknown;
  has(key: string): boolean;
  delete(key: string): unknown;
}

let core: CitationCore | undefined;
let risLoaded = false;
let risTypes: Record<string, string> | undefined;
let cslLoaded = false;

/** `@citation-js/core` alone (its CSL normalisation), loaded on the first call. */
export function citationJs(): CitationCore {
  core ??= require('@citation-js/core') as CitationCore;
  return core;
}

/** citation-js with its RIS plugin. */
export function citationJsRis(): CitationCore {
  const cjs = citationJs();
  if (!risLoaded) {
    require('@citation-js/plugin-ris');
    risLoaded = true;
  }
  return cjs;
}

/** The RIS types (`JOUR`, `CHAP` ...) citation-js maps to a CSL type. */
export function knownRisTypes(): Record<string, string> {
  risTypes ??= (require('@citation-js/plugin-ris/lib/spec/types.json') as { RIS: Record<string, string> }).RIS;
  return risTypes;
}

/** citeproc-js itself, with its warnings silenced. */
export function citeproc(): Citeproc {
  if (!citeprocModule) {
    citeprocModule = require('citeproc') as Citeproc;
    // citeproc-js reports warnings with console.log, which would corrupt an LSP stdio stream.
    citeprocModule.debug = () => undefined;
  }
  return citeprocModule;
}

/** What we use of citeproc-js: its engine, and its name renderer for the et-al. patch (format/etAl.ts). */
export interface Citeproc {
  Engine: new (sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean) => CiteprocEngine;
  NameOutput: { prototype: Record<string, unknown> };
  debug: (message: string) => void;
}

export interface CiteprocSys {
  retrieveLocale(lang: string): string | undefined;
  retrieveItem(id: string): Item | undefined;
}

export interface CiteprocEngine {
  updateItems(ids: string[], nosort?: boolean): void;
  makeBibliography(): false | [{ entry_ids: string[][]; bibstart: string; bibend: string }, string[]];
  makeCitationCluster(items: { id: string }[]): string;
  setOutputFormat(format: 'text' | 'html'): void;
  getTerm(name: string): string;
  /** The item registry; `updateItems` computes sort keys and disambiguation through it. */
  registry: Record<'setsortkeys' | 'setdisambigs', () => void>;
  /** Present when the style has a `<bibliography>`. */
  bibliography?: unknown;
  opt: { xclass?: string };
}

/** The locales citation-js bundles (en-US and four others), for callers that bring none. */
export function bundledLocales(): Record<string, string> {
  fallbackLocales ??= require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>;
  return fallbackLocales;
}

let citeprocModule: Citeproc | undefined;
let fallbackLocales: Record<string, string> | undefined;

/** citation-js with its CSL plugin (citeproc) loaded and citeproc's warnings silenced. */
export function citationJsCsl(): CitationCore {
  const cjs = citationJs();
  if (!cslLoaded) {
    citeproc();
    require('@citation-js/plugin-csl');
    cslLoaded = true;
  }
  return cjs;
}
