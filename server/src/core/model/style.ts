// CSL styles and locales as the host read them. Pure data: a style object is immutable, so
// engines, titles and formatted references can be memoised on it and go when it goes.

/** A CSL style: its id (a bundled id like `apa`, or the URI of a `.csl` file) and its XML. */
export interface StyleSpec {
  readonly id: string;
  readonly xml: string;
}

/** A style file a document or the settings name, as the host found it. */
export interface StyleFile {
  readonly uri: string;
  /** The style to format with (a dependent style already joined to its parent). */
  readonly style?: StyleSpec;
  /** Why there is no style, or what was done to get one (a dependent style's parent). */
  readonly note?: string;
}
