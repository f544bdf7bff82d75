// Reads a reference whose style is unknown: the sequence labeller tags its tokens with fields,
// and this module turns the tagged runs into a ParsedReference (names split, pages tidied,
// type guessed from what was found). Pure; the model comes in as data.
import { stripEnd, takeIdentifiers, tidy, tidyPages } from './common';
import { findEditors } from './editors';
import { guessType, PROCEEDINGS } from './kind';
import type { Labeller } from './labeller';
import { readNameList, readNames } from './people';
import { type Label, type Token, tokenize } from './tokens';
import type { ParsedReference } from './types';


interface Run {
  label: Label;
  from: number;
  to: number;
}

/**
 * Runs of equal labels. A period the labeller left outside a title or container that continues
 * after it ("N. Engl. J. Med.", "Title. Subtitle") belongs to that field.
 */
function runsOf(tokens: readonly Token[], labels: readonly Label[]): Run[] {
  const runs: Run[] = [];
  labels.forEach((label, i) => {
    const last = runs[runs.length - 1];
    if (last && last.label === label && last.to === i - 1) last.to = i;
    else runs.push({ label, from: i, to: i });
  });
  for (let k = runs.length - 2; k > 0; k--) {
    const [a, gap, b] = [runs[k - 1] as Run, runs[k] as Run, runs[k + 1] as Run];
    // "(TCAV)", "(2015–20)" inside a title: a parenthesis the labeller cut the title at.
    if (a.label === 'T' && b.label === 'T' && gap.label === 'O' && (tokens[gap.from] as Token).text === '(' && tokens.slice(gap.from, gap.to + 1).some((t) => t.text === ')')) {
      a.to = b.to;
      runs.splice(k, 2);
      continue;
    }
    if (a.label === b.label && (a.label === 'C' || a.label === 'T') && gap.label === 'O' && gap.from === gap.to && /^[.:]$/.test((tokens[gap.from] as Token).text)) {
      a.to = b.to;
      runs.splice(k, 2);
    }
  }
  return runs;
}

/** Numbers take the letters glued to them: volume "PC-18", pages "S72–89" or "e1005268". */
function glueNumbers(tokens: readonly Token[], labels: Label[]): Label[] {
  for (let i = 1; i < tokens.length; i++) {
    const label = labels[i] as Label;
    if ((label !== 'V' && label !== 'P') || labels[i - 1] === label) continue;
    let from = i;
    while (from > 0 && (tokens[from - 1] as Token).end === (tokens[from] as Token).start && /^(?:\p{L}{1,4}|-)$/u.test((tokens[from - 1] as Token).text) && labels[from - 1] !== 'A') from--;
    while (from < i && !/^\p{L}/u.test((tokens[from] as Token).text)) from++;
    for (let k = from; k < i; k++) labels[k] = label;
  }
  return labels;
}

/**
 * A title that ends, or starts, with a parenthesis ("… vectors (TCAV)", "(De)constructing bias")
 * takes it in when it holds no year or number the reference needs elsewhere.
 */
