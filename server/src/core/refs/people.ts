// Reads author and editor lists as reference styles print them: "Family, I. I.", "Family II",
// "I. Family", "Given Family" and corporate names. Pure string work; no other module's types but Person.
import type { RefPerson } from './types';

const PARTICLES = String.raw`(?:van|von|der|den|de|del|della|di|da|du|le|la|dos|das|ten|ter|bin|al|el|zu|zur|y)`;
const PARTICLE = String.raw`(?:${PARTICLES}\s+)`;
// Particles printed with a capital between the given names and the family name ("Jeffrey De Fauw",
// "A. A. De Almeida"); only those that are not also given or family names of their own.
const CAPITAL_PARTICLE = /\s((?:De|Del|Della|Van|Von|Ten|Ter|Dos)(?:\s+(?:[Dd]e[rn]?|[Zz]ur|[Zz]u))?)\s*$/u;
// A generational suffix after a name, set off by a comma ("Heitzman, E. Robert, Jr., and …", "Gring, Alan J., III.").
const SUFFIX_WORD = String.raw`Jr\.?|Sr\.?|II|III|IV`;
const SUFFIX = new RegExp(String.raw`^,\s*(${SUFFIX_WORD})(?=,|\.?\s|\.?$)`);
// A family name starts with a capital, or with a short lower-case prefix glued to one ("McKoon", "d’Alessandro").
const WORD = String.raw`(?:[\p{Lu}]|\p{Ll}{1,3}\p{Lu}|\p{Ll}[’']\p{Lu})[\p{L}’'\-]*`;
// Particles may also stand inside a family name ("Van der Linden"), and a generational suffix after it.
// "St Jacques", "St. Clair": a saint's abbreviation opens the family name.
const FAMILY = String.raw`${PARTICLE}*(?:St\.?\s+(?=\p{Lu}))?${WORD}(?:\s+${PARTICLE}*${WORD}){0,2}?(?:\s+(?:Jr\.|Sr\.|Jr|Sr)(?=,))?`;
const INITIALS = String.raw`(?:\p{Lu}-\p{Lu}\.|\p{Lu}\p{Ll}?\.)(?:[\s\-]*\p{Lu}\p{Ll}?\.)*`;
const BARE_INITIALS = String.raw`\p{Lu}{1,4}`;
// Initials printed apart without periods ("Orban G A", "Rao R P N", "Clevert D-A"), as the Institute
// of Physics prints them. A lone capital after them could open the title ("A study"), so they must
// be followed by what ends a name: a comma, "and", a year or the end.
const SPACED_INITIALS = String.raw`\p{Lu}(?:-\p{Lu})?(?:\s\p{Lu}(?:-\p{Lu})?){0,3}(?=\s*(?:,|&|\band\b|$)|\.(?:\s|$)|\s+(?:1[5-9]|20)\d\d\b)`;

