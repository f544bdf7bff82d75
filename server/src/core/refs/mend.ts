// Mends the labels the sequence labeller gives a reference's tokens where it is known to go
// wrong, each a rule of how some style lays out numbers, names, journals and books. Pure: labels
// in, labels out; used by labelled.ts before the labels are turned into fields.
import type { Label, Token } from './tokens';

/** Numbers take the letters glued to them: volume "PC-18", pages "S72–89" or "e1005268", and a series' letter after a volume ("43B", "58A"). */
export function glueNumbers(tokens: readonly Token[], labels: Label[]): Label[] {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [num, letter, next] = [tokens[i] as Token, tokens[i + 1] as Token, tokens[i + 2]];
    if (labels[i] === 'V' && labels[i + 1] !== 'V' && /^\d+$/.test(num.text) && /^\p{Lu}$/u.test(letter.text) && letter.start === num.end && (!next || next.start > letter.end || /^[:;,.(]$/.test(next.text))) labels[i + 1] = 'V';
  }
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

const DASH = /^[-‐‑‒–—]$/;
const isYear = (t: string) => /^(?:1[5-9]|20)\d\d$/.test(t);

/**
 * Mends what the labeller is known to get wrong in how styles write numbers and journals, each a
 * rule of some style's layout:
 * - a page range whose second half it missed ("2018;38(12):2985-2999", AMA's hyphen);
 * - a section letter after an abbreviated journal ("Phys. Rev. B 104, 035112", "J. Phys. A");
 * - "Journal Vol, page (Year)" (APS, AIP): the number after the volume's comma is the page, as
 *   these styles print no issue there;
 * - "Publisher; 2019:3543-3556" (AMA's proceedings and books): a year, not a volume;
 * - a year inside a proceedings' name ("Proceedings of the 2019 Conference of …") after the title;
 * - and others, each commented where it stands: names with a given name spelled out, DIN 1505's
 *   and AAA's names, publishers and page words next to a journal, a book's title after "In".
 */
export function mendLabels(tokens: readonly Token[], labels: Label[]): Label[] {
  const text = (i: number) => tokens[i]?.text ?? '';
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const label = labels[i] as Label;
    const [a, b] = [text(i), text(i + 2)];
    const range = /^\d+$/.test(a) && /^\d+$/.test(b) && (b.length < a.length || Number(b) > Number(a));
    // "130/P –/P 135/O": the range's end the labeller left out.
    if (label === 'P' && labels[i - 1] !== 'P' && labels[i + 1] === 'P' && DASH.test(text(i + 1)) && range && labels[i + 2] !== 'P' && labels[i + 3] !== 'P') labels[i + 2] = 'P';
    if (label === 'P' && labels[i - 1] !== 'P' && labels[i + 1] !== 'P' && DASH.test(text(i + 1)) && range && labels[i + 2] !== 'P') {
      labels[i + 1] = 'P';
      labels[i + 2] = 'P';
    }
    if (label === 'C' && labels[i + 1] !== 'C') {
      let k = i + 1;
      if (text(k) === '.' && labels[k] === 'O') k++;
      if (/^\p{Lu}$/u.test(text(k)) && labels[k] === 'O') {
        const after = text(k + 1) === '.' && labels[k + 1] === 'O' ? k + 2 : k + 1;
        if (labels[after] === 'V') for (let j = i + 1; j <= k; j++) labels[j] = 'C';
      }
    }
  }
  // "Richard L. (Richard Lee) Hopkins, …", "Jeonghyun (Jonna) Lee, …": a name's full form or
  // nickname in parentheses, and the family name after it, are more of the names.
  for (let i = 1; i < n; i++) {
    if (labels[i - 1] !== 'A' || text(i) !== '(') continue;
    let j = i + 1;
    while (j < n && j - i < 6 && /^(?:\p{Lu}[\p{L}’'-]*|\.)$/u.test(text(j)) && !/^(?:Eds?|Hrsg|Trans|Comp)$/.test(text(j))) j++;
    if (j === i + 1 || text(j) !== ')') continue;
    const family = /^\p{Lu}[\p{L}’'-]+$/u.test(text(j + 1)) && /^[,.]$/.test(text(j + 2));
    if (!family && !/^[,.]$/.test(text(j + 1))) continue;
    for (let k = i; k <= j + (family ? 1 : 0); k++) labels[k] = 'A';
  }
  // "… and Neil Burgess 2012 Models of Grid Cells", "Dybjer, Peter 2000 A General …" (AAA): a
  // year the labeller took into the title's first words, no year found elsewhere, closes the
  // names; the words before it are the last name.
  const t0 = labels.indexOf('T');
  const namesEnd = t0 > 0 && (labels[t0 - 1] === 'A' || (text(t0 - 1) === ',' && labels[t0 - 2] === 'A'));
  if (namesEnd && !labels.includes('Y')) {
    if (labels[t0 - 1] !== 'A') labels[t0 - 1] = 'A';
    let y = t0;
    while (y < t0 + 4 && labels[y] === 'T' && /^\p{Lu}[\p{L}’'-]*$/u.test(text(y))) y++;
    if (y > t0 && labels[y] === 'T' && isYear(text(y)) && /^\p{Lu}/u.test(text(y + 1))) {
      for (let j = t0; j < y; j++) labels[j] = 'A';
      labels[y] = 'Y';
    }
  }
  // "BARTRAM, ALAN: Typeforms" (DIN 1505): a word between the names' comma and the colon that
  // opens the title is the last given name.
  const firstT = labels.indexOf('T');
  // The name is "Family, Given" after the list's start or a semicolon, as DIN prints every name.
  let family = firstT - 2;
  while (text(family - 1) === '-' && /^\p{Lu}/u.test(text(family - 2))) family -= 2;
  const inverted = /^\p{Lu}[\p{L}’'-]+$/u.test(text(firstT - 2)) && (family === 0 || text(family - 1) === ';');
  if (firstT > 1 && labels[firstT - 2] === 'A' && inverted && text(firstT - 1) === ',' && text(firstT + 1) === ':' && /^\p{Lu}[\p{L}’'-]*$/u.test(text(firstT)) && /^\p{Lu}/u.test(text(firstT + 2)) && labels.slice(0, firstT).every((l, j) => l === 'A' || /^[,;]$/.test(text(j)))) {
    labels[firstT - 1] = 'A';
    labels[firstT] = 'A';
    labels[firstT + 1] = 'O';
  }
  for (let i = 0; i < n; i++) {
    // "Brain, 127 (2004) 825–835" (Cambridge numeric): the number before the year in parentheses,
    // with the pages after it, is the volume.
    if (labels[i] === 'P' && labels[i - 1] !== 'P' && labels[i + 1] !== 'P' && /^\d+$/.test(text(i)) && text(i + 1) === '(' && isYear(text(i + 2)) && text(i + 3) === ')' && labels[i + 4] === 'P') labels[i] = 'V';
    // "Pages 127–131 Proceedings of …", "Page 329." (Ecology): the word marks the pages.
    if (/^Pages?$/.test(text(i)) && /^[A-Za-z]?\d+$/.test(text(i + 1)) && labels[i + 1] !== 'Y') {
      labels[i] = 'O';
      labels[i + 1] = 'P';
      if (DASH.test(text(i + 2)) && /^[A-Za-z]?\d+$/.test(text(i + 3))) {
        labels[i + 2] = 'P';
        labels[i + 3] = 'P';
      }
    }
  }
  // DIN 1505: "In: Experientia vol. 51 (1995), Nr. 7": "Nr." marks the issue, and the words
  // between "In:" and "vol." are the journal.
  for (let i = 0; i < n; i++) {
    if (/^(?:Nr|Heft|H)$/.test(text(i)) && text(i + 1) === '.' && /^\d+$/.test(text(i + 2)) && labels.includes('V') && labels[i + 2] === 'V' && labels.indexOf('V') < i) {
      labels[i] = 'O';
      labels[i + 2] = 'I';
    }
  }
  for (let i = 0; i < n; i++) {
    if (!/^[Ii]n$/.test(text(i)) || labels[i] !== 'O' || text(i + 1) !== ':') continue;
    let k = i + 2;
    while (k < n && labels[k] === 'O' && (/^\p{Lu}[\p{L}’'-]*$/u.test(text(k)) || /^(?:of|and|the|for|on|in|&|-)$/.test(text(k))) && !/^(?:Vol|Bd|Jg)$/.test(text(k))) k++;
    if (k > i + 2 && /^(?:vol|Vol|Bd|Jg)$/.test(text(k)) && /^\p{Lu}/u.test(text(i + 2))) for (let j = i + 2; j < k; j++) labels[j] = 'C';
    break;
  }
  // "Neuron. Elsevier 77(6)" (Unified Style Sheet for Linguistics): one word after the journal's
  // full stop (after a whole word, not an abbreviation), right before the volume, is its publisher.
  for (let i = 2; i < n - 2; i++) {
    if (labels[i] !== 'C' || text(i) !== '.' || labels[i - 1] !== 'C' || labels[i + 1] !== 'C' || labels[i + 2] !== 'V') continue;
    if (!/^\p{Lu}?\p{Ll}{4,}$/u.test(text(i - 1)) || !/^\p{Lu}\p{Ll}{3,}$/u.test(text(i + 1)) || /^(?:Series|Section|Part|Serie)$/.test(text(i + 1))) continue;
    labels[i] = 'O';
    labels[i + 1] = 'U';
  }
  // "On intelligence. St. | Martin’s Griffin; 2005": an abbreviation taken for a journal right
  // before the publisher opens the publisher's name.
  for (let i = 1; i < n - 2; i++) {
    if (labels[i] === 'C' && labels[i - 1] !== 'C' && labels[i + 1] !== 'C' && /^\p{Lu}\p{Ll}{0,2}$/u.test(text(i)) && text(i + 1) === '.' && labels[i + 2] === 'U') {
      labels[i] = 'U';
      labels[i + 1] = 'U';
    }
  }
  const hasPages = labels.includes('P');
  for (let i = 0; i < n; i++) {
    // "Neurology, 54, 1596, 2000" (Copernicus): a year-like number after the volume, with the
    // year still to come, is the page.
    if (labels[i] === 'Y' && !hasPages && text(i - 1) === ',' && labels[i - 2] === 'V' && labels.some((l, j) => j > i && l === 'Y' && isYear(text(j)))) labels[i] = 'P';
    if (labels[i] === 'I' && !hasPages && labels[i - 1] === 'O' && text(i - 1) === ',' && labels[i - 2] === 'V' && text(i + 1) === '(' && isYear(text(i + 2))) labels[i] = 'P';
    if (labels[i] === 'V' && isYear(text(i)) && text(i - 1) === ';' && text(i + 1) === ':' && !isYear(text(i - 2))) {
      const year = labels.findIndex((l, j) => l === 'Y' && isYear(text(j)));
      if (year < 0 || text(year) === text(i)) labels[i] = 'Y';
    }
  }
  // "Title. In: Book Title. Publisher, pp 13–31" (Springer): what follows "In:" after the title
  // is the book, whatever the labeller called it.
  if (!labels.includes('C')) {
    const end = labels.indexOf('T') < 0 ? -1 : labels.indexOf('O', labels.indexOf('T'));
    for (let k = Math.max(end, 0); end >= 0 && k < n; k++) {
      if (labels[k] !== 'T') continue;
      if ((text(k - 1) === ':' && /^[Ii]n$/.test(text(k - 2))) || /^[Ii]n$/.test(text(k - 1))) for (let j = k; j < n && labels[j] === 'T'; j++) labels[j] = 'C';
      else {
        // "In Typography, | Referenced: a Comprehensive …": words left unlabelled after "In" open the book.
        let b = k - 1;
        while (b > end && labels[b] === 'O' && !/^[Ii]n$/.test(text(b)) && (/^\p{Lu}[\p{L}’'-]*$/u.test(text(b)) || text(b) === ',')) b--;
        if (b < k - 1 && /^[Ii]n$/.test(text(b)) && /^\p{Lu}/u.test(text(b + 1))) for (let j = b + 1; j < n && (j < k || labels[j] === 'T'); j++) labels[j] = 'C';
      }
      break;
    }
  }
  // "… a systematic review. Pharmacogenomics 9:1079–99", "… accumbens. eLife. 7, e37275": words
  // left unlabelled between the title's full stop and the volume are the journal.
  const v = labels.indexOf('V');
  if (v > 0 && !labels.includes('C')) {
    let k = v - 1;
    while (k > 0 && labels[k] === 'O' && (/^\p{L}/u.test(text(k)) || (text(k) === '.' && /^\p{L}/u.test(text(k - 1)) && labels[k - 1] === 'O'))) k--;
    const words = tokens.slice(k + 1, v).map((x) => x.text);
    if (k < v - 1 && text(k) === '.' && labels[k - 1] === 'T' && /^\p{Ll}{0,2}\p{Lu}/u.test(text(k + 1)) && !words.some((w) => /^(?:vol|volume|no|issue|pp?|bd|band)$/i.test(w))) for (let j = k + 1; j < (text(v - 1) === '.' ? v - 1 : v); j++) labels[j] = 'C';
  }
  // "… dementia in Parkinson’s disease, Neurology, 54": a word in lower case the labeller left
  // between the title and the comma before the journal ends the title.
  for (let i = 1; i < n - 2; i++) {
    if (labels[i] !== 'O' || labels[i - 1] !== 'T' || !/^\p{Ll}[\p{L}’'-]*$/u.test(text(i)) || text(i + 1) !== ',' || labels[i + 2] !== 'C') continue;
    labels[i] = 'T';
  }
  const firstTitle = labels.indexOf('T');
  const firstContainer = labels.indexOf('C');
  if (firstTitle >= 0 && firstContainer > firstTitle) {
    // "in From Sets | and Types to Topology …": a title run straight after the container, the
    // title having come before it, is the container going on.
    let end = firstContainer;
    while (end < n && labels[end] === 'C') end++;
    if (labels[end] === 'T' && labels.slice(firstTitle, firstContainer).every((l) => l !== 'C')) for (let j = end; j < n && labels[j] === 'T'; j++) labels[j] = 'C';
  }
  if (firstContainer > 0 && (firstTitle < 0 || firstContainer > firstTitle)) {
    // "in: Choice, | Decision, and Measurement", "… recognition. Computational, | Geometric, and
    // Process Perspectives", "Levinson. Dynamics, | Theory and Applications. McGraw Hill": words
    // left unlabelled between "In" (or the title's or the names' full stop) and the container open it.
    let k = firstContainer - 1;
    while (k > 0 && labels[k] === 'O' && (/^\p{Lu}[\p{L}’'-]*$/u.test(text(k)) || text(k) === ',')) k--;
    const colon = text(k) === ':' && /^[Ii]n$/.test(text(k - 1));
    if (colon) k--;
    const from = k + (colon ? 2 : 1);
    const opened = /^[Ii]n$/.test(text(k)) || (text(k) === '.' && (labels[k - 1] === 'T' || labels[k - 1] === 'A') && text(firstContainer - 1) === ',');
    if (from < firstContainer && opened && labels[k] === 'O' && /^\p{Lu}/u.test(text(from))) for (let j = from; j < firstContainer; j++) labels[j] = 'C';
  }
  for (let i = 1; i < n - 1; i++) {
    if (labels[i] !== 'Y' || labels[i - 1] !== 'C' || labels[i + 1] !== 'T' || firstTitle < 0 || firstTitle > i) continue;
    // The title came before the container, so a second title run here is the container going on.
    const year = labels.some((l, j) => l === 'Y' && j !== i && isYear(text(j))) || labels.some((l, j) => l === 'V' && text(j) === text(i));
    if (!year) continue;
    for (let j = i; j < n && (labels[j] === 'T' || j === i); j++) labels[j] = 'C';
  }
  // "… correction to Yonelinas and Jacoby (1996). Journal …, 1997": a year in parentheses that
  // closes a title after a name, where the reference is dated by another year later on, is the
  // year of the work the title comments on, and part of the title.
  for (let i = 1; i < n - 3; i++) {
    if (labels[i - 1] !== 'T' || text(i) !== '(' || labels[i + 1] !== 'Y' || text(i + 2) !== ')' || !/^[.,]$/.test(text(i + 3))) continue;
    if (!/^\p{Lu}\p{Ll}/u.test(text(i - 1)) || !isYear(text(i + 1))) continue;
    const later = tokens.findIndex((t, j) => j > i + 3 && isYear(t.text) && t.text !== text(i + 1));
    const same = tokens.findIndex((t, j) => j > i + 3 && t.text === text(i + 1));
    const dated = later > 0 ? later : same;
    if (dated < 0 || labels.slice(i + 4).includes('T')) continue;
    for (let k = i; k <= i + 2; k++) labels[k] = 'T';
    labels[dated] = 'Y';
  }
  // "… Hypertension: Back to the | Future. Chest 96(4)": no title ends on an article or a
  // preposition, so a "journal" right after one is the title's last words; a "publisher" that
  // then stands before the volume is the journal.
  for (let i = 0; i < n - 1; i++) {
    if (labels[i] !== 'T' || labels[i + 1] !== 'C' || !/^(?:the|a|an|of|to|for|and|with|on|from|by)$/.test(text(i))) continue;
    // A few words only: a whole "Proceedings of the …" glued to the title is a container.
    let end = i + 1;
    while (end < n && labels[end] === 'C') end++;
    if (end - i - 1 > 3) continue;
    let j = i + 1;
    while (j < n && labels[j] === 'C') labels[j++] = 'T';
    if (text(j) !== '.' || labels[j + 1] !== 'U') break;
    let k = j + 1;
    while (k < n && labels[k] === 'U') k++;
    if (labels[k] === 'V') for (let m = j + 1; m < k; m++) labels[m] = 'C';
    break;
  }
  // "Principal Component Analysis. 2nd edition.", "Handbook of Social Psychology 5th ed.": an
  // edition is printed after the title or book, and belongs to neither.
  for (let i = 0; i < n - 2; i++) {
    if (!/^\d{1,2}$/.test(text(i)) || !/^(?:st|nd|rd|th)$/.test(text(i + 1)) || !/^(?:ed|edn|edition|Aufl|Auflage)$/i.test(text(i + 2))) continue;
    if (!/^[TC]$/.test(labels[i] as string) && !/^[TC]$/.test(labels[i + 2] as string) && !/^[TC]$/.test(labels[i - 1] as string)) continue;
    for (let k = i; k <= i + 2; k++) labels[k] = 'O';
  }
  // "Asymptotic Complexity vs. | Reality. IMACS ’93: …": a title ends at no abbreviation that
  // joins two things; the words after it, to the next full stop, are more of the title.
  for (let i = 1; i < n - 2; i++) {
    if (labels[i] !== 'T' || !/^(?:vs|versus|cf|viz)$/.test(text(i)) || text(i + 1) !== '.' || labels[i + 2] === 'T') continue;
    let j = i + 1;
    while (j < n && j - i < 12 && !(text(j) === '.' && j > i + 1) && !/^[,;:()]$/.test(text(j))) j++;
    if (text(j) !== '.') continue;
    for (let k = i + 1; k < j; k++) labels[k] = 'T';
  }
  return labels;
}
