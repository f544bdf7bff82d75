// Writes entries as BibTeX text: plain Unicode values in, escaped and brace-protected fields out.
// Values are text, not LaTeX; the writer is the only place that knows BibTeX's escaping rules.
import type { Person } from '../../model/entry';

export type WritableField =
  | { name: string; value: string }
  | { name: string; people: readonly Person[]; others?: boolean };

export interface WritableEntry {
  key: string;
  type: string;
  fields: readonly WritableField[];
  /** A comment line written above the entry (e.g. what the importer was unsure of). */
  comment?: string;
}

const VERBATIM = new Set(['url', 'doi', 'eprint', 'file']);
const TITLES = new Set(['title', 'booktitle', 'journal', 'journaltitle', 'series', 'shorttitle']);

/** Escapes the characters BibTeX/LaTeX treat specially. */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}&%#_$~^]/g, (c) => {
    switch (c) {
      case '\\': return '\\textbackslash{}';
      case '~': return '\\textasciitilde{}';
      case '^': return '\\textasciicircum{}';
      default: return `\\${c}`;
    }
  });
}

/**
 * Protects words whose capitals must survive a style's case change: acronyms, words with inner
 * capitals, and capitalised words that do not start the title or a subtitle.
 */
export function protectTitle(text: string): string {
  let sentenceStart = true;
  return text
    .split(/(\s+)/)
    .map((token) => {
      if (/^\s+$/.test(token) || token === '') return token;
      const word = token.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '');
      if (!word) {
        // Punctuation alone ("‘", "—") does not end or start a sentence by itself, except a dash.
        if (/^[—–]$/.test(token)) sentenceStart = true;
        return escapeLatex(token);
      }
      const atStart = sentenceStart;
      sentenceStart = /[:.?!][’”"']?$/.test(token);
      if (!/\p{Lu}/u.test(word)) return escapeLatex(token);
      const innerCaps = /\p{Lu}/u.test(word.slice(1));
      if (atStart && !innerCaps) return escapeLatex(token);
      const i = token.indexOf(word);
      return escapeLatex(token.slice(0, i)) + '{' + escapeLatex(word) + '}' + escapeLatex(token.slice(i + word.length));
    })
    .join('');
}

function personText(p: Person): string {
  if (p.literal) return `{${escapeLatex(p.literal)}}`;
  const family = escapeLatex(p.family);
  const last = /\s/.test(p.family) ? `{${family}}` : family;
  const von = p.prefix ? `${escapeLatex(p.prefix)} ` : '';
  const jr = p.suffix ? `, ${escapeLatex(p.suffix)}` : '';
  return p.given ? `${von}${last}${jr}, ${escapeLatex(p.given)}` : `${von}${last}`;
}

function fieldValue(field: WritableField): string {
  if ('people' in field) {
    const names = field.people.map(personText);
    if (field.others) names.push('others');
    return names.join(' and ');
  }
  if (VERBATIM.has(field.name)) return field.value.replace(/[{}]/g, '');
  if (TITLES.has(field.name) && field.name !== 'journal' && field.name !== 'journaltitle') return protectTitle(field.value);
  // Page ranges use the TeX ligature, which every reader decodes back to an en dash.
  if (field.name === 'pages') return escapeLatex(field.value).replace(/–/g, '--');
  return escapeLatex(field.value);
}

export function writeBibtex(entries: readonly WritableEntry[]): string {
  return entries
    .map((entry) => {
      const fields = entry.fields.filter((f) => ('people' in f ? f.people.length > 0 : f.value.trim() !== ''));
      const width = Math.max(0, ...fields.map((f) => f.name.length));
      const body = fields.map((f) => `  ${f.name.padEnd(width)} = {${fieldValue(f)}}`).join(',\n');
      const comment = entry.comment ? `% ${entry.comment.replace(/\n/g, ' ')}\n` : '';
      return `${comment}@${entry.type}{${entry.key},\n${body}\n}\n`;
    })
    .join('\n');
}
