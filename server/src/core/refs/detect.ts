// Guesses which reference style a string is written in, from where the year stands and how the
// names before it are written.
import { readNames } from './people';
import type { RefStyle } from './types';

const YEAR = String.raw`(?:1[5-9]|20)\d\d[a-z]?`;

/** True when `names` reads, in the given forms, as a name list and nothing else. */
function allNames(names: string, forms: Parameters<typeof readNames>[1], first?: Parameters<typeof readNames>[1]): boolean {
  const t = names.trim().replace(/[.,]$/, '');
  if (!t) return false;
  const list = readNames(t, forms, { firstForms: first, literalEnd: /$/ });
  return list.people.length > 0 && list.end >= t.length - 1 && !list.people.some((p, i) => p.literal && i === 0 && /\.\s/.test(p.literal));
}

export function detectStyle(text: string): RefStyle {
  const t = text.trim().replace(/^(?:\[\d+\]|\d+[.)])\s+/, '');
  if (/^\[\d+\]/.test(text.trim()) || (/[“"][^”"]+,[”"]/.test(t) && /\b(?:vol|pp|no)\.\s*\d/.test(t) && !/\(\d{4}\)/.test(t))) return 'ieee';
  const paren = new RegExp(String.raw`\((${YEAR}|n\.d\.)(?:,[^)]*)?\)(\.?)\s`).exec(t);
  if (paren && allNames(t.slice(0, paren.index), ['family-initials'])) return paren[2] ? 'apa' : 'harvard';
  const chicago = new RegExp(String.raw`\.\s+(${YEAR}|n\.d\.)\.\s`).exec(t);
  if (chicago && allNames(t.slice(0, chicago.index + 1), ['given-family', 'initials-family'], ['family-given', 'family-initials'])) return 'chicago';
  if (new RegExp(String.raw`\b${YEAR}(?:\s\w+){0,2};\s*\d+\w*\s*(?:[(:]|\.?$)|;\s*${YEAR}\.?$`).test(t)) return 'vancouver';
  if (/^(?:\p{Lu}[\p{L}’'\- ]+ \p{Lu}{1,3}, )+/u.test(t) && !/^[^.]+, \p{Lu}\./u.test(t)) return 'vancouver';
  return 'nature';
}
