// Teaches citeproc-js what BibTeX's `and others` means. citeproc-js has no notion of a name list
// that is known to be incomplete: it would print the marker `{"literal": "others"}` as a name.
// Pandoc's citeproc, BibTeX and biber all print the style's "et al." instead, and count the marker
// as one more name when deciding whether to truncate (`et-al-min`). We do the same by patching two
// steps of citeproc-js's name renderer once: the marker is taken out of the list as it is read, and
// the list's length is counted one higher, so citeproc's own et-al. logic (its term, its
// `delimiter-precedes-et-al`, its `<et-al>` formatting) renders the truncation.
import { isOthersMarker } from '../syntax/bib/cslItem';
import type { Citeproc } from '../syntax/citationJs';

const patched = Symbol.for('citelens.etAl');
const others = Symbol('others');

type NameOutput = {
  [others]?: Set<string>;
  freeters_count: Record<string, number>;
  etal_use_last?: boolean;
};

type Method = (this: NameOutput, ...args: unknown[]) => unknown;

/** Patches citeproc-js once per loaded copy; calling it again does nothing. */
export function patchEtAl(csl: Citeproc): void {
  const proto = csl.NameOutput.prototype as Record<string | symbol, unknown>;
  if (proto[patched]) return;
  proto[patched] = true;
  const divide = proto.divideAndTransliterateNames as Method;
  const normalize = proto._normalizeVariableValue as Method;
  const truncate = proto.truncatePersonalNameLists as Method;
  const impose = proto._imposeNameConstraints as Method;
  const setParameter = proto._setEtAlParameter as Method;
  proto.divideAndTransliterateNames = function (this: NameOutput, ...args: unknown[]) {
    this[others] = new Set();
    return divide.apply(this, args);
  };
  proto._normalizeVariableValue = function (this: NameOutput, item: unknown, variable: unknown) {
    const names = normalize.call(this, item, variable) as unknown[];
    if (names.length && isOthersMarker(names[names.length - 1])) {
      names.pop();
      if (names.length) this[others]?.add(String(variable));
    }
    return names;
  };
  proto.truncatePersonalNameLists = function (this: NameOutput, ...args: unknown[]) {
    const result = truncate.apply(this, args);
    for (const v of this[others] ?? []) {
      const count = this.freeters_count[v];
      if (count !== undefined && count > 0) this.freeters_count[v] = count + 1;
    }
    return result;
  };
  // `et-al-use-last` (APA's "A, B, … Z") needs the last name, which an incomplete list does not
  // have: such a list takes the plain "et al." form.
  const withoutUseLast = (original: Method, variableArg: number): Method =>
    function (this: NameOutput, ...args: unknown[]) {
      if (!this[others]?.has(String(args[variableArg])) || !this.etal_use_last) return original.apply(this, args);
      this.etal_use_last = false;
      try {
        return original.apply(this, args);
      } finally {
        this.etal_use_last = true;
      }
    };
  proto._imposeNameConstraints = withoutUseLast(impose, 2);
  proto._setEtAlParameter = withoutUseLast(setParameter, 1);
}
