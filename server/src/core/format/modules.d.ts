// Type declarations for the untyped citeproc-js engine and the citation-js CSL locale table.

declare module 'citeproc' {
  interface CiteprocSys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): unknown;
  }
  interface CiteprocBibliographyMeta {
    bibstart: string;
    bibend: string;
    [key: string]: unknown;
  }
  class Engine {
    constructor(sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean);
    sys: CiteprocSys;
    opt: { development_extensions: Record<string, boolean> };
    setOutputFormat(format: string): void;
    updateItems(ids: string[], nosort?: boolean): string[];
    makeBibliography(): [CiteprocBibliographyMeta, string[]] | false;
  }
  const CSL: {
    Engine: typeof Engine;
    debug: (message: string) => void;
    error: (message: string) => never;
  };
  export default CSL;
}

declare module '@citation-js/plugin-csl/lib/locales.json' {
  const locales: Record<string, string>;
  export default locales;
}
