// Reads a reference whose style is unknown: the sequence labeller tags its tokens with fields,
// and this module turns the tagged runs into a ParsedReference (names split, pages tidied,
// type guessed from what was found). Pure; the model comes in as data.
import { stripEnd, takeIdentifiers, tidy, tidyPages } from './common';
import { findEditors } from './editors';
import { guessType, PROCEEDINGS } from './kind';
import type { Labeller } from './labeller';
import { glueNumbers, mendLabels } from './mend';
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
  sentenceAfterTitleIsContainer(runs, tokens);
  for (let k = runs.length - 2; k > 0; k--) {
    const [a, gap, b] = [runs[k - 1] as Run, runs[k] as Run, runs[k + 1] as Run];
    // "(TCAV)", "(2015–20)" inside a title: a parenthesis the labeller cut the title at.
    if (a.label === 'T' && b.label === 'T' && gap.label === 'O' && (tokens[gap.from] as Token).text === '(' && tokens.slice(gap.from, gap.to + 1).some((t) => t.text === ')')) {
      a.to = b.to;
      runs.splice(k, 2);
      continue;
    }
    // "… of the SAM, Minerva II, Matrix, and TODAM Models", "Compared: SAM, REM, Matrix, and …":
    // capitalised words after a comma or a colon, set off by commas,
    // between two pieces of a title are items of a list in it.
    const listed = tokens.slice(gap.from, gap.to + 1).map((t) => t.text);
    if (a.label === 'T' && b.label === 'T' && gap.label === 'O' && listed.length > 2 && (listed[0] === ',' || listed[0] === ':') && listed[listed.length - 1] === ',' && listed.every((t) => t === ',' || t === listed[0] || /^\p{Lu}[\p{L}’'-]*$/u.test(t))) {
      a.to = b.to;
      runs.splice(k, 2);
      continue;
    }
    // "Ann. N. Y. Acad. Sci.": lone capitals between two pieces of a journal are more of it.
    const capitals = tokens.slice(gap.from, gap.to + 1).every((t) => /^(?:\.|\p{Lu})$/u.test(t.text));
    if (a.label === 'C' && b.label === 'C' && gap.label === 'O' && capitals && (tokens[gap.from] as Token).text === '.') {
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

/**
 * "Title of the chapter. Title of the book. Cambridge: Press; 1997. p. 79–130.": two sentences
 * read as the title, with no container anywhere and a page range after them, are a title and the
 * book or journal it stands in: a range of pages is a part of something, and a work cited whole
 * has at most a count of its pages. The labeller gives them as two title runs or as one run
 * holding the full stop; the last full stop after a whole word parts them.
 */
function sentenceAfterTitleIsContainer(runs: Run[], tokens: readonly Token[]): void {
  if (runs.some((r) => r.label === 'C')) return;
  const titles = runs.filter((r) => r.label === 'T');
  if (titles.length === 0 || titles.length > 2) return;
  const first = titles[0] as Run;
  const last = titles[titles.length - 1] as Run;
  const range = runs.some((r) => r.label === 'P' && r.from > last.to && tokens.slice(r.from, r.to + 1).some((t) => /^[-–—]$/.test(t.text)));
  if (!range) return;
  const text = (i: number) => tokens[i]?.text ?? '';
  // A sentence's end: a full stop after a whole word (not "vs.", "U.S.", an initial), before a
  // capital; "Title. In Book …" is left to splitTitleAtIn, which drops the "In".
  const ends = (k: number) => text(k) === '.' && /^\p{L}{3,}$/u.test(text(k - 1)) && !/^\p{Lu}+$/u.test(text(k - 1)) && /^\p{Lu}/u.test(text(k + 1)) && text(k + 1) !== 'In' && text(k - 1) !== 'vs';
  if (titles.length === 2) {
    if (last.from === first.to + 2 && ends(first.to + 1)) last.label = 'C';
    return;
  }
  for (let k = first.to - 1; k > first.from + 1; k--) {
    if (!ends(k)) continue;
    runs.splice(runs.indexOf(first) + 1, 0, { label: 'O', from: k, to: k }, { label: 'C', from: k + 1, to: first.to });
    first.to = k - 1;
    return;
  }
}

// A thesis's genre after its title: after a full stop or comma ("… erosion. PhD thesis."), in
// brackets ("… leaders [PhD thesis]", the National Library of Medicine's form), or with no
// punctuation at all when a degree names it ("… line-art Undergraduate thesis", the Institute of Physics).
const DEGREE = String.raw`(?:Ph\.?\s?D\.?|Doctoral|Master[’']?s|MSc|MA|BSc|Bachelor[’']?s|Undergraduate|Honours|Diploma)`;
const GENRE = String.raw`(?:Unpublished\s+)?(?:${DEGREE}\s+)?(?:thesis|dissertation)(?:\s+thesis)?`;
const THESIS_AFTER = new RegExp(String.raw`(?:[.,]\s+${GENRE}|\s*\[${GENRE}\]?|\s+(?:Unpublished\s+)?${DEGREE}\s+(?:thesis|dissertation)|\s+Unpublished\s+(?:thesis|dissertation))\.?$`, 'i');
// The genre's first words, when the labeller ended the title inside it ("… leaders Unpublished | doctoral dissertation").
const GENRE_START = new RegExp(String.raw`\s+(?:Unpublished(?:\s+${DEGREE})?|${DEGREE})$`, 'i');
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
 * "Proceedings of the 17th Workshop on Mobile Computing (HotMobile), 33–38", "In European
 * Conference on Computer Vision (ECCV). Springer.": a meeting's short name in parentheses right
 * after its proceedings' name, a word and perhaps a year, is part of that name, whatever the
 * labeller made of it. A place ("(Venice, 1995)") or a publisher has a comma or more words.
 */
function takeMeetingName(container: Run, runs: Run[], tokens: readonly Token[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  if (text(container.to + 1) !== '(') return;
  const name = tokens.slice(container.from, container.to + 1).map((t) => t.text).join(' ');
  if (!PROCEEDINGS.test(name)) return;
  const word = text(container.to + 2);
  const close = /^(?:1[89]|20)\d\d$|^[’']\d\d$/.test(text(container.to + 3)) ? container.to + 4 : container.to + 3;
  if (!/^\p{L}[\p{L}\d-]*$/u.test(word) || /^(?:eds?|Hrsg|in|and)$/i.test(word) || text(close) !== ')' || !/^[.,;:]?$/.test(text(close + 1))) return;
  for (const r of runs) if (r !== container && r.from > container.to && r.to <= close) r.label = 'O';
  container.to = close;
}

/** True when `text` reads as one name written given names first ("Maria A. Ortega"). */
function isOneGivenFirstName(text: string): boolean {
  const list = readNames(text, ['given-family']);
  return list.people.length === 1 && !list.people[0]?.literal && list.end >= text.length;
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
  // Vancouver titles are in sentence case ("Kaplan S. Adaptation, structure, …"); a capital after
  // the comma ("Maria A. Ortega, Sleep and Memory …") is a note's given-first name before a title.
  // A word in capitals ("Greene O. NIME, Musicality …") is an acronym opening the title, not a family name.
  if (/^\p{Lu}\p{Ll}/u.test(word.text) && /^,\s*\p{Lu}\p{Ll}/u.test(text.slice(word.end)) && isOneGivenFirstName(text.slice(0, word.end))) return;
  const head = text.slice(0, dot.start);
  const names = readNames(head, ['family-bare']);
  if (names.people.length === 0 || names.people.some((p) => p.literal) || names.end < head.length) return;
  authors.to = last - 1;
  title.from = last;
}

/**
 * DIN 1505 sets names off with spaced semicolons and closes them with a colon ("Lind, K S ;
 * Carter-Jones, W: Title", "…; u. a.: Title"). Where the labeller stopped the names short of that
 * colon, and all the text before it reads as names, the names run to it and the title starts after it.
 */
function namesToColon(authors: Run, runs: Run[], tokens: readonly Token[], text: string): void {
  const start = (tokens[authors.from] as Token).start;
  if (!/\s;\s/.test(text.slice(start, (tokens[authors.to] as Token).end))) return;
  let colon = authors.to + 1;
  while (colon < tokens.length && colon - authors.to <= 6 && (tokens[colon] as Token).text !== ':') colon++;
  if ((tokens[colon] as Token | undefined)?.text !== ':' || colon === authors.to + 1) return;
  const head = text.slice(start, (tokens[colon] as Token).start).trim();
  const names = readNameList(head);
  if (names.people.length === 0 || names.people.some((p) => p.literal) || names.end < head.length) return;
  authors.to = colon - 1;
  for (const r of runs) {
    if (r === authors || r.to <= authors.from || r.from > colon) continue;
    if (r.to <= colon) r.label = 'O';
    else r.from = colon + 1;
  }
}

/**
 * "Tufte, E. R., and P. R. Graves-Morris. The Visual Display …": names that end on initials after
 * "and" or a comma have lost their family name to the title the labeller started too early. When
 * the title opens with a capitalised word (hyphenated or not) and a full stop, and goes on after
 * it, that word is the family name.
 */
function takeFamilyName(authors: Run, title: Run | undefined, tokens: readonly Token[], text: string): void {
  if (!title || title.from !== authors.to + 1) return;
  const span = text.slice((tokens[authors.from] as Token).start, (tokens[authors.to] as Token).end);
  if (!/(?:,|\band|&)\s+(?:\p{Lu}\.\s?){1,3}$/u.test(span)) return;
  let k = title.from;
  while (k <= title.to && k - title.from < 3 && (/^\p{Lu}[\p{Ll}’']+$/u.test((tokens[k] as Token).text) || ((tokens[k] as Token).text === '-' && k > title.from))) k++;
  if (k === title.from || (tokens[k - 1] as Token).text === '-') return;
  const dot = tokens[k];
  // The word ends at a full stop that the title does not go on past, glued to the word.
  if (!dot || dot.text !== '.' || dot.start !== (tokens[k - 1] as Token).end || k + 1 > title.to) return;
  const next = tokens[k + 1];
  if (!next || !/^\p{Lu}/u.test(next.text)) return;
  authors.to = k - 1;
  title.from = k + 1;
}

/**
 * Physics styles write "I. Family, Title, Journal Vol, page (Year)" (APS, AIP): the title ends at
 * the comma before the journal, and the labeller may set the journal's start elsewhere ("… in |
 * Older Adults, JAMA 324", "Deep Learning, Nature 521" taken whole for the journal). Where the
 * journal run stands right before its volume and holds a comma followed by a capitalised word, the
 * words before that comma are the title's, when the title is missing or ends right before them.
 * A serial list ("Ecology, Evolution, and Systematics") and a series ("…, Ser. A") are the journal's.
 */
function splitTitleAtComma(runs: Run[], tokens: readonly Token[]): void {
  // "Title words, Science 300": two journal runs with a comma between are one, split below.
  const v = runs.findIndex((r) => r.label === 'V');
  const [c1, gap, c2] = [runs[v - 3], runs[v - 2], runs[v - 1]];
  if (c1?.label === 'C' && gap?.label === 'O' && gap.from === gap.to && (tokens[gap.from] as Token).text === ',' && c2?.label === 'C' && runs.findIndex((r) => r.label === 'C') === v - 3) {
    c1.to = c2.to;
    runs.splice(v - 2, 2);
  }
  const c = runs.findIndex((r) => r.label === 'C');
  const container = runs[c];
  const next = runs[c + 1];
  if (!container || !next || next.label !== 'V' || next.from !== container.to + 1) return;
  let comma = -1;
  for (let k = container.to - 1; k > container.from; k--) if ((tokens[k] as Token).text === ',') { comma = k; break; }
  if (comma < 0) return;
  const after = (tokens[comma + 1] as Token).text;
  if (!/^\p{Lu}/u.test(after) || /^(?:Ser|Series|Sect|Section|Part|Pt|Sec)$/.test(after)) return;
  const rest = tokens.slice(comma + 1, container.to + 1).map((x) => x.text);
  const t = runs.findIndex((r) => r.label === 'T');
  const title = runs[t];
  // Without a title to continue, "Heart, Lung and Circulation" is one journal's name.
  if (!title && (rest[1] === 'and' || rest[1] === '&' || (rest[1] === ',' && (rest[2] === 'and' || rest[2] === '&')))) return;
  if (title && title.to > container.from) return;
  if (title) {
    // Only words, or a question's mark, between the title and the journal: no sentence break.
    const between = tokens.slice(title.to + 1, container.from).map((x) => x.text);
    if (!between.every((x) => /^[\p{L}\d'’-]+$|^[?!:]$/u.test(x))) return;
    const gap = runs.slice(t + 1, c);
    if (gap.some((r) => r.label !== 'O')) return;
    title.to = comma - 1;
    runs.splice(t + 1, c - t - 1);
  } else {
    const before = runs[c - 1];
    if (!before || (tokens[container.from - 1] as Token | undefined)?.text !== ',') return;
    runs.splice(c, 0, { label: 'T', from: container.from, to: comma - 1 });
  }
  container.from = comma + 1;
}

/**
 * "Rethinking Global Health: | Frameworks of Power, Routledge." (Wiley-VCH): no title ends at
 * its colon, so a "publisher" right after one, holding a comma, opens with the subtitle; the
 * publisher is what follows its last comma.
 */
function subtitleBeforePublisher(runs: Run[], tokens: readonly Token[]): void {
  // With no title, journal numbers or pages, a "journal" before the colon is the book's title.
  const bare = !runs.some((r) => r.label === 'T' || r.label === 'V' || r.label === 'P');
  const t = runs.findIndex((r) => r.label === 'T' || (bare && r.label === 'C'));
  const [title, colon, publisher] = [runs[t], runs[t + 1], runs[t + 2]];
  if (!title || !colon || !publisher || publisher.label !== 'U' || colon.from !== colon.to || (tokens[colon.from] as Token).text !== ':') return;
  let comma = -1;
  for (let k = publisher.to - 1; k > publisher.from; k--) if ((tokens[k] as Token).text === ',') { comma = k; break; }
  if (comma < 0 || !/^\p{Lu}/u.test((tokens[comma + 1] as Token).text)) return;
  title.label = 'T';
  title.to = comma - 1;
  runs.splice(t + 1, 2, { label: 'O', from: comma, to: comma }, { label: 'U', from: comma + 1, to: publisher.to });
}

/**
 * "B. P. Hermann and A. R. Wyler, Epilepsia, 1995, 36, 137–145." (RSC): with no container
 * anywhere, a "publisher" followed by a volume and pages is the journal they number; books
 * have neither.
 */
function publisherBeforeNumbersIsJournal(runs: Run[]): void {
  if (runs.some((r) => r.label === 'C')) return;
  const u = runs.findIndex((r) => r.label === 'U');
  if (u < 0) return;
  const after = runs.slice(u + 1).filter((r) => r.label !== 'O');
  const v = after.findIndex((r) => r.label === 'V');
  if (v < 0 || !after.slice(v + 1).some((r) => r.label === 'P')) return;
  if (after.slice(0, v).some((r) => r.label !== 'Y' && r.label !== 'I')) return;
  (runs[u] as Run).label = 'C';
}

/** The title run and, when the first labelled run after it is a container, that run (with their places). */
function titleThenContainer(runs: Run[]): { t: number; title: Run; c: number; container: Run } | undefined {
  const t = runs.findIndex((r) => r.label === 'T');
  const title = runs[t];
  if (!title) return undefined;
  const c = runs.findIndex((r, i) => i > t && r.label !== 'O');
  const container = runs[c];
  return container && container.label === 'C' ? { t, title, c, container } : undefined;
}

/**
 * "Title … Performance in | New Interfaces for Musical Expression. In Proceedings of …": a
 * "journal" that continues the title with no punctuation between them, where a later container
 * opens after "In", is the end of the title: every style sets a title off from what follows, and
 * a work stands in one book or proceedings, the one "In" names.
 */
function titleBeforeLaterIn(runs: Run[], tokens: readonly Token[]): void {
  const found = titleThenContainer(runs);
  if (!found) return;
  const { t, title, c, container } = found;
  if (!/^[\p{L}\d]/u.test((tokens[title.to] as Token).text)) return;
  const between = tokens.slice(title.to + 1, container.from).map((x) => x.text);
  if (!between.every((x) => /^\p{Ll}+$/u.test(x))) return;
  const later = runs.slice(c + 1).find((r) => r.label === 'C');
  if (!later) return;
  const marker = tokens[later.from - 1]?.text ?? '';
  const beforeMarker = tokens[later.from - 2]?.text ?? '';
  if (!/^[Ii]n$/.test(marker) || !(/^[.,;]$/.test(beforeMarker) || /^\d+$/.test(beforeMarker))) return;
  // Only punctuation, pages or a year between the two: nothing that could be a field of the first.
  const gap = runs.slice(c + 1, runs.indexOf(later));
  if (!gap.every((r) => r.label === 'O' || r.label === 'P' || r.label === 'Y')) return;
  title.to = container.to;
  runs.splice(t + 1, c - t);
}

/**
 * "How memory shapes, and is shaped by, | attention. In …", "… De Vinne, | printer. Page 329.":
 * lower-case words after a comma, which the labeller gave to no field, up to the full stop that
 * ends the title's sentence, are the title's last words: no field opens with a lower-case word
 * but the markers of one ("pp", "eds", "vol", "in").
 */
function titleToFullStop(runs: Run[], tokens: readonly Token[]): void {
  const t = runs.findIndex((r) => r.label === 'T');
  const title = runs[t];
  const gap = runs[t + 1];
  if (!title || !gap || gap.label !== 'O' || gap.from !== title.to + 1) return;
  const words = tokens.slice(gap.from, gap.to + 1).map((x) => x.text);
  const stop = words.indexOf('.');
  if (stop < 2 || stop > 5 || words[0] !== ',') return;
  const inner = words.slice(1, stop);
  const MARKER = /^(?:and|in|pp?|pages?|eds?|edn|editors?|edited|vol|no|trans|transl|et|al|thesis|dissertation|preprint|accessed|retrieved|available|online|forthcoming|submitted)$/;
  if (!inner.every((w) => /^\p{Ll}{3,}$/u.test(w) && !MARKER.test(w))) return;
  title.to = gap.from + stop - 1;
  gap.from = gap.from + stop;
}

/**
 * "1981 Colour Contrast in | Printed Road Signage. Applied Ergonomics 12": a journal run that
 * follows the title with no punctuation between them, or only a comma before the journal's
 * numbers, and holds a full stop after a whole word, has taken the title's last words. Every
 * style ends a title with a full stop, a comma or a quote before the journal; one that ends
 * nowhere has its end at that full stop. An abbreviation's period ("Proc. Natl.") is not one.
 */
function endTitleAtFullStop(runs: Run[], tokens: readonly Token[]): void {
  const found = titleThenContainer(runs);
  if (!found) return;
  const { t, title, c, container } = found;
  const between = tokens.slice(title.to + 1, container.from).map((x) => x.text);
  const numbered = runs[c + 1]?.label === 'V' && runs[c + 1]?.from === container.to + 1;
  if (!between.every((x) => /^\p{Ll}+$/u.test(x)) && !(numbered && between.length === 1 && between[0] === ',')) return;
  if (!/^[\p{L}\d]/u.test((tokens[title.to] as Token).text)) return;
  for (let k = container.from + 1; k < container.to; k++) {
    const before = (tokens[k - 1] as Token).text;
    if ((tokens[k] as Token).text !== '.' || !/^\p{Lu}/u.test((tokens[k + 1] as Token).text)) continue;
    if (/^\p{Lu}+$/u.test(before) || !/^\p{L}{3,}$/u.test(before)) continue;
    // A short word ("Wild.", "Proc.") ends a title after other words and no period before it, or
    // right after a title cut at a small word ("Back to the | Wild."), which ends no title.
    const earlier = tokens.slice(container.from, k - 1).map((x) => x.text);
    const cutAtSmallWord = /^\p{Ll}{1,4}$/u.test((tokens[title.to] as Token).text) || (between.length > 0 && between[0] !== ',');
    if (ABBREVIATION.test(before) && (earlier.includes('.') || (earlier.length === 0 && !cutAtSmallWord))) continue;
    if (/^(?:Vol|In|Pp?|Pages?|Published)$/.test((tokens[k + 1] as Token).text)) return;
    title.to = k - 1;
    container.from = k + 1;
    runs.splice(t + 1, c - t - 1);
    return;
  }
}

/**
 * Every style sets a journal or publisher off from the title with punctuation. Words that
 * continue the title with none of it, to the end of the reference, are the rest of the title,
 * whatever the labeller made of them: a title-case title cited alone, as Annual Reviews cites a
 * conference paper ("… 2011. Designing Digital Musical Interactions in Experimental Contexts").
 */
function finishTitle(runs: Run[], tokens: readonly Token[], labels: readonly Label[]): void {
  const t = runs.findIndex((r) => r.label === 'T');
  const title = runs[t];
  if (!title || t === runs.length - 1) return;
  if (!/^[\p{L}\d]/u.test((tokens[title.to] as Token).text)) return;
  // The title opens a sentence: the Institute of Physics sets its title after the year and its
  // journal after the title, both without punctuation ("2018 Title of the paper NeuroImage").
  if (tokens[title.from - 1]?.text !== '.') return;
  let last = tokens.length - 1;
  if ((tokens[last] as Token).text === '.') last--;
  if (last <= title.to) return;
  for (let k = title.to + 1; k <= last; k++) {
    if (!/^[OTUC]$/.test(labels[k] as string) || /^[.,;()[\]]$/.test((tokens[k] as Token).text) || /^\d/.test((tokens[k] as Token).text)) return;
  }
  title.to = last;
  const after = runs.findIndex((r) => r.from > last);
  runs.splice(t + 1, (after < 0 ? runs.length : after) - t - 1);
}

/**
 * PNAS cites a chapter or a proceedings paper as "“Title” in Book, (Publisher, Year), pp. 1–8",
 * the title quoted or not, with no punctuation before "in". With no container found, a title
 * run holding a closing quote and "in", or followed by ", (" and holding "in" before words in
 * title case, ends there; the words after "in" are the book.
 */
function splitTitleAtIn(runs: Run[], tokens: readonly Token[]): void {
  if (runs.some((r) => r.label === 'C')) return;
  const t = runs.findIndex((r) => r.label === 'T');
  const title = runs[t];
  if (!title) return;
  const text = (i: number) => tokens[i]?.text ?? '';
  let at = -1;
  for (let k = title.to - 1; k > title.from; k--) {
    // "… Through Music. In Guía práctica de …": "In" opening a sentence inside the title opens the book.
    if (text(k) === 'In' && text(k - 1) === '.' && /^\p{Lu}/u.test(text(k + 1)) && k - 1 > title.from) {
      at = k;
      break;
    }
    if (text(k) !== 'in' || !/^\p{Lu}/u.test(text(k + 1))) continue;
    if (/^[”"’]$/.test(text(k - 1))) {
      at = k;
      break;
    }
    const words = tokens.slice(k + 1, title.to + 1).map((x) => x.text).filter((w) => /^\p{L}{4,}/u.test(w));
    if (text(title.to + 1) === ',' && text(title.to + 2) === '(' && words.length > 0 && words.every((w) => /^\p{Lu}/u.test(w))) at = k;
    break;
  }
  if (at < 0) return;
  runs.splice(t + 1, 0, { label: 'O', from: at, to: at }, { label: 'C', from: at + 1, to: title.to });
  title.to = at - 1;
}

/** A month's name, in full or abbreviated, as dates print it. */
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;

/** A piece of an abbreviated journal name: "N", "Engl", "Am", "Natl", each with or without its period. */
const ABBREVIATION = /^\p{Lu}\p{Ll}{0,4}$/u;

/**
 * Journals abbreviated word by word ("N Engl J Med", "Ann. N. Y. Acad. Sci.", "Proc. Natl. Acad.
 * Sci. U.S.A.") open or close with pieces too short for the labeller to tell from initials or a
 * publisher's. Such pieces left unlabelled between the title's full stop (or the names' comma) and
 * the journal belong to the journal, and so do lone capitals between the journal and its volume.
 */
function widenJournal(container: Run, tokens: readonly Token[], labels: readonly Label[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  let k = container.from - 1;
  // Back over the pieces to a boundary: the full stop after the title (or after the year), a comma, a colon or a parenthesis.
  while (k >= 0 && labels[k] === 'O' && ((text(k) === '.' && labels[k - 1] === 'O') || (ABBREVIATION.test(text(k)) && text(k) !== 'In'))) k--;
  const boundary = /^[,:)”"’]$/.test(text(k)) || (text(k) === '.' && labels[k - 1] !== 'O');
  if (k < container.from - 1 && boundary && ABBREVIATION.test(text(k + 1))) container.from = k + 1;
  let j = container.to + 1;
  while (j < tokens.length && labels[j] !== 'V' && (text(j) === '.' || /^\p{Lu}$/u.test(text(j))) && labels[j] !== 'C' && j - container.to < 8) j++;
  if (labels[j] === 'V' && j > container.to + 2) {
    let end = j - 1;
    while (end > container.to && text(end) === '.') end--;
    container.to = end;
  }
}

/**
 * A book named after a person ("Essays in Honor of William K. Estes") ends on a family name, not
 * on the initial before it: the labeller may stop at the initial's period, as at a full stop.
 */
function finishInitial(run: Run, tokens: readonly Token[], labels: readonly Label[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  // Back to the given name the run holds ("William" in "… of William K"), then on over initials and periods.
  let k = run.to;
  while (/^\p{Lu}$/u.test(text(k)) || text(k) === '.') k--;
  if (!/^\p{Lu}[\p{Ll}’']+$/u.test(text(k)) || k < run.from) return;
  let j = k + 1;
  let initials = 0;
  while (/^\p{Lu}$/u.test(text(j)) && text(j + 1) === '.' && (labels[j] === 'O' || j <= run.to) && (labels[j + 1] === 'O' || j + 1 <= run.to)) {
    j += 2;
    initials++;
  }
  if (initials === 0 || labels[j] !== 'O' || !/^\p{Lu}\p{Ll}+$/u.test(text(j))) return;
  // The name ends the field: what follows it sets the next field off.
  if (!/^[,.:;()]$/.test(text(j + 1)) && j + 1 < tokens.length) return;
  run.to = j;
}

/**
 * A book's name is followed by where and by whom it was published ("Audiology for the Physician.
 * Baltimore, MD: Williams; 1980", "… Developer Conference. Wolfram Research, Boston, MA, USA.").
 * Where the labeller ran the book on past its full stop into a place before "Publisher:" or into
 * a publisher before a place that ends the reference, the words after that full stop leave it.
 * An initial's period ("Essays in Honor of William K. Estes") is not a full stop.
 */
function dropPlaceAndPublisher(container: Run, runs: Run[], tokens: readonly Token[], labels: readonly Label[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  let dot = -1;
  for (let k = container.to - 1; k > container.from; k--) if (text(k) === '.') { dot = k; break; }
  if (dot < 0 || /^\p{Lu}$/u.test(text(dot - 1)) || container.to - dot > 6) return;
  // The words after the full stop: a name, or a publisher and the start of its place ("Maple Research, Waterloo").
  const words = tokens.slice(dot + 1, container.to + 1).map((t) => t.text);
  if (!words.every((w) => /^\p{Lu}[\p{L}’'-]*$|^,$/u.test(w)) || words[0] === ',') return;
  const comma = words.indexOf(',');
  // What follows: ", MD: Publisher" or ": Publisher" (a place), or ", Boston, MA, USA." to the end (a publisher).
  let k = container.to + 1;
  if (text(k) === ',') {
    k++;
    while (k < tokens.length && /^\p{Lu}[\p{L}’'-]*$/u.test(text(k)) && labels[k] === 'O' && k - container.to < 5) k++;
  }
  if (comma < 0 && text(k) === ':' && labels[k + 1] === 'U') {
    container.to = dot - 1;
    return;
  }
  if ((comma < 0 && text(container.to + 1) !== ',') || runs.some((r) => r.label === 'U')) return;
  let end = tokens.length - 1;
  if (text(end) === '.') end--;
  for (let j = container.to + 1; j <= end; j++) if (labels[j] !== 'O' || !/^(?:\p{Lu}[\p{L}’'-]*|,)$/u.test(text(j))) return;
  runs.splice(runs.indexOf(container) + 1, 0, { label: 'U', from: dot + 1, to: comma < 0 ? container.to : dot + comma });
  container.to = dot - 1;
}

/**
 * A book cited as "Names: Title, Publisher, Year" or "Names (Year). Title, Publisher." sets its
 * title off from the publisher by a comma alone, and the labeller may take the title for a first
 * publisher, for a publisher's first words, or leave it unlabelled. With neither title nor
 * container found, the words before the publisher's comma are the title.
 */
function titleBeforePublisher(runs: Run[], tokens: readonly Token[], labels: readonly Label[]): void {
  const u = runs.findIndex((r) => r.label === 'U');
  const publisher = runs[u];
  // A thesis names its university in parts ("thesis, Chalmers, Göteborg University") and may be cited without its title.
  if (!publisher || tokens.some((t) => /thesis|dissertation/i.test(t.text))) return;
  const text = (i: number) => tokens[i]?.text ?? '';
  const word = (i: number) => /^[\p{L}\d][\p{L}\d’'-]*$/u.test(text(i));
  const second = runs[u + 2];
  // "Probabilistic robotics, MIT Press": two publishers with a comma between.
  if (second?.label === 'U' && runs[u + 1]?.label === 'O' && runs[u + 1]?.from === runs[u + 1]?.to && text(publisher.to + 1) === ',') {
    publisher.label = 'T';
    return;
  }
  // "(2011). Haskell Intensivkurs, Springer.": unlabelled words after a full stop, a colon or the year.
  if (text(publisher.from - 1) === ',') {
    let k = publisher.from - 2;
    while (k >= 0 && labels[k] === 'O' && (word(k) || text(k) === '-')) k--;
    if (k < publisher.from - 2 && /^[.:)]$/.test(text(k)) && labels[k - 1] !== 'U' && word(k + 1) && /^\p{Lu}/u.test(text(k + 1))) {
      runs.splice(u, 0, { label: 'T', from: k + 1, to: publisher.from - 2 });
      return;
    }
  }
  // "(2012). IT-Sicherheit, Oldenbourg Wissenschaftsverlag GmbH.": one publisher holding the title.
  const before = runs.slice(0, u).filter((r) => r.label !== 'O');
  if (!before.every((r) => r.label === 'A' || r.label === 'Y')) return;
  for (let k = publisher.from + 1; k < publisher.to; k++) {
    if (text(k) !== ',') continue;
    if (!/^\p{Lu}/u.test(text(k + 1))) return;
    runs.splice(u, 0, { label: 'T', from: publisher.from, to: k - 1 });
    publisher.from = k + 1;
    return;
  }
}

// Words that open what follows a title but name no publisher.
const NOT_PUBLISHER = /^(?:In|Vol|Volume|No|Ed|Eds|Edition|Series|Unpublished|Manuscript|Retrieved|Available|Accessed|Online|Preprint|Thesis|Dissertation|Report|Technical|Working|Paper|Draft|Personal|Accepted|Submitted|Forthcoming|Abstract)$/i;
const CONNECTOR = /^(?:of|and|the|for|de|des|du|la|le|und|für|von|&|-|’s|'s)$/;

/**
 * "Title. Apress, Berkeley, CA, USA.", "Title; F. Lewis: Leigh-on-Sea, England, 1980", "Title.
 * Kluwer (2010)": a book's publisher and place the labeller left unlabelled. With no journal and no
 * publisher found, capitalised words that follow the title's full stop (pieces parted by commas and
 * colons, up to the year, a page or the end) are a publisher and its place. Of the two sides of a
 * colon the publisher is the one of fewer pieces ("New York, NY: Wiley", "F. Lewis: Leigh-on-Sea,
 * England"); without a colon it is the first piece.
 */
function publisherAfterTitle(title: Run, runs: Run[], tokens: readonly Token[], labels: readonly Label[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  let k = title.to + 1;
  if (!/^[.;,]$/.test(text(k)) || labels[k] !== 'O') return;
  k++;
  const sides: Run[][] = [[]];
  let piece: Run | undefined;
  for (; k < tokens.length && labels[k] === 'O'; k++) {
    const t = text(k);
    const side = sides[sides.length - 1] as Run[];
    if (/^\p{Lu}[\p{L}’'-]*$/u.test(t) || (piece && CONNECTOR.test(t) && /^\p{Lu}/u.test(text(k + 1)))) {
      if (!piece) {
        if (NOT_PUBLISHER.test(t)) return;
        piece = { label: 'U', from: k, to: k };
        side.push(piece);
      } else piece.to = k;
    } else if (t === '.' && piece && /^\p{Lu}\p{L}{0,3}$/u.test(text(k - 1)) && /^\p{Lu}/u.test(text(k + 1)) && labels[k + 1] === 'O') piece.to = k;
    else if (t === ',' && piece) piece = undefined;
    else if (t === ':' && piece && sides.length === 1) {
      piece = undefined;
      sides.push([]);
    } else break;
  }
  // The pieces must reach the year, a page, an opening parenthesis or the end.
  const stop = text(k);
  if (!(k >= tokens.length || labels[k] === 'Y' || labels[k] === 'P' || labels[k] === 'D' || stop === '(' || (stop === '.' && k === tokens.length - 1) || (/^[.,;]$/.test(stop) && /^(?:\d{4}|p|pp|Vol)$/.test(text(k + 1))))) return;
  if (sides.some((side) => side.length === 0)) return;
  const [left, right] = sides as [Run[], Run[] | undefined];
  // "New York, NY" alone is a place, with no publisher.
  const code = (r: Run | undefined) => !!r && r.from === r.to && /^(?:\p{Lu}{2}|USA|UK)$/u.test(tokens[r.from]?.text ?? '');
  if (!right && left.length === 2 && code(left[1])) return;
  const chosen = right && right.length <= left.length ? right[0] : left[0];
  if (!chosen || chosen.to - chosen.from > 12) return;
  runs.splice(runs.indexOf(title) + 1, 0, chosen);
}

/**
 * "The fundamentals of learning, Bureau of Publications of Teachers College, New York, NY, 1932":
 * a title run on into the publisher, with a place ("City, ST" or "City, Country") and the year
 * after it. The title's last piece after a comma is the publisher.
 */
function publisherEndingTitle(title: Run, runs: Run[], tokens: readonly Token[], labels: readonly Label[]): void {
  const text = (i: number) => tokens[i]?.text ?? '';
  let comma = -1;
  for (let k = title.to - 1; k > title.from; k--) if (text(k) === ',') { comma = k; break; }
  if (comma < 0 || !/^\p{Lu}/u.test(text(comma + 1)) || text(title.to + 1) !== ',') return;
  // The place: capitalised words, a comma, a state's code or one more word, a comma, the year.
  let k = title.to + 2;
  while (k < tokens.length && labels[k] === 'O' && /^\p{Lu}[\p{L}’'-]*$/u.test(text(k))) k++;
  if (k === title.to + 2 || text(k) !== ',' || !/^(?:\p{Lu}{2}|USA|UK)$/u.test(text(k + 1)) || text(k + 2) !== ',' || labels[k + 3] !== 'Y') return;
  const piece = tokens.slice(comma + 1, title.to + 1).map((t) => t.text);
  if (!piece.every((w) => /^\p{Lu}[\p{L}’'-]*$|^(?:of|and|the|for|&)$/u.test(w)) || piece.length > 10) return;
  runs.splice(runs.indexOf(title) + 1, 0, { label: 'U', from: comma + 1, to: title.to });
  title.to = comma - 1;
}

/** The field without the quotes or brackets around it, nor a colon before it (AMS: "Names, 1991: Title."); a quote that closes one inside the field stays. */
function unquote(text: string): string {
  let s = text.replace(/^[\s“"‘'«\[:;,]+/, '').replace(/^\((?![^()]*\)\S)/, '').replace(/[\s,;:]+$/, '');
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
  const labels = mendLabels(tokens, glueNumbers(tokens, labeller.label(tokens, text)));
  const runs = runsOf(tokens, labels);
  publisherBeforeNumbersIsJournal(runs);
  subtitleBeforePublisher(runs, tokens);
  titleBeforeLaterIn(runs, tokens);
  titleToFullStop(runs, tokens);
  splitTitleAtComma(runs, tokens);
  endTitleAtFullStop(runs, tokens);
  finishTitle(runs, tokens, labels);
  splitTitleAtIn(runs, tokens);
  // "Names, Nonparametric Approaches, in Human Brain Function (Academic Press, 2003)": no style
  // puts a publisher before the book a chapter is in; a "publisher" there is the chapter's title.
  const fields = runs.filter((r) => r.label !== 'O');
  const [f0, f1, f2] = fields;
  if (f0?.label === 'A' && f1?.label === 'U' && f2?.label === 'C' && !runs.some((r) => r.label === 'T') && /^[Ii]n$/.test(tokens[f2.from - 1]?.text ?? '')) f1.label = 'T';
  const slice = (r: Run) => text.slice((tokens[r.from] as Token).start, (tokens[r.to] as Token).end);
  const first = (label: Label) => runs.find((r) => r.label === label);

  const authors = first('A');
  let title = first('T');
  if (authors && authors.from === 0) takeBackTitleWord(authors, title, tokens, text);
  if (authors && authors.from === 0) takeFamilyName(authors, title, tokens, text);
  if (authors && authors.from === 0) namesToColon(authors, runs, tokens, text);
  if (authors && authors.from === 0) {
    const span = slice(authors).replace(/[\s,;:]+$/, '');
    // "A. Family and I. Family, Title, …" (APS): the name after "and" is the last, and a comma
    // after a name written initials first cannot bring its given names; what follows is a title.
    const last = /\s(?:and|&)\s+(?:\p{Lu}\.\s?(?:-?\p{Lu}\.\s?)*)\s*\p{Lu}[\p{L}'’-]+(?=,\s+\p{Lu}\p{Ll})/u.exec(span);
    const names = readNameList(last ? span.slice(0, last.index + last[0].length) : span);
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
      // "T. Lund, N. Engl. J. Med. 42": pieces of an abbreviated journal left over right before the journal open it.
      const journal = runs.slice(runs.indexOf(authors) + 1).find((r) => r.label !== 'O' || !/^\.$/.test(slice(r)));
      const pieces = rest.split(/[\s.]+/).filter(Boolean);
      const opensJournal = journal?.label === 'C' && at > authors.from && tokens.slice(authors.to + 1, journal.from).every((x) => x.text === '.') && pieces.every((w) => ABBREVIATION.test(w)) && /\./.test(rest);
      if (opensJournal && journal) {
        journal.from = at;
        authors.to = at - 1;
        ref.confidence.authors = 0.8;
      }
      // "J. M. Keynes, A Tract on …": a word left over right before the title opens it.
      const next = runs[runs.indexOf(authors) + 1];
      if (!into && at > authors.from && next?.label === 'T' && next.from === authors.to + 1 && /^\p{Lu}\p{L}*$/u.test(rest) && names.people.every((p) => p.initials)) {
        next.from = at;
        authors.to = at - 1;
        ref.confidence.authors = 0.8;
      }
      if (into && at > authors.from && !opensJournal) {
        const moved: Run = { label: into, from: at, to: authors.to };
        authors.to = at - 1;
        runs.splice(runs.indexOf(authors) + 1, 0, moved);
        ref.confidence.authors = 0.8;
      }
    }
  } else ref.confidence.authors = 0.3;
  // Words moved from the names may have become the title.
  if (!first('T') && !first('C')) titleBeforePublisher(runs, tokens, labels);
  title = first('T');
  if (title && !first('U') && !first('C')) publisherEndingTitle(title, runs, tokens, labels);
  if (title && !first('U') && !first('C')) publisherAfterTitle(title, runs, tokens, labels);

  if (title) absorbParenthesis(title, tokens, labels);
  const container = first('C');
  if (container) absorbParenthesis(container, tokens, labels);
  if (container) takeMeetingName(container, runs, tokens);
  if (container) widenJournal(container, tokens, labels);
  if (container) finishInitial(container, tokens, labels);
  if (container) dropPlaceAndPublisher(container, runs, tokens, labels);
  if (title) {
    // A question or exclamation closing the title is part of it.
    const mark = /^[?!]/.exec(text.slice((tokens[title.to] as Token).end));
    // "Title in Proceedings of …" (PNAS): the "in" that opens the container is not the title's.
    const nextRun = runs[runs.indexOf(title) + 1];
    if (title.to > title.from && (tokens[title.to] as Token).text === 'in' && nextRun?.label === 'C' && nextRun.from === title.to + 1) title.to--;
    // A thesis's genre after the title ("… glacial erosion. PhD thesis.") describes the work.
    let words = unquote(slice(title)).replace(THESIS_AFTER, '');
    if (/^\s*(?:doctoral\s+|master[’']?s\s+)?(?:thesis|dissertation)\b/i.test(text.slice((tokens[title.to] as Token).end))) words = words.replace(GENRE_START, '');
    // "An Italic Copybook (Published for the Dept. of Printing, New York, 1981)": a parenthesis the
    // title opens and does not close holds the publication's details, not more of the title.
    // "Working methods for sessions, p. 1–6. In …" (ASM): the chapter's pages after its title are not of it.
    words = words.replace(/,\s*pp?\.?(?:\s*[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?)?$/, '');
    const paren = words.lastIndexOf('(');
    if (paren > 0 && words.slice(paren).indexOf(')') < 0 && (words.match(/\(/g) ?? []).length > (words.match(/\)/g) ?? []).length) words = words.slice(0, paren).trimEnd();
    ref.title = stripEnd(words) + (mark ? mark[0] : '');
    // A quotation closing the title (“… “De Motu Animalium.”) keeps its closing mark, which
    // Chicago-like styles print after the period.
    const closes = /^[.?!]?([”’])/.exec(text.slice((tokens[title.to] as Token).end));
    const open = closes?.[1] === '”' ? '“' : '‘';
    if (closes && (ref.title.split(open).length - 1) > (ref.title.split(closes[1] as string).length - 1)) ref.title += closes[1];
    // A quotation opening the title (“‘Why Should I Trust You?’: Explaining …,”) keeps its opening
    // mark: a closing mark inside the title, with none opening it, opens where the title starts.
    // A single mark opens only inside double quotes, as "Students’ views" ends a word with one.
    const opening = /(“|“‘)$/.exec(text.slice(0, (tokens[title.from] as Token).start).trimEnd());
    const quoteMark = opening?.[1] === '“‘' ? '‘' : '“';
    const shut = quoteMark === '‘' ? '’' : '”';
    const inside = ref.title.slice(0, -1);
    if (opening && !ref.title.startsWith(quoteMark) && ref.title.split(quoteMark).length < inside.split(shut).length) ref.title = quoteMark + ref.title;
    ref.confidence.title = 0.85;
  }
  if (container) {
    let c = unquote(slice(container));
    // A journal abbreviation keeps its final period ("J. Neurosci."), a sentence does not.
    const next = text.charAt((tokens[container.to] as Token).end);
    if (next === '.' && /\p{L}\.\s/u.test(c) && /\b\p{Lu}\p{Ll}{0,6}$/u.test(c)) c += '.';
    // "Advances in … Systems. Vol 35.", "Nature Neuroscience Bd. 14" (DIN) and "… Systems.
    // Published online 2001" (AMA): the volume's word and the date's are not the container's.
    // "IEEE Transactions on Medical Imaging. August 1998" (ISO 690): the month is the date's.
    const yearNext = /^[.,]?\s*(?:\d{1,2},?\s+)?(?:1[5-9]|20)\d\d\b/.test(text.slice((tokens[container.to] as Token).end));
    if (yearNext) c = c.replace(new RegExp(String.raw`[.,]?\s+${MONTH}$`), '');
    ref.container = c.replace(/^(?:in:?\s+)/i, '').replace(/^Pages?\s+(?=\p{Lu})/u, '').replace(/[.,]?\s+(?:[Vv]ol\.?|Bd\.?|Jg\.?|pp?\.?|Pp\.?|Published online)$/, '').replace(/[\s,;:]+$/, '');
    ref.confidence.container = 0.85;
  }
  const year = runs.find((r) => r.label === 'Y' && /^\d{4}$/.test(slice(r)));
  if (year) {
    ref.year = slice(year);
    ref.confidence.year = 0.95;
  }
  // "… arXiv:1804.01234. April 2018." (ISO 690), "2016 Nov." (CSE): a year the labeller missed,
  // dated with its month after the title.
  if (!ref.year) {
    const from = title ? (tokens[title.to] as Token).end : authors && authors.from === 0 ? (tokens[authors.to] as Token).end : 0;
    const dated = new RegExp(String.raw`\b${MONTH}\.?\s+(?:\d{1,2},?\s+)?((?:1[5-9]|20)\d\d)\b|\b((?:1[5-9]|20)\d\d)\s+${MONTH}\b`).exec(text.slice(from));
    if (dated) {
      ref.year = dated[1] ?? dated[2];
      ref.confidence.year = 0.85;
    }
  }
  const volume = first('V');
  if (volume) ref.volume = slice(volume).replace(/^vol\.?\s*/i, '');
  const issue = first('I');
  if (issue) ref.issue = slice(issue).replace(/^no\.?\s*/i, '');
  // "Bd. 3 (2002), Nr. 2" (DIN 1505), "vol. 18, …, no. 5": the words that mark the volume and
  // the issue decide between them, where the labeller read them the other way round.
  const bd = /(?:^|[\s,(])(?:Bd|Jg|[Vv]ol)\.\s*(\d+)\b/.exec(text);
  const nr = /(?:^|[\s,(])(?:Nr|[Nn]o|H)\.\s*(\d+)\b/.exec(text);
  if (bd && nr && bd[1] !== nr[1] && ref.volume === nr[1] && (ref.issue === bd[1] || !ref.issue)) {
    ref.volume = bd[1];
    ref.issue = nr[1];
  }
  const pages = first('P');
  if (pages) ref.pages = tidyPages(slice(pages).replace(/^pp?\.\s*/, ''));
  // "Salt Lake City: University of Utah": a place the labeller took for a publisher comes before the colon.
  let publisher = first('U');
  const after = publisher ? runs[runs.indexOf(publisher) + 2] : undefined;
  if (publisher && after?.label === 'U' && tokens[publisher.to + 1]?.text === ':' && after.from === publisher.to + 2) publisher = after;
  if (publisher) {
    ref.publisher = stripEnd(unquote(slice(publisher)));
    // "Princeton University phdthesis", "… Department of Engineering Thesis (B.S.)" (the Unified
    // Style Sheet prints the genre after the school): the genre is the type's, not the school's name.
    ref.publisher = ref.publisher.replace(/\s+(?:phdthesis|mathesis|mastersthesis|(?:PhD\s+|Master[’']?s\s+|Doctoral\s+)?(?:[Tt]hesis|[Dd]issertation))(?:\s*\([^()]*\)?)?$/, '') || ref.publisher;
    // "Curran Associates, Inc.", "Addison-Wesley Pub. Co.": a company's abbreviation keeps its
    // period, which is part of the name, not the end of the sentence.
    if (/\b(?:Inc|Co|Corp|Ltd|Bros)$/.test(ref.publisher) && text.charAt((tokens[publisher.to] as Token).end) === '.') ref.publisher += '.';
  }
  // "Title; Publisher: Place, Year; p. 148." (MDPI, ACS): the publisher the labeller missed is
  // what stands between the semicolon after the title and the colon before the place; a title
  // run on over them ends at that semicolon.
  if (!ref.publisher && !container && title && ref.title) {
    const from = (tokens[title.from] as Token).start;
    const pub = /;\s*(\p{Lu}[^;:()]{1,80}?):\s*[^;:()]{2,80}?,\s*(?:1[5-9]|20)\d\d\b/u.exec(text.slice(from));
    const cut = pub ? ref.title.indexOf(`; ${pub[1]}`) : -1;
    if (pub && (cut > 0 || from + pub.index >= (tokens[title.to] as Token).end)) {
      if (cut > 0) ref.title = stripEnd(ref.title.slice(0, cut));
      ref.publisher = stripEnd(pub[1] as string);
      ref.confidence.publisher = 0.7;
    }
  }
  // A publisher cited alone, with no title or journal, is a title the labeller did not know.
  const atEnd = (r: Run) => tokens.slice(r.to + 1).every((x) => x.text === '.');
  if (publisher && !ref.title && !container && ref.authors.length > 0 && ref.year && !ref.volume && !ref.pages && atEnd(publisher) && publisher === runs.filter((r) => r.label !== 'O' && r.label !== 'A' && r.label !== 'Y')[0]) {
    ref.title = ref.publisher;
    ref.publisher = undefined;
    ref.confidence.title = 0.7;
  }

  // A volume the labeller missed but the text marks ("… Computing. Vol 53. Springer; 2003.").
  if (!ref.volume) {
    const from = authors && authors.from === 0 ? (tokens[authors.to] as Token).end : 0;
    // Its own sentence, as AMA prints it; "Series: Vol. 11353," numbers a series.
    const marked = /(?:^|\.\s)[Vv]ol(?:ume)?\.?\s+([A-Za-z]?\d+)\.(?:\s|$)/.exec(text.slice(from));
    if (marked) {
      ref.volume = marked[1] as string;
      if (ref.pages === ref.volume) ref.pages = undefined;
    }
  }
  // Pages the labeller missed but the text marks as pages ("Pp. 55–61 in …", "pp. 3–8").
  if (!ref.pages) {
    // Not in the names: "Brook P. 2012" is an initial before the year.
    const from = authors && authors.from === 0 ? (tokens[authors.to] as Token).end : 0;
    const marked = /(?:^|[\s(,;.])[Pp]p?\.\s*([A-Za-z]?\d+(?:\s*[-–—]\s*[A-Za-z]?\d+)?)\b/.exec(text.slice(from));
    if (marked) ref.pages = tidyPages(marked[1] as string);
  }
  // "Thesis (M.A.), p. 157, University of …": a number marked as pages is not also the volume
  // of a work that stands in no journal or book.
  if (ref.volume && ref.volume === ref.pages && !container && new RegExp(String.raw`\b[Pp]p?\.\s*${ref.pages}\b`).test(text)) ref.volume = undefined;
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
  // "Title, Western Psychological Services, Los Angeles, CA." (Wiley-VCH): a "journal" with no
  // numbers and a place after it is the publisher of a book.
  const placeAfter = container ? text.slice((tokens[container.to] as Token).end) : '';
  if (ref.container && container && !ref.volume && !ref.issue && !ref.pages && !ref.publisher && !inBefore(container) && !PROCEEDINGS.test(ref.container) && /^,\s*\p{Lu}[\p{L}.\s-]*,\s*(?:\p{Lu}{2}|USA|UK)\b\.?(?:,\s*(?:USA|UK)\.?)?\s*$/u.test(placeAfter)) {
    ref.publisher = ref.container;
    ref.container = undefined;
    delete ref.confidence.container;
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
    // "Pages 111–138 in D. F. Krell, editor. Basic Writings. Harper." (Ecology), "In: Brown J (ed.)
    // Recall and Recognition.": with no container found, the sentence right after editors that
    // "in" opens and their marker closes is the book they edited. After "In Book, ed. J. Smith."
    // the book came first, and what follows is a publisher.
    const book = /^[\s.,:]*(\p{Lu}[^.;:()]{2,150}?)\.(?=\s|$)/u.exec(text.slice(editors.to));
    const marked = text.slice(editors.from, editors.to);
    if (!ref.container && book && /^(?:Pages?\b[^.]*?\s)?[Ii]n:?\s/.test(marked) && /\b(?:editors?|eds?|Eds?|Hrsg|Hg)\.?\)?[.,:]?\s*$/.test(marked) && book[1] !== ref.title && book[1] !== ref.publisher) {
      ref.container = stripEnd(book[1] as string);
      ref.confidence.container = 0.7;
    }
  }
  const before = container && container.from > 0 ? text.slice(0, (tokens[container.from] as Token).start) : '';
  const inPart = !!ref.container && (/\b[Ii]n:?\s*(?:[^.]*\((?:eds?|Eds?)\.?\)[,:]?\s*)?$/.test(before) || /\b(?:eds?\.|edited by)|\((?:eds?|hrsg)\.?\)/i.test(text));
  ref.type = guessType(ref, text, inPart);
  if (!ref.title && !ref.container) ref.notes.push('no title recognised');
  // "??" stands for what the author did not know (pages, a volume): report it, never guess it.
  if (/\?\?/.test(text)) {
    ref.notes.push('a placeholder "??" stands for an unknown field');
    if (!ref.pages) ref.confidence.pages = 0;
  }
}
