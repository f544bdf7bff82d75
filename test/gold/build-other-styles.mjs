// Builds test/gold/other-styles.json: entries of /work/shared/corpus formatted with CSL styles
// (APA 7, Vancouver, Harvard via citation-js's bundled templates; Chicago author-date via the
// CSL file given as the first argument, e.g. pandoc's default.csl). The truth is the entry's
// own fields, trimmed to what the formatted string shows (styles cut long author lists).
// Run once by hand: node test/gold/build-other-styles.mjs /usr/share/pandoc/data/default.csl --ieee ieee.csl [--holdout]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

const chicagoPath = process.argv[2];
// `--holdout` picks different entries (shifted stride) into other-styles-holdout.json, for a check
// on references the parser was never tuned on.
const holdout = process.argv.includes('--holdout');
const shift = holdout ? 1 : 0;
if (chicagoPath) plugins.config.get('@csl').styles.add('chicago-author-date', readFileSync(chicagoPath, 'utf8'));
// IEEE is not bundled with citation-js: pass `--ieee path/to/ieee.csl` (the CSL repository's ieee.csl).
const ieeeAt = process.argv.indexOf('--ieee');
const ieeePath = ieeeAt > 0 ? process.argv[ieeeAt + 1] : undefined;
if (ieeePath) plugins.config.get('@csl').styles.add('ieee', readFileSync(ieeePath, 'utf8'));

const ARTICLES = 13;
const STYLES = [
  { style: 'apa', template: 'apa', shown: (n) => (n > 20 ? 19 : n) },
  { style: 'vancouver', template: 'vancouver', shown: (n) => (n > 6 ? 6 : n) },
  { style: 'harvard', template: 'harvard1', shown: (n) => (n >= 4 ? 1 : n) },
  ...(chicagoPath ? [{ style: 'chicago', template: 'chicago-author-date', shown: (n) => (n > 10 ? 7 : n) }] : []),
  ...(ieeePath ? [{ style: 'ieee', template: 'ieee', shown: (n) => (n >= 7 ? 1 : n) }] : []),
];

function load(file, types = /^@(article|book)\s*\{/i) {
  const text = readFileSync(`/work/shared/corpus/${file}`, 'utf8');
  const chunks = text.split(/\n(?=@)/);
  const items = [];
  for (const chunk of chunks) {
    if (!types.test(chunk)) continue;
    try {
      items.push(...new Cite(chunk).data);
    } catch {
      // Entries citation-js cannot read are not candidates.
    }
    if (items.length > 400) break;
  }
  return items;
}

const year = (it) => it.issued?.['date-parts']?.[0]?.[0];
const usable = (it) =>
  it.author?.length && it.author.every((a) => a.family && a.given && !/[{}\\$]/.test(a.family + a.given)) &&
  it.title && !/[{}\\$]/.test(it.title) && year(it) >= 1500 && it.author.length <= 12;
const articles = load('cdl.bib').filter((it) => usable(it) && it.type === 'article-journal' && it['container-title'] && it.volume && it.page && /^\d+(-\d+)?$/.test(it.page));
const books = [...load('biblatex-examples.bib'), ...load('xampl.bib')].filter((it) => usable(it) && it.type === 'book' && it.publisher);
const papers = load('nime_papers.bib', /^@inproceedings\s*\{/i).filter((it) => usable(it) && it['container-title'] && it.page);
const chapters = load('cdl.bib', /^@incollection\s*\{/i).filter((it) => usable(it) && it['container-title']);

// A fixed stride through the candidates, so the set is reproducible and not hand-picked.
function pick(list, count, offset) {
  const out = [];
  const step = Math.max(1, Math.floor(list.length / (count * STYLES.length)));
  for (let i = offset * step + shift * Math.max(1, Math.floor(step / 2)); out.length < count && i < list.length; i += step * STYLES.length) out.push(list[i]);
  return out;
}

const initials = (given) => (given.match(/\p{Lu}/gu) ?? []).join('');
const references = [];
STYLES.forEach(({ style, template, shown }, s) => {
  const chosen = [...pick(articles, ARTICLES, s), ...books.slice(s * 2 + shift * 8, s * 2 + 2 + shift * 8), ...pick(papers, 3, s), ...pick(chapters, 2, s)];
  for (const it of chosen) {
    const text = new Cite({ ...it, id: 'x', URL: undefined, note: undefined, abstract: undefined, keyword: undefined })
      .format('bibliography', { format: 'text', template, lang: 'en-US' })
      .trim()
      .replace(/^1\.\s*/, '')
      .replace(/\s+/g, ' ');
    const n = shown(it.author.length);
    const gold = {
      text, style,
      type: { book: 'book', 'paper-conference': 'inproceedings', chapter: 'incollection' }[it.type] ?? 'article',
      authors: it.author.slice(0, n).map((a) => ({ family: a.family, given: a.given, initials: initials(a.given), ...(a['non-dropping-particle'] ?? a['dropping-particle'] ? { prefix: a['non-dropping-particle'] ?? a['dropping-particle'] } : {}) })),
      ...(n < it.author.length ? { others: true } : {}),
      title: it.title,
      ...(it['container-title'] ? { container: it['container-title'] } : {}),
      ...(it.editor?.length && it.editor.every((e) => e.family && text.includes(e.family)) ? { editors: it.editor.map((e) => ({ family: e.family, given: e.given, initials: initials(e.given ?? '') })) } : {}),
      ...(it.volume ? { volume: String(it.volume) } : {}),
      ...(it.issue ? { issue: String(it.issue) } : {}),
      ...(it.page ? { pages: String(it.page).replace(/-/g, '–') } : {}),
      year: String(year(it)),
      ...(it.type !== 'article-journal' && it.publisher ? { publisher: [it.publisher].flat()[0] } : {}),
      ...(it.DOI ? { doi: it.DOI } : {}),
    };
    // Keep only what the string shows: a style may drop a volume, a series or a second publisher.
    for (const f of ['container', 'volume', 'issue', 'publisher', 'doi']) {
      const shown = new RegExp(`(^|[^\\p{L}\\d])${String(gold[f]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\d])`, 'iu');
      if (gold[f] !== undefined && !shown.test(text)) delete gold[f];
    }
    if (gold.pages && !text.includes(gold.pages.split('–')[0])) delete gold.pages;
    references.push(gold);
  }
});
writeFileSync(new URL(holdout ? './other-styles-holdout.json' : './other-styles.json', import.meta.url), JSON.stringify({
  source: '/work/shared/corpus (cdl.bib articles, biblatex-examples.bib and xampl.bib books) formatted by citation-js 0.8 with CSL styles apa, vancouver, harvard1, chicago-author-date (pandoc default.csl) and ieee (CSL repository ieee.csl, abridged to the article/book/paper/chapter branches)',
  note: 'Truth = the entry fields; author lists trimmed to what each style prints (et al. -> others). Titles are compared ignoring case, since styles change case.',
  references,
}, null, 1) + '\n');
console.log(`${references.length} references`);