function absorbParenthesis(run: Run, tokens: readonly Token[], labels: readonly Label[]): void {
  const inRun = tokens.slice(run.from, run.to + 1).map((t) => t.text);
  if (inRun.filter((t) => t === '(').length > inRun.filter((t) => t === ')').length && tokens[run.to + 1]?.text === ')') run.to++;
  if ((tokens[run.to + 1] as Token | undefined)?.text === '(') {
    let k = run.to + 2;
    while (k < tokens.length && (tokens[k] as Token).text !== ')' && (tokens[k] as Token).text !== '(' && k - run.to < 12) k++;
    const inside = tokens.slice(run.to + 2, k);
    const after = tokens[k + 1]?.text ?? '';
    // Only an acronym ("(TCAV)", "(ELUs)"): "(PhD thesis)" or "(2nd ed.)" describe the work, they are not its title.
    const acronym = inside.length === 1 && /^\p{Lu}[\p{L}\d-]*$/u.test((inside[0] as Token).text) && ((inside[0] as Token).text.match(/\p{Lu}/gu) ?? []).length >= 2;
    if ((tokens[k] as Token | undefined)?.text === ')' && acronym && labels.slice(run.to + 1, k + 1).every((l) => l === 'O' || l === 'T') && /^[.:?!,”"’]?$/.test(after)) run.to = k;
  }
  const open = run.from - 3;
  if (open >= 0 && (tokens[open] as Token).text === '(' && (tokens[run.from - 1] as Token).text === ')' && (tokens[run.from - 1] as Token).end === (tokens[run.from] as Token).start) run.from = open;
}

/**
 * Vancouver-like lists close the names with the last initials' period ("Kaplan S. Adaptation,
 * structure, and knowledge."); a title opening with a word and a comma looks like one more name,
 * and the labeller may take it. When the names up to that period read completely as "Family AB"
 * names and one capitalised word follows, the word goes back to the title that follows it.
 */
function takeBackTitleWord(authors: Run, title: Run | undefined, tokens: readonly Token[], text: string): void {
  if (!title || title.from !== authors.to + 1 && !(title.from === authors.to + 2 && tokens[authors.to + 1]?.text === ',')) return;
  const last = authors.to - ((tokens[authors.to] as Token).text === ',' ? 1 : 0);
  const word = tokens[last] as Token;
  const dot = tokens[last - 1];
  if (!dot || dot.text !== '.' || !/^\p{Lu}[\p{L}-]*$/u.test(word.text) || !/^\p{Lu}{1,3}$/u.test(tokens[last - 2]?.text ?? '')) return;
  if (text.charAt(word.end) !== ',') return;
  const head = text.slice(0, dot.start);
  const names = readNames(head, ['family-bare']);
  if (names.people.length === 0 || names.people.some((p) => p.literal) || names.end < head.length) return;
  authors.to = last - 1;
  title.from = last;
}

/** The field without the quotes or brackets around it; a quote that closes one inside the field stays. */
function unquote(text: string): string {
  let s = text.replace(/^[\s“"‘'«\[]+/, '').replace(/^\((?![^()]*\)\S)/, '').replace(/[\s,;:]+$/, '');
  const count = (re: RegExp) => (s.match(re) ?? []).length;
  for (;;) {
    const last = s.charAt(s.length - 1);
    const inner = last === '”' ? count(/“/g) >= count(/”/g) : last === '’' ? count(/‘/g) >= count(/’/g) : last === '"' ? count(/"/g) % 2 === 0 : last === '»' ? count(/«/g) >= count(/»/g) : false;
    if (!/[”"’»']/.test(last) || inner) break;
    s = s.slice(0, -1).replace(/[\s,;:]+$/, '');
  }
  return s;
}

export function parseLabelled(ref: ParsedReference, labeller: Labeller): void {
  const text = tidy(ref.text);
  takeIdentifiers(text, ref);
  const tokens = tokenize(text);
  const labels = glueNumbers(tokens, labeller.label(tokens, text));
  const runs = runsOf(tokens, labels);
  const slice = (r: Run) => text.slice((tokens[r.from] as Token).start, (tokens[r.to] as Token).end);
  const first = (label: Label) => runs.find((r) => r.label === label);

  const authors = first('A');
  const title = first('T');
  if (authors && authors.from === 0) takeBackTitleWord(authors, title, tokens, text);
  if (authors && authors.from === 0) {
    const span = slice(authors).replace(/[\s,;:]+$/, '');
    const names = readNameList(span);
    ref.authors = names.people;
    ref.others = names.others || /(?:et al\.?|and others|…)$/.test(span);
    ref.confidence.authors = names.end >= span.replace(/[.,]$/, '').length - 1 ? 0.9 : 0.5;
    // Words the labeller gave the names but no name reading takes ("J. L. Horn, Psychometrika,
    // 1965, 30, 179–185") are the field that follows the names, when that field is missing: the
    // journal where numbers follow, else the title.
    const rest = span.slice(names.end).replace(/^[\s,.;:]+/, '');
    if (names.people.length > 0 && !names.people.some((p) => p.literal) && rest && /^\p{Lu}[^\d]*$/u.test(rest) && !/\bet al\b|\band\b|&/.test(rest)) {
      const at = tokens.findIndex((t) => t.start >= (tokens[authors.from] as Token).start + span.length - rest.length);
      const hasNumbers = runs.some((r) => r.label === 'V' || r.label === 'P');
      const into: Label | undefined = hasNumbers && !first('C') && !first('T') ? 'C' : !first('T') ? 'T' : undefined;
      if (into && at > authors.from) {
        const moved: Run = { label: into, from: at, to: authors.to };
        authors.to = at - 1;
        runs.splice(runs.indexOf(authors) + 1, 0, moved);
        ref.confidence.authors = 0.8;
      }
    }
  } else ref.confidence.authors = 0.3;

  if (title) absorbParenthesis(title, tokens, labels);
  const container = first('C');
  if (container) absorbParenthesis(container, tokens, labels);
  if (title) {
    // A question or exclamation closing the title is part of it.
    const mark = /^[?!]/.exec(text.slice((tokens[title.to] as Token).end));
    ref.title = stripEnd(unquote(slice(title))) + (mark ? mark[0] : '');
    // A quotation closing the title (“… “De Motu Animalium.”) keeps its closing mark, which
    // Chicago-like styles print after the period.
    const closes = /^[.?!]?([”’])/.exec(text.slice((tokens[title.to] as Token).end));
    const open = closes?.[1] === '”' ? '“' : '‘';
    if (closes && (ref.title.split(open).length - 1) > (ref.title.split(closes[1] as string).length - 1)) ref.title += closes[1];
    ref.confidence.title = 0.85;
  }
  if (container) {
    let c = unquote(slice(container));
    // A journal abbreviation keeps its final period ("J. Neurosci."), a sentence does not.
    const next = text.charAt((tokens[container.to] as Token).end);
    if (next === '.' && /\p{L}\.\s/u.test(c) && /\b\p{Lu}\p{Ll}{0,6}$/u.test(c)) c += '.';
    ref.container = c.replace(/^(?:in:?\s+)/i, '').replace(/[\s,;:]+$/, '');
    ref.confidence.container = 0.85;
  }
  const year = runs.find((r) => r.label === 'Y' && /^\d{4}$/.test(slice(r)));
  if (year) {
    ref.year = slice(year);
    ref.confidence.year = 0.95;
  }
  const volume = first('V');
  if (volume) ref.volume = slice(volume).replace(/^vol\.?\s*/i, '');
  const issue = first('I');
  if (issue) ref.issue = slice(issue).replace(/^no\.?\s*/i, '');
  const pages = first('P');
  if (pages) ref.pages = tidyPages(slice(pages).replace(/^pp?\.\s*/, ''));
  const publisher = first('U');
  if (publisher) ref.publisher = stripEnd(unquote(slice(publisher)));

  // Pages the labeller missed but the text marks as pages ("Pp. 55–61 in …", "pp. 3–8").
  if (!ref.pages) {
    const marked = /(?:^|[\s(,;.])[Pp]p?\.\s*([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)\b/.exec(text);
    if (marked) ref.pages = tidyPages(marked[1] as string);
  }
  // Every work has a title; a reference with a "container" and no title names a book or report
  // by its title, unless numbers show it to be a journal cited without the article's title, as
  // physics styles do ("S.M. Rump, Mathematics of Computation 33, 327 (1979)").
  const inBefore = (run: Run) => /(?:^|[,.]\s*)[Ii]n:?\s*$/.test(text.slice(authors?.from === 0 ? (tokens[authors.to] as Token).end : 0, (tokens[run.from] as Token).start));
  // What follows "in", a proceedings and a preprint server are containers even without a title.
  if (!ref.title && ref.container && container && !ref.volume && !ref.issue && !ref.pages && !inBefore(container) && !PROCEEDINGS.test(ref.container) && !/\barxiv\b/i.test(ref.container)) {
    ref.title = stripEnd(ref.container);
    ref.container = undefined;
    ref.confidence.title = 0.7;
    delete ref.confidence.container;
  }
  // A "title" opened by "in" with no container after it is the book a chapter stands in, cited
  // without the chapter's own title ("K. Lewin, in The Complete Social Scientist, edited by …").
  if (title && !container && ref.title && inBefore(title)) {
    ref.container = ref.title;
    ref.title = undefined;
    ref.confidence.container = 0.7;
    delete ref.confidence.title;
  }
  const editors = findEditors(text);
  if (editors) {
    ref.editors = editors.people;
    ref.editorsOthers = editors.others;
    // The labeller may have run the container on into the names it did not know were editors.
    if (ref.container && container) {
      const from = (tokens[container.from] as Token).start;
      const to = (tokens[container.to] as Token).end;
      if (from < editors.to && to > editors.from) {
        const kept = from < editors.from ? text.slice(from, editors.from) : text.slice(editors.to, to);
        const c = stripEnd(unquote(kept)).replace(/^(?:in:?\s+)/i, '');
        if (c) ref.container = c;
      }
    }
  }
  const before = container && container.from > 0 ? text.slice(0, (tokens[container.from] as Token).start) : '';
  const inPart = !!ref.container && (/\b[Ii]n:?\s*(?:[^.]*\((?:eds?|Eds?)\.?\)[,:]?\s*)?$/.test(before) || /\b(?:eds?\.|edited by)/i.test(text));
  ref.type = guessType(ref, text, inPart);
  if (!ref.title && !ref.container) ref.notes.push('no title recognised');
  // "??" stands for what the author did not know (pages, a volume): report it, never guess it.
  if (/\?\?/.test(text)) {
    ref.notes.push('a placeholder "??" stands for an unknown field');
    if (!ref.pages) ref.confidence.pages = 0;
  }
}
