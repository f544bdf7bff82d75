// Where a comma or period after quoted text goes, as Pandoc's citeproc puts it. CSL 1.0.2
// (`punctuation-in-quote`, and "Quotes" under Formatting) moves the punctuation inside the closing
// quotation mark of a `cs:text` rendered with `quotes="true"`; Pandoc's citeproc moves it into a
// quotation that it directly follows, whether the style or the title's own text quotes, but not
// into one that italics or an outer quotation enclose (`*Des A: “Über B”*.` stays, and so does
// `“A Study of ‘Things’.”`). citeproc-js moves it into any quotation that ends what precedes it,
// however deep. We hide such enclosed quotations from its punctuation pass, and only from that.
// Imports nothing but the citeproc-js type; patches each loaded copy once.
import type { Citeproc } from '../syntax/citationJs';

const patched = Symbol.for('citelens.quotes');

type Decoration = [string, unknown];
type Blob = { decorations?: Decoration[]; blobs?: Blob[] | string; strings?: { suffix?: string } };
type Adjust = Record<'upward' | 'leftward' | 'downward' | 'fix', (blob: Blob, ...rest: unknown[]) => unknown>;
type Output = { Queue: { adjust: new (punctInQuote: boolean) => Adjust } };

/** Decorations that wrap their content in Pandoc's output (an Emph, a Strong, a Span, a quotation), with the style's affixes outside. */
const enclosing = new Set(['@font-style', '@font-variant', '@font-weight', '@text-decoration', '@vertical-align', '@quotes']);

const isQuotes = ([name, value]: Decoration) => name === '@quotes' && value !== 'false';
const encloses = (decorations: Decoration[] | undefined) => decorations?.some((d) => enclosing.has(d[0]) && (d[0] !== '@quotes' || isQuotes(d))) ?? false;

/**
 * Gives each quotation that ends an enclosing blob, with no suffix of its own or of a blob in
 * between that punctuation could join, decorations that read as unquoted to citeproc-js's
 * punctuation pass (`["@quotes", "false"]`: still a decoration, so no other merging starts), and
 * collects the blobs with their own decorations, to be put back before the output is written.
 */
function hideEnclosedQuotes(blob: Blob, atEnclosedEnd: boolean, hidden: [Blob, Decoration[]][]): void {
  const own = blob.decorations;
  const open = !blob.strings?.suffix;
  if (atEnclosedEnd && open && own?.some(isQuotes)) {
    hidden.push([blob, own]);
    blob.decorations = own.map((d): Decoration => (d[0] === '@quotes' ? ['@quotes', 'false'] : d));
  }
  const children = blob.blobs;
  if (typeof children !== 'object' || !children.length) return;
  const last = children[children.length - 1] as Blob;
  for (const child of children) hideEnclosedQuotes(child, child === last && (encloses(own) || (atEnclosedEnd && open)), hidden);
}

/** Patches citeproc-js once per loaded copy; calling it again does nothing. */
export function patchQuotes(csl: Citeproc): void {
  const output = (csl as unknown as { Output: Output }).Output;
  const queue = output.Queue as unknown as Record<string | symbol, unknown>;
  if (queue[patched]) return;
  queue[patched] = true;
  const Original = output.Queue.adjust;
  // The engine builds one adjuster and runs upward, leftward, downward and fix over each output
  // blob in turn, each pass calling itself on the children; the quotations are hidden when an
  // outermost upward starts and restored when the outermost fix ends (or, should a pass have
  // thrown, when the next upward starts).
  output.Queue.adjust = function (this: unknown, punctInQuote: boolean) {
    const adjust = new Original(punctInQuote);
    const { upward, fix } = adjust;
    let hidden: [Blob, Decoration[]][] = [];
    const depth = { upward: 0, fix: 0 };
    const restore = () => {
      for (const [b, own] of hidden) b.decorations = own;
      hidden = [];
    };
    adjust.upward = (blob, ...rest) => {
      if (depth.upward++ === 0) {
        restore();
        depth.fix = 0;
        hideEnclosedQuotes(blob, false, hidden);
      }
      try {
        return upward.call(adjust, blob, ...rest);
      } finally {
        depth.upward--;
      }
    };
    adjust.fix = (blob, ...rest) => {
      depth.fix++;
      try {
        return fix.call(adjust, blob, ...rest);
      } finally {
        if (--depth.fix === 0) restore();
      }
    };
    return adjust;
  } as unknown as Output['Queue']['adjust'];
}