// Given names spelled out in parentheses after the initials or the given name ("Zhang, Z. (Mark)",
// "Hoyle, John T. (John Thomas)", "Jeonghyun (Jonna) Lee", "Sicherman GL (George L)") are part of the name.
const SPELLED = String.raw`\((?!(?:Eds?|Hrsg|Trans|Comp|Ed\.\s*by)\.?\))\p{Lu}[\p{L}.\s'’-]{0,40}\)(?!\p{L})`;
const FAMILY_COMMA_INITIALS = new RegExp(String.raw`^(${FAMILY}),\s*(${INITIALS}(?:\s+${SPELLED})?|\p{Lu}(?:-\p{Lu})?(?:\s\p{Lu}(?:-\p{Lu})?){0,3}(?=\s*(?:&|,|;|and\b|et al\b|$)))`, 'u');
// A numeral suffix between the family name and the initials stays with the name ("Wells III WM").
// A suffix there too ("Bigger Jr. JT"), and initials joined by a hyphen ("Bäuml K-HT").
const FAMILY_INITIALS = new RegExp(String.raw`^(${FAMILY}(?:\s+(?:II|III|IV|Jr\.?|Sr\.?)(?=\s+\p{Lu}{1,3}\b))?)\s+((?:${INITIALS}|${SPACED_INITIALS}|\p{Lu}-\p{Lu}{1,3}(?![\p{L}-])|${BARE_INITIALS})(?:\s+${SPELLED})?)(?=\s*(?:,|&|and\b|\.|$)|\s)`, 'u');
const INITIALS_FAMILY = new RegExp(String.raw`^(${INITIALS}(?:\s*-\s*\p{Lu}\.)?)\s*(${FAMILY})(?=\s*(?:,|&|and\b|\.|$)|\s+et al\.)`, 'u');
const GIVEN_FAMILY = new RegExp(String.raw`^((?:(?:${WORD}\.?|${SPELLED})\s+){1,5})(${FAMILY})(?=\s*(?:,|&|\band\b|\.|$)|\s+et al\b)`, 'u');
// A middle initial's period belongs to the name ("Robert L. and …"); "et al" may follow the name.
// Inverted names put the particles last ("Gennep, Arnold van", "Gathen, Joachim von zur").
const FAMILY_COMMA_GIVEN = new RegExp(String.raw`^(${FAMILY}),\s*((?:\p{Lu}\.|${WORD})(?:\s+(?:\p{Lu}\.|${WORD}|${SPELLED}))*?)(?:\s+(${PARTICLES}(?:\s+${PARTICLES})*))?(?=\s*(?:,|;|&|\band\b|\.\s|\.?$)|\s+et al\b)`, 'u');
const PARTICLE_SPLIT = new RegExp(String.raw`^(${PARTICLE}+)(.*)$`, 'u');

export type NameForm = 'family-initials' | 'family-bare' | 'initials-family' | 'given-family' | 'family-given';

export interface NameList {
  people: RefPerson[];
  others: boolean;
  /** Offset just past the list (and its terminating period, if any). */
  end: number;
}

/** Initials of a given name as written ("M. P.", "S.-I.", "CA", "Matthew P.") without dots: "MP", "SI", "CA". */
export function initialsOf(given: string): string {
  const g = given.trim();
  // A given name in capitals (DIN 1505: "CHIAPPINI, BRUNO") is a word, not a row of initials ("JRR").
  // Three capitals are initials ("FIM", "LAN"); four or more with a vowel and a consonant are a word ("ALAN").
  const word = (w: string) => /^\p{Lu}{4,}$/u.test(w) && /[AEIOUYÀ-ÖØ-Ý]/.test(w) && /[^AEIOUYÀ-ÖØ-Ý]/.test(w);
  if (/^\p{Lu}{1,4}$/u.test(g) && !word(g)) return g;
  return g.split(/[\s-]+/).map((w) => (word(w) ? w.charAt(0) : (w.match(/\p{Lu}/gu) ?? []).join(''))).join('');
}

/** "CA" -> "C. A."; "C.A." -> "C. A."; full names kept. */
function tidyGiven(given: string): string {
  const g = given.trim();
  if (/^\p{Lu}{1,4}$/u.test(g)) return [...g].map((c) => `${c}.`).join(' ');
  if (/^\p{Lu}(?:[\s-]\p{Lu})+$/u.test(g)) return g.replace(/\p{Lu}/gu, '$&.');
  return g.replace(/\.(?=\p{Lu})/gu, '. ').replace(/\s+/g, ' ');
}

export function makePerson(family: string, given?: string): RefPerson {
  const f = family.trim().replace(/\s+/g, ' ');
  const m = PARTICLE_SPLIT.exec(f);
  const person: RefPerson = m && m[2] ? { family: m[2], prefix: (m[1] as string).trim() } : { family: f };
  if (given) {
    person.given = tidyGiven(given);
    person.initials = initialsOf(given);
  }
  return person;
}

export function literalPerson(name: string): RefPerson {
  const n = name.trim().replace(/\s+/g, ' ');
  return { family: n, literal: n };
}

// "Uphaus, Jr., James A.", "CARY, JR., M. B.": a suffix between an inverted name's family and given names.
const SUFFIX_BETWEEN = new RegExp(String.raw`^(\p{Lu}[\p{L}’'\-]*(?:\s+\p{Lu}[\p{L}’'\-]*)?),\s*(${SUFFIX_WORD}|JR\.?|SR\.?),\s+(?=\p{Lu})`, 'u');

