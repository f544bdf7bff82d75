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
      ref.text = stripListNumber(clean);
      parseLabelled(ref, labeller);
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
