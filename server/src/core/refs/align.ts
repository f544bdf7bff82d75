// Places the fields of a reading back onto the tokens of its text: which token holds the authors,
// the title, the journal and the numbers. The trainer uses it to label gold references, and the
// parser uses it to let the labeller judge a reading made by the hand-written rules. Pure.
import type { Label, Token } from './tokens';

/** The fields the aligner places; a gold reference and a ParsedReference both have this shape. */
export interface Alignable {
  authors?: readonly { family: string; given?: string; initials?: string; literal?: string }[];
  others?: boolean;
  title?: string;
  container?: string;
  publisher?: string;
  doi?: string;
  year?: string;
  volume?: string;
  issue?: string;
  pages?: string;
}

const fold = (c: string) => c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Where `value` occurs in `text` from `from` on, comparing letters and digits only. */
export function findSpan(text: string, value: string | undefined, from = 0): [number, number] | undefined {
  if (!value) return undefined;
  let norm = '';
  const map: number[] = [];
  for (let k = from; k < text.length; k++) {
    for (const c of fold(text.charAt(k))) {
      if (/[\p{L}\d]/u.test(c)) {
        norm += c;
        map.push(k);
      }
    }
  }
  const want = fold(String(value)).replace(/[^\p{L}\d]/gu, '');
  if (!want) return undefined;
  const at = norm.indexOf(want);
  if (at < 0) return undefined;
  return [map[at] as number, (map[at + want.length - 1] as number) + 1];
}

/** Token labels of one reading of `text`, or undefined when a field it names cannot be placed. */
export function alignLabels(ref: Alignable, text: string, tokens: readonly Token[]): Label[] | undefined {
  const labels: Label[] = tokens.map(() => 'O');
  const mark = (span: [number, number] | undefined, label: Label) => {
    if (!span) return;
    tokens.forEach((t, i) => {
      if (t.start < span[1] && t.end > span[0]) labels[i] = label;
    });
  };
  const tokenAt = (pred: (t: Token) => boolean, from = 0) => tokens.findIndex((t, i) => t.start >= from && labels[i] === 'O' && pred(t));
  let pos = 0;
  if (ref.authors?.length) {
    let end = 0;
    for (const a of ref.authors) {
      const s = findSpan(text, a.literal ?? a.family, pos);
      if (!s) return undefined;
      end = s[1];
      pos = s[1];
    }
    const last = ref.authors[ref.authors.length - 1] as NonNullable<Alignable['authors']>[number];
    const given = new Set(String(last.given ?? '').split(/[\s.-]+/).filter(Boolean).map((g) => g.toLowerCase()));
    for (const g of [...given]) given.add(g.charAt(0));
    // Initials may be printed run together ("WJ") or as a hyphenated pair.
    given.add([...given].map((g) => g.charAt(0)).join(''));
    given.add(String(last.initials ?? '').toLowerCase());
    let i = tokens.findIndex((t) => t.start >= end);
    while (i >= 0 && i < tokens.length) {
      const t = (tokens[i] as Token).text.toLowerCase();
      const next = tokens[i + 1]?.text.toLowerCase() ?? '';
      if (given.has(t) || t === 'jr' || t === '-' || (t === '.' && given.has(tokens[i - 1]?.text.toLowerCase() ?? '')) || (t === ',' && (given.has(next) || next === 'jr'))) {
        end = (tokens[i] as Token).end;
        i++;
      } else break;
    }
    if (ref.others) {
      for (let k = i; k >= 0 && k < Math.min(tokens.length, i + 6); k++) {
        if (/^(et|others|…)$/.test((tokens[k] as Token).text)) {
          end = (tokens[k] as Token).end;
          if (tokens[k + 1]?.text === 'al') end = (tokens[k + 1] as Token).end;
          if (tokens[k + 2]?.text === '.' && tokens[k + 1]?.text === 'al') end = (tokens[k + 2] as Token).end;
          break;
        }
      }
    }
    mark([0, end], 'A');
    pos = end;
  }
  const title = ref.title ? findSpan(text, ref.title, pos) : undefined;
  if (ref.title && !title) return undefined;
  mark(title, 'T');
  const afterTitle = title ? title[1] : pos;
  const container = ref.container ? findSpan(text, ref.container, afterTitle) : undefined;
  if (ref.container && !container) return undefined;
  mark(container, 'C');
  const afterContainer = container ? container[1] : afterTitle;
  if (ref.publisher) mark(findSpan(text, ref.publisher, afterContainer) ?? findSpan(text, ref.publisher, afterTitle), 'U');
  if (ref.doi) {
    const doi = ref.doi.toLowerCase();
    const i = tokens.findIndex((t) => t.text.toLowerCase().includes(doi));
    if (i >= 0) labels[i] = 'D';
  }
  if (ref.year) {
    const i = tokenAt((t) => t.text === ref.year);
    if (i >= 0) labels[i] = 'Y';
  }
  let numbersFrom = container ? container[0] : afterTitle;
  if (ref.volume) {
    const i = tokenAt((t) => t.text === ref.volume, numbersFrom);
    if (i >= 0) {
      labels[i] = 'V';
      numbersFrom = (tokens[i] as Token).end;
    }
  }
  if (ref.issue) {
    const i = tokenAt((t) => t.text === ref.issue, numbersFrom);
    if (i >= 0) labels[i] = 'I';
  }
  if (ref.pages) {
    const [first = '', last] = ref.pages.split('–');
    const i = tokenAt((t) => t.text === first || t.text === first.replace(/^\D+/, ''), numbersFrom);
    if (i >= 0) {
      labels[i] = 'P';
      if (tokens[i - 1] && /^[A-Za-z]$/.test((tokens[i - 1] as Token).text) && (tokens[i - 1] as Token).end === (tokens[i] as Token).start) labels[i - 1] = 'P';
      if (last && /^[-–—]$/.test(tokens[i + 1]?.text ?? '') && tokens[i + 2]) {
        labels[i + 1] = 'P';
        labels[i + 2] = 'P';
      }
    }
  }
  return labels;
}