function readOne(text: string, forms: readonly NameForm[]): { person: RefPerson; length: number } | undefined {
  const between = SUFFIX_BETWEEN.exec(text);
  const inverted = forms.filter((f) => f === 'family-initials' || f === 'family-given');
  if (between && inverted.length > 0) {
    const head = between[1] as string;
    const one = readOne(`${head}, ${text.slice(between[0].length)}`, inverted);
    if (one) {
      one.person.suffix = (between[2] as string).replace(/^JR/, 'Jr').replace(/^SR/, 'Sr');
      return { person: one.person, length: one.length - head.length - 2 + between[0].length };
    }
  }
  for (const form of forms) {
    if (form === 'family-initials') {
      const m = FAMILY_COMMA_INITIALS.exec(text);
      if (m) return { person: makePerson(m[1] as string, m[2] as string), length: m[0].length };
    } else if (form === 'family-bare') {
      const m = FAMILY_INITIALS.exec(text);
      if (m) return { person: makePerson(m[1] as string, m[2] as string), length: m[0].length };
    } else if (form === 'initials-family') {
      const m = INITIALS_FAMILY.exec(text);
      if (m) return { person: makePerson(m[2] as string, m[1] as string), length: m[0].length };
    } else if (form === 'given-family') {
      const m = GIVEN_FAMILY.exec(text);
      if (!m) continue;
      const given = m[1] as string;
      const particle = CAPITAL_PARTICLE.exec(given);
      if (particle && particle.index > 0) {
        const person = makePerson(m[2] as string, given.slice(0, particle.index));
        person.prefix = particle[1] as string;
        return { person, length: m[0].length };
      }
      return { person: makePerson(m[2] as string, given), length: m[0].length };
    } else {
      const m = FAMILY_COMMA_GIVEN.exec(text);
      if (!m) continue;
      const person = makePerson(m[3] ? `${m[3]} ${m[1] as string}` : (m[1] as string), m[2] as string);
      // DIN 1505 prints both names in capitals ("ZHAO, NAN", "GONG, NAN-WEI"): with the family
      // name in capitals too, a given name of capitals with a vowel is a word, not initials.
      const given = m[2] as string;
      if (/^\p{Lu}[\p{Lu}\s'’-]+$/u.test(m[1] as string) && /^\p{Lu}{2,}(?:[\s-]\p{Lu}{2,})*$/u.test(given) && given.split(/[\s-]/).every((w) => /[AEIOUYÀ-ÖØ-Ý]/.test(w))) {
        person.given = given.trim();
        person.initials = given.split(/[\s-]/).map((w) => w.charAt(0)).join('');
      }
      return { person, length: m[0].length };
    }
  }
  return undefined;
}

// "and Coauthors" (AMS), "and colleagues" and DIN 1505's German "; u. a." ("und andere") cut
// the list short as "et al." does.
const ET_AL = /^(?:,|\s?;)?\s*(?:et al\.?|and others|and [Cc]o-?authors|and colleagues|…|u\.\s?a\.)/;
const AND = /^(?:,\s*&|\s*&|,\s+and|\s+and)\s+/;
// DIN 1505 spaces the semicolon between names: "Atkinson, R C ; Juola, J F".
const COMMA = /^(?:,|\s?;)\s+/;

/**
 * Reads a name list from the start of `text`. `forms` are tried per name, first form first; the
 * first name may use `firstForms` (Chicago inverts only the first). A name that fits no form is
 * read as a corporate name up to `literalEnd`.
 */
export function readNames(
  text: string,
  forms: readonly NameForm[],
  options: { firstForms?: readonly NameForm[]; literalEnd?: RegExp } = {},
): NameList {
  const people: RefPerson[] = [];
  let pos = 0;
  let others = false;
  let last = false;
  for (;;) {
    const rest = text.slice(pos);
    const one = readOne(rest, people.length === 0 && options.firstForms ? options.firstForms : forms);
    if (one) {
      const suffix = SUFFIX.exec(text.slice(pos + one.length));
      if (suffix) one.person.suffix = suffix[1] as string;
      people.push(one.person);
      pos += one.length + (suffix ? suffix[0].length : 0);
    } else {
      const end = options.literalEnd ?? /\.\s|\.$|$/;
      const m = end.exec(rest);
      const name = rest.slice(0, m ? m.index : rest.length);
      if (!name.trim() || (people.length > 0 && !last)) break;
      people.push(literalPerson(name));
      pos += name.length;
      break;
    }
    if (last) break;
    const after = text.slice(pos);
    const etal = ET_AL.exec(after);
    if (etal) {
      others = true;
      pos += etal[0].length;
      break;
    }
    const and = AND.exec(after);
    if (and) {
      pos += and[0].length;
      last = true;
      continue;
    }
    const comma = COMMA.exec(after);
    if (comma && readOne(after.slice(comma[0].length), forms)) {
      pos += comma[0].length;
      continue;
    }
    break;
  }
  return { people, others, end: pos };
}

/** The ways a name list is written, as (first name, other names) forms; the reading that covers most of the list wins. */
const NAME_LAYOUTS: [NameForm[], NameForm[]][] = [
  [['family-initials'], ['family-initials']],
  // Lists typed by hand mix "Family, I." and "Family I." ("Atienza, D & Milano M.").
  [['family-initials', 'family-bare'], ['family-initials', 'family-bare']],
  [['family-bare'], ['family-bare']],
  // Genetics inverts the first name without a comma: "Aly M., and N. Turk-Browne", "Astur R. S., M. L. Ortiz, and …".
  [['family-bare'], ['initials-family', 'given-family']],
  [['initials-family'], ['initials-family']],
  [['family-given', 'family-initials'], ['given-family', 'initials-family']],
  [['family-initials'], ['initials-family', 'given-family']],
  [['family-given'], ['family-given']],
  [['given-family', 'initials-family'], ['given-family', 'initials-family']],
];

/** Words that make a name an organisation's ("US Food and Drug Administration", "European Union"). */
const ORGANISATION = /\b(?:Organi[sz]ation|Administration|Commission|Union|Office|House|Institute|Institutes|Association|Society|Consortium|Group|Committee|Department|Agency|Council|Board|Centre|Center|Centers|University|Foundation|Initiative|Network|Congress|Ministry|Bureau|Collaboration|Alliance|Federation|Parliament|Authority|Service|Services|Agency|Forum|Academy|Academies|Team)\b/;

/** Reads a name list whose layout is unknown: every layout is tried, and the reading that covers most of it wins. */
export function readNameList(text: string): NameList {
  const t = text.trim();
  // An organisation written out, with no comma or initials of a person in it, is one corporate name.
  if (ORGANISATION.test(t) && !/[,;]|\b\p{Lu}\.(?:\s|$)/u.test(t.replace(/[.,]$/, ''))) {
    const name = t.replace(/[.,]$/, '');
    return { people: [{ family: name, literal: name }], others: false, end: t.length };
  }
  let best: NameList | undefined;
  let bestScore = -Infinity;
  for (const [first, rest] of NAME_LAYOUTS) {
    const list = readNames(t, rest, { firstForms: first });
    // Cover the text, with as few corporate (literal) names as possible.
    // A family name holding bare initials ("Bouchard KE") means the list was read in the wrong layout.
    // A family name in capitals alone is how ISO 690 and some others print it ("HUH", "DE LAUBIER").
    // A given name ending in "St" has taken the start of "St Jacques".
    const odd = list.people.filter((p) => p.literal || /\bSt\.?$/.test(p.given ?? '') || /^\p{Lu}$/u.test(p.family) || (/(?:^|\s)(?!(?:II|III|IV)(?:\s|$))\p{Lu}{1,3}(?:\s|$)/u.test(p.family) && /\p{Ll}/u.test(p.family))).length;
    // On equal cover the reading with more people wins: "Dmytro Mishkin, Nikolay Sergievskiy, and
    // Jiri Matas" is three people given-name first, not one "Mishkin, Dmytro"-style pair.
    const score = 100 * (list.end - 50 * odd) + list.people.length;
    if (score > bestScore) {
      best = list;
      bestScore = score;
    }
  }
  return best ?? { people: [], others: false, end: 0 };
}
