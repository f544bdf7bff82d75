// Tokens of one reference string and the layout features the sequence labeller reads from them.
// Features describe shape, punctuation and position, not the words of any one list, so that a
// layout seen in one style carries over to others. Pure; no imports beyond this folder.

export interface Token {
  text: string;
  start: number;
  end: number;
}

// URLs and DOIs are one token each, and so are numbers with a letter prefix ("PC-18", "S72",
// "e1005268"); words keep their inner apostrophes, while hyphens and dots are tokens of their own.
const TOKEN = /https?:\/\/\S+[^\s.,;)\]>]|\b10\.\d{4,9}\/\S+[^\s.,;)\]>]|\b[A-Za-z]{1,2}-?\d+\b|[\p{L}\p{M}]+(?:[’'][\p{L}\p{M}]+)*|\d+|\S/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export const LABELS = ['O', 'A', 'T', 'C', 'Y', 'V', 'I', 'P', 'U', 'D'] as const;
export type Label = (typeof LABELS)[number];

function shape(t: string): string {
  if (/^https?:/.test(t)) return 'URL';
  if (/^10\.\d/.test(t)) return 'DOI';
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (t.length === 4 && n >= 1500 && n <= 2099) return 'YEAR';
    return `D${Math.min(t.length, 5)}`;
  }
  // A number with a letter prefix stands where numbers stand.
  const coded = /^[A-Za-z]{1,2}-?(\d+)$/.exec(t);
  if (coded) return `D${Math.min((coded[1] as string).length, 5)}`;
  if (/^\p{Lu}$/u.test(t)) return 'I';
  if (/^\p{Lu}{2,3}$/u.test(t)) return 'II';
  if (/^\p{Lu}+$/u.test(t)) return 'CAPS';
  if (/^\p{Lu}/u.test(t)) return 'Xx';
  if (/^\p{Ll}/u.test(t)) return 'x';
  return t;
}

const OPEN = new Set(['“', '"', '‘', '«']);
const CLOSE = new Set(['”', '"', '’', '»']);
const bucket = (n: number, max: number) => String(Math.min(n, max));

/** Feature strings per token. Words are kept only when short or common in references; the rest is shape. */
export function featuresOf(tokens: readonly Token[], text: string, vocabulary: ReadonlySet<string>): string[][] {
  const n = tokens.length;
  const shapes = tokens.map((t) => shape(t.text));
  // Each token's word is read by several features: worked out once per token.
  const words = tokens.map((t, i) => {
    // All dashes read alike: a range is a range whether typed with a hyphen, an en or an em dash.
    const w = t.text.toLowerCase().replace(/^[-‐‑‒–—―−]$/, '–');
    return vocabulary.has(w) ? w : (shapes[i] as string);
  });
  const word = (i: number) => (i < 0 ? 'BOS' : i >= n ? 'EOS' : (words[i] as string));
  // Running state: inside quotes or parentheses, sentence breaks so far, whether a year was seen.
  const inQuote: boolean[] = [];
  const inParen: boolean[] = [];
  const breaksBefore: number[] = [];
  const yearBefore: boolean[] = [];
  let q = false;
  let p = 0;
  let breaks = 0;
  let year = false;
  for (let i = 0; i < n; i++) {
    const t = (tokens[i] as Token).text;
    const prev = tokens[i - 1]?.text ?? '';
    const was = q;
    if (!q && OPEN.has(t)) q = true;
    else if (q && CLOSE.has(t)) q = false;
    inQuote.push(q || was);
    inParen.push(p > 0);
    if (t === ')' || t === ']') p = Math.max(0, p - 1);
    breaksBefore.push(breaks);
    if ((t === '.' || t === '?' || t === '!') && !/^\p{Lu}$/u.test(prev) && /\s/.test(text.charAt((tokens[i] as Token).end))) breaks++;
    yearBefore.push(year);
    // A year-like number in a page range ("1981–1990") is not the reference's year.
    const dash = /^[-‐‑‒–—―−]$/;
    if (shapes[i] === 'YEAR' && !dash.test(tokens[i + 1]?.text ?? '') && !dash.test(prev)) year = true;
  }
  const total = breaks;
  const nextDigit: number[] = new Array(n).fill(99);
  let lastDigit = 99;
  for (let i = n - 1; i >= 0; i--) {
    if (/^D|YEAR/.test(shapes[i] as string)) lastDigit = i;
    nextDigit[i] = lastDigit === 99 ? 99 : lastDigit - i;
  }
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    const gapBefore = i > 0 && t.start > (tokens[i - 1] as Token).end ? 's' : 'n';
    const gapAfter = i + 1 < n && (tokens[i + 1] as Token).start > t.end ? 's' : 'n';
    const f = [
      'b',
      `w=${word(i)}`,
      `s=${shapes[i]}`,
      `w-1=${word(i - 1)}`,
      `w+1=${word(i + 1)}`,
      `w-2=${word(i - 2)}`,
      `w+2=${word(i + 2)}`,
      `w-1w=${word(i - 1)}|${word(i)}`,
      `ww+1=${word(i)}|${word(i + 1)}`,
      `s-1s+1=${shapes[i - 1] ?? 'BOS'}|${shapes[i + 1] ?? 'EOS'}`,
      `gap=${gapBefore}${gapAfter}`,
      `q=${inQuote[i] ? 1 : 0}`,
      `par=${inParen[i] ? 1 : 0}`,
      `brk=${bucket(breaksBefore[i] as number, 5)}`,
      `brkEnd=${bucket(total - (breaksBefore[i] as number), 5)}`,
      `pos=${Math.floor((10 * i) / Math.max(1, n))}`,
      `yr=${yearBefore[i] ? 1 : 0}`,
      `dig=${bucket(nextDigit[i] as number, 8)}`,
      `first=${i === 0 ? 1 : 0}`,
      `sq=${shapes[i]}|${inQuote[i] ? 1 : 0}`,
      `sp=${shapes[i]}|${inParen[i] ? 1 : 0}|${shapes[i - 1] ?? 'BOS'}`,

      `sbrk=${shapes[i]}|${bucket(breaksBefore[i] as number, 3)}`,
      `sy=${shapes[i]}|${yearBefore[i] ? 1 : 0}|${bucket(breaksBefore[i] as number, 3)}`,
    ];
    out.push(f);
  }
  return out;
}
