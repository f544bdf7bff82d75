// Splits a pasted reference list into single references. Pure: text in, spans out.
// Publisher link words between references ("Article", "Google Scholar" ...) are dropped.
import type { Span } from '../model/types';
import { joinBrokenDoi, LIST_NUMBER as NUMBER } from './common';

export interface SplitReference {
  text: string;
  span: Span;
}

const LINK_WORDS = /^(?:Article|Google Scholar|PubMed(?: Central)?|CAS|MathSciNet|ADS|Web of Science|CrossRef|Crossref)$/;
/** An annotation line: a sentence that comments on the previous reference rather than citing anything. */
const ANNOTATION = /^(?:This|These|That|Here|In this|The authors|This paper|This study|This review|This work)\b/;

function clean(line: string): string {
  return line.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Each non-empty line (or paragraph, when lines are wrapped) becomes a reference. */
export function splitReferences(text: string): { refs: SplitReference[] } {
  const lines: { text: string; start: number; end: number }[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw, start: offset, end: offset + raw.length });
    offset += raw.length + 1;
  }
  const numbered = lines.filter((l) => NUMBER.test(clean(l.text))).length > 1;
  // A number always starts a reference. A list whose references are paragraphs wrapped over
  // several lines starts one at every paragraph. Otherwise a line starts a reference unless it
  // continues the line before (which ended mid-sentence, or it starts like no reference does);
  // so a list that mixes "1.", "[3]" and unnumbered items never runs references together.
  // Annotation sentences on a line of their own stay with the reference before them.
  const paragraphs = /\S[^\S\n]*\n[^\S\n]*\n\s*\S/.test(text);
  const wrapped = !numbered && paragraphs && detectWrapped(lines.map((l) => clean(l.text)));
  const blocks: { parts: string[]; start: number; end: number }[] = [];
  let current: { parts: string[]; start: number; end: number } | undefined;
  for (const [li, line] of lines.entries()) {
    const t = clean(line.text);
    if (!t) {
      // A blank line always ends a reference; only link words and annotations may follow it.
      if (current && !ANNOTATION.test(nextText(lines, li))) current = undefined;
      continue;
    }
    if (LINK_WORDS.test(t)) continue;
    const previous = current?.parts[current.parts.length - 1] ?? '';
    const continues = current !== undefined && !NUMBER.test(t) && (wrapped || ANNOTATION.test(t) || continuesLine(previous, t));
    if (current && continues) {
      current.parts.push(t);
      current.end = line.end;
    } else {
      current = { parts: [t], start: line.start + Math.max(0, line.text.indexOf(t.charAt(0))), end: line.end };
      blocks.push(current);
    }
  }
  const refs = blocks.map((b) => ({
    text: b.parts.join(' ').replace(NUMBER, '').trim(),
    span: { start: b.start, end: trimEnd(text, b.end) },
  }));
  return { refs };
}

/** The next non-blank line after line `at`, skipping link words. */
function nextText(lines: readonly { text: string }[], at: number): string {
  for (let i = at + 1; i < lines.length; i++) {
    const t = clean((lines[i] as { text: string }).text);
    if (t && !LINK_WORDS.test(t)) return t;
  }
  return '';
}

/** A reference's first words: a family name with its particles and a comma or initials ("de Geer,", "d’Alessandro,", "de Luna AB"). */
const NAME_START = /^(?:\p{Ll}{1,3}[’']?\s?)*\p{Lu}[\p{L}’'\-]+(?:,|\s\p{Lu}{1,3}\s)/u;

/**
 * Whether `line` carries on the reference of the line before: that line stopped mid-phrase (on a
 * comma, a dash or a word like "and"), or this one starts in lower case or with a number glued to
 * punctuation ("2020;1:2."). Many
 * styles end a reference without a period, so a missing period alone proves nothing.
 */
function continuesLine(previous: string, line: string): boolean {
  if (/(?:[,;:&–-]|\b(?:and|of|the|in|for|on|a|an|to|with|from|by))$/.test(previous)) return true;
  // A DOI the line break cut in two ("doi:10.1017/" then "S0963926815000012") goes on here.
  const pair = `${/\S+$/.exec(previous)?.[0] ?? ''} ${/^\S+/.exec(line)?.[0] ?? ''}`;
  if (joinBrokenDoi(pair) !== pair) return true;
  // A line that ends the way references end (pages, a year, a DOI) is complete: a lower-case line
  // after it is a note or a stray line of its own, not more of that reference.
  const complete = /(?:\d|\))[.)]?$|https?:\/\/\S+$|\b10\.\d{4,9}\/\S+$/.test(previous);
  return (/^[\p{Ll}(]/u.test(line) && !NAME_START.test(line) && !complete) || /^\d+[;:,.)–-]/.test(line);
}

/** A list is wrapped when some non-empty line ends without final punctuation and the next line continues it. */
function detectWrapped(lines: string[]): boolean {
  let continued = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i] as string;
    const b = lines[i + 1] as string;
    if (a && b && !LINK_WORDS.test(a) && !LINK_WORDS.test(b) && !/[.)\]]$/.test(a) && /^[a-z(]/.test(b)) continued++;
  }
  return continued >= 1;
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /[\s\u00a0]/.test(text.charAt(e - 1))) e--;
  return e;
}
