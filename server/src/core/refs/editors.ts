// Finds the editors of a chapter or proceedings in a reference whose style is unknown. Styles mark
// editors with a word next to the names, so the marker, not the position, decides: "(eds Lai, X.
// et al.)", "In: Moore GT, Golledge RG, editors.", "In Smith, J. (Ed.),", "edited by T. R. Dixon and
// D. L. Horton", "ed. by J. Smith", "ed G H Bower". Pure.
import { type NameList, readNameList, readNames } from './people';
import type { RefPerson } from './types';

export interface FoundEditors {
  people: RefPerson[];
  others: boolean;
  /** Where the names and their marker stand in the text, to keep them out of other fields. */
  from: number;
  to: number;
}

// Each pattern captures the names in group 1; the marker stands before or after them.
const PATTERNS: RegExp[] = [
  // Nature and others: "(eds Lai, X. et al.)", "(ed. Smith, J.)", "(Eds. J. Smith & K. Lee)".
  /\((?:eds?|Eds?)\.?\s+([^()]+?)\)/g,
  // Names, then the marker: "In: Moore GT, Golledge RG, editors." and "In J. Smith (Ed.),".
  // The "In" opens a part of the reference; inside a name ("Advances in Neurology, D. Smith and
  // D. Treiman, eds.") it follows a word, and what follows it is the rest of that name.
  /(?<![\p{L}\d]\s)\b[Ii]n:?\s+((?:[^.()]|\p{Lu}\.)+?)(?:,\s*(?:eds?|Eds?|editors?|Editors?|Hrsg|Hg)\.?|\s+\((?:eds?|Eds?|Hrsg|Hg)\.?\))[.,:]?(?=\s)/gu,
  // The marker, then the names: "edited by T. R. Dixon and D. L. Horton", "eds. G. Lloyd and G. Owen",
  // "ed. by J. Smith", "ed G H Bower". The names run to a full stop (not an initial's), a
  // parenthesis or a number; the list is what of that reads as names.
  /\b(?:[Ee]dited by|[Ee]ds?\.? by|[Ee]ds\.?(?=\s+\p{Lu})|[Ee]d\.?(?=\s+\p{Lu}(?:\.|\s)))\s+([^();:]+?)(?=(?<!(?:^|[\s.-])\p{Lu})\.(?:\s|$)|,\s*(?:\d|pp?\.|[Vv]ol)|\s*[();:]|\s*$)/gu,
  // Nature without the marker: "In Proc. ICCV (Cucchiara, R. et al.) 3429–3437".
  /\b[Ii]n\s[^()]*\(([^()]+?(?:et al\.?|\s&\s[^()]+?))\)/gu,
  // Ecology: "Pages 111–138 in D. F. Krell, editor.", "Page in J. Brown, editor.".
  /\bPages?(?:\s+[\d–-]+)?\s+in\s+((?:[^.()]|\p{Lu}\.)+?),\s*(?:eds?|editors?)\.?[.,:]?(?=\s)/gu,
];

/** The first editor list the text marks, read as names; undefined when none is marked or the names do not read. */
export function findEditors(text: string): FoundEditors | undefined {
  // The patterns are tried in order, the most explicit first; the first list that reads wins.
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const names = (m[1] as string).trim().replace(/[,;]\s*$/, '');
      if (!names || names.length > 300) continue;
      const prefix = re === PATTERNS[2];
      const list = readEditorNames(names, prefix);
      if (!list) continue;
      const to = prefix ? m.index + m[0].indexOf(names) + list.end : m.index + m[0].length;
      // The last pattern matches from "In" on; the editors start at their parenthesis.
      const from = re === PATTERNS[3] ? m.index + m[0].lastIndexOf('(') : m.index;
      return { people: list.people, others: list.others, from, to };
    }
  }
  return undefined;
}

/**
 * Reads `names` as a list of people covering all of it (or, with `prefix`, its start), or
 * undefined: a title or a place is not a list of editors.
 */
function readEditorNames(names: string, prefix = false): NameList | undefined {
  const t = names.replace(/\s+/g, ' ').trim();
  const list = readNameList(t);
  if (list.people.length === 0 || (!prefix && list.end < t.replace(/[.,]$/, '').length - 1)) return undefined;
  if (prefix && list.people.some((p) => p.literal)) return undefined;
  if (list.people.some((p) => p.literal)) {
    // One family name alone ("ed. Smith") reads as a corporate name; a person it is.
    const one = readNames(t, ['family-bare', 'initials-family', 'given-family']);
    if (one.people.length > 0 && !one.people.some((p) => p.literal) && one.end >= t.length - 1) return one;
    return undefined;
  }
  return list;
}
