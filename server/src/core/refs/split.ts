// Splits a pasted reference list into single references. Pure: text in, spans out.
// Publisher link words between references ("Article", "Google Scholar" ...) are dropped.
import type { Span } from '../model/types';

export interface SplitReference {
  text: string;
  span: Span;
}

const LINK_WORDS = /^(?:Article|Google Scholar|PubMed(?: Central)?|CAS|MathSciNet|ADS|Web of Science|CrossRef|Crossref)$/;
const NUMBER = /^(?:\[\d+\]|\d+[.)]|\(\d+\))\s+/;
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
  // A numbered list starts a reference at every number; a wrapped list (one reference over several
  // lines) at every paragraph; otherwise every line is a reference. Annotation sentences on a line
  // of their own stay with the reference before them.
  const wrapped = !numbered && detectWrapped(lines.map((l) => clean(l.text)));
  const blocks: { parts: string[]; start: number; end: number }[] = [];
  let current: { parts: string[]; start: number; end: number } | undefined;
  for (const line of lines) {
    const t = clean(line.text);
    if (!t) {
      if (wrapped) current = undefined;
      continue;
    }
    if (LINK_WORDS.test(t)) continue;
    const continues = current !== undefined && (numbered ? !NUMBER.test(t) : wrapped || ANNOTATION.test(t));
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
