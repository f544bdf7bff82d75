// Entry point of the reference-string parser: one reference in, one ParsedReference out.
// It detects the style when asked and never throws; doubts go into `notes` and `confidence`.
import { parseAuthorDate } from './authorDate';
import { detectStyle } from './detect';
import { joinBrokenDoi, stripListNumber, tidy } from './common';
import { readNames } from './people';
import { parseLabelled } from './labelled';
import { labeller } from './model';
import { parseNature } from './nature';
import { parseNumbered } from './numbered';
import { emptyReference, type ParsedReference, type RefStyle } from './types';

export function parseReference(text: string, style: 'auto' | RefStyle = 'auto'): ParsedReference {
  const clean = joinBrokenDoi(text.replace(/[\s\u00a0]+/g, ' ').trim()).replace(/^(?:\[\d+\]|\d+[.)])\s+/, (m) => (style === 'ieee' || style === 'vancouver' || style === 'auto' ? m : ''));
  const chosen = style === 'auto' ? detectStyle(clean) : style;
  const ref = emptyReference(clean.replace(/^(?:\[\d+\]|\d+[.)])\s+/, ''), chosen);
  try {
    // An unknown style is read by the trained labeller, which generalises across layouts; a named
    // style keeps its hand-written parser, which is exact on the lists it was written for.
    if (style === 'auto') {
      const model = emptyReference(stripListNumber(clean), chosen);
      parseLabelled(model, labeller());
      // Where the reference looks like Nature's layout, and the Nature parser reads it completely
      // and agrees with the labeller on title, year and first author, its finer reading wins
      // (abbreviated journals, annotations); otherwise the labeller, which generalises, does.
      // Where the layout is Nature's to the letter, the rules win even when the labeller reads it
      // otherwise: reports by organisations and titles with odd openings are rare in its training.
      const rules = emptyReference(ref.text, chosen);
      if (chosen === 'nature' && ((readByRules(rules) && agree(rules, model)) || (readByRules(rules, true) && natureLayout(rules)))) {
        Object.assign(ref, rules);
        ref.doi ??= model.doi;
        ref.arxiv ??= model.arxiv;
      } else Object.assign(ref, model);
    } else if (chosen === 'nature') parseNature(ref);
    else if (chosen === 'vancouver' || chosen === 'ieee') parseNumbered(ref);
    else parseAuthorDate(ref);
  } catch (err) {
    // A parser bug must not cost the user the whole import: keep the text as the title.
    ref.title ??= ref.text;
    ref.notes.push(`parser error: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!ref.title && !ref.container && ref.authors.length === 0) ref.notes.push('nothing recognised');
  for (const [field, value] of Object.entries(ref.confidence)) {
    if (value < 0.6) ref.notes.push(`low confidence in ${field}`);
  }
  return ref;
}

/** Parses `ref` with the hand-written parser of its style; true when that parser read it completely, doubting nothing. */
function readByRules(ref: ParsedReference, report = false): boolean {
  if (ref.notes.length === 0 && Object.keys(ref.confidence).length === 0) {
    if (ref.style === 'nature') parseNature(ref);
    else if (ref.style === 'vancouver' || ref.style === 'ieee') parseNumbered(ref);
    else parseAuthorDate(ref);
  }
  // `report`: a work with neither journal nor publisher (an agency's report, a bill) counts as read.
  // Without a journal or publisher its title must be one sentence with no quotation: a title that
  // runs on past a full stop has swallowed the journal or preprint server the rules did not find;
  // one that ends in a number after a full stop has swallowed a book's page count.
  if (report) return ref.notes.every((n) => /type guessed/.test(n)) && Object.values(ref.confidence).every((c) => c >= 0.8) && ref.authors.length > 0 && !!ref.title && (!!(ref.container || ref.publisher) || !/[.?!]\s|[‘“"]/.test(ref.title)) && !/[.?!]\s+\d+$/.test(ref.title) && !!ref.year;
  return ref.notes.length === 0 && Object.values(ref.confidence).every((c) => c >= 0.9) && ref.authors.length > 0 && !!ref.title && !!ref.year && !!(ref.container || ref.publisher);
}

/**
 * The reference is laid out as Nature lays it out, which the Nature rules read exactly: names
 * "Family, I. I." joined by commas and "&" (or one corporate name), closed by the initials' period,
 * then the title, and the year in parentheses at the end. Other styles the detector could not
 * place (Springer's "Family, I.J.: Title", Science's "I. Family, Title") fail here, and there the
 * labeller, which knows them, is trusted over the rules.
 */
function natureLayout(ref: ParsedReference): boolean {
  const text = tidy(stripListNumber(ref.text));
  const names = readNames(text, ['family-initials', 'family-bare']);
  const first = names.people[0];
  if (!first || !ref.year || !new RegExp(String.raw`\(([^()]*,\s*)?${ref.year}[a-z]?\)\.?(\s|$)`).test(text)) return false;
  const after = text.slice(names.end);
  // A corporate name has words, not a lone initial ("S. Arslan, …" is Science's layout).
  if (first.literal) return names.people.length === 1 && /^\.\s+\S/.test(after) && !/[,:;]/.test(first.literal) && /^[\p{L}\d]{2,}\S*\s+\S/u.test(first.literal);
  const joined = text.slice(0, names.end);
  // "Maria A. Ortega, Sleep and Memory (…)": a given name and an initial, then a word and a comma,
  // is a note's given-first name, not Nature's "Family, I." (which always has its comma).
  if (!joined.includes(',') && /^\s+\p{Lu}[\p{L}'’-]+,/u.test(after)) return false;
  // A given name and a quoted title after the initials ("Phony-Baloney, F. Phidias, ‘Fighting …’") is the humanities' layout.
  return /^\s+(?:[\p{Lu}\d“"‘']|\((?!\d))/u.test(after) && !/^\s+\S+,\s+[‘“"]/.test(after) && /\.$/.test(joined) && !/,\s+and\s/.test(joined) && (names.people.length === 1 || names.others || /\s&\s/.test(joined));
}

/** The two readings find the same title (letter for letter, case aside), year and first author. */
function agree(a: ParsedReference, b: ParsedReference): boolean {
  const t = (r: ParsedReference) => (r.title ?? '').toLowerCase().replace(/[.?!]+$/, '').trim();
  return !!a.title && t(a) === t(b) && a.year === b.year && a.authors[0]?.family === b.authors[0]?.family;
}
