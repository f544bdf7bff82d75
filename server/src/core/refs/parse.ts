// Entry point of the reference-string parser: one reference in, one ParsedReference out.
// It detects the style when asked and never throws; doubts go into `notes` and `confidence`.
import { parseAuthorDate } from './authorDate';
import { detectStyle } from './detect';
import { stripListNumber } from './common';
import { parseLabelled } from './labelled';
import { labeller } from './model';
import { parseNature } from './nature';
import { parseNumbered } from './numbered';
import { emptyReference, type ParsedReference, type RefStyle } from './types';

export function parseReference(text: string, style: 'auto' | RefStyle = 'auto'): ParsedReference {
  const clean = text.replace(/[\s\u00a0]+/g, ' ').trim().replace(/^(?:\[\d+\]|\d+[.)])\s+/, (m) => (style === 'ieee' || style === 'vancouver' || style === 'auto' ? m : ''));
  const chosen = style === 'auto' ? detectStyle(clean) : style;
  const ref = emptyReference(clean.replace(/^(?:\[\d+\]|\d+[.)])\s+/, ''), chosen);
  try {
    // An unknown style is read by the trained labeller, which generalises across layouts; a named
    // style keeps its hand-written parser, which is exact on the lists it was written for.
    if (style === 'auto') {
      const model = emptyReference(stripListNumber(clean), chosen);
      parseLabelled(model, labeller);
      // Where the reference looks like Nature's layout, and the Nature parser reads it completely
      // and agrees with the labeller on title, year and first author, its finer reading wins
      // (abbreviated journals, annotations); otherwise the labeller, which generalises, does.
      const rules = emptyReference(ref.text, chosen);
      if (chosen === 'nature' && readByRules(rules) && agree(rules, model)) {
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
function readByRules(ref: ParsedReference): boolean {
  if (ref.style === 'nature') parseNature(ref);
  else if (ref.style === 'vancouver' || ref.style === 'ieee') parseNumbered(ref);
  else parseAuthorDate(ref);
  return ref.notes.length === 0 && Object.values(ref.confidence).every((c) => c >= 0.9) && ref.authors.length > 0 && !!ref.title && !!ref.year && !!(ref.container || ref.publisher);
}

/** The two readings find the same title (letter for letter, case aside), year and first author. */
function agree(a: ParsedReference, b: ParsedReference): boolean {
  const t = (r: ParsedReference) => (r.title ?? '').toLowerCase().replace(/[.?!]+$/, '').trim();
  return !!a.title && t(a) === t(b) && a.year === b.year && a.authors[0]?.family === b.authors[0]?.family;
}
