// Formats CSL items as references in a CSL style, one at a time for hovers or together as a
// bibliography, with citeproc-js (engines in engine.ts, `and others` in etAl.ts). Never throws: a
// failure falls back to a plain rendering and a note. The host passes the style XML and locales;
// nothing here reads files.
import type { StyleSpec } from '../model/style';
import type { CslItem } from '../syntax/bib/cslItem';
import type { CiteprocEngine } from '../syntax/citationJs';
import { styleInfo } from '../syntax/cslStyle';
import { engineFor, loadItems, type Engine, type LocaleOptions } from './engine';
import { formatPlain } from './plain';
import { joinPunctuation, keepDashes, localisableQuotes, restoreDashes } from './spec';

export type { StyleSpec } from '../model/style';
export type { LocaleOptions } from './engine';
export type OutputFormat = 'text' | 'html';

/** Drops abstracts and keywords when the style prints neither: they are long, and citeproc parses them all. */
function stripperFor(style: StyleSpec): (item: CslItem) => CslItem {
  if (styleInfo(style).printsAbstract) return (item) => localisableQuotes(keepDashes(item));
  return (item) => {
    const { abstract: _abstract, keyword: _keyword, ...rest } = item;
    return localisableQuotes(keepDashes(rest));
  };
}

/** The entries in the style's order (or the given order with `nosort`), each as citeproc wrote it. */
function render(engine: Engine, style: StyleSpec, items: readonly CslItem[], format: OutputFormat, nosort: boolean): string[] {
  const ids = loadItems(engine, items, stripperFor(style));
  const proc = engine.citeproc;
  proc.setOutputFormat(format);
  if (ids.length === 1 && nosort) registerAlone(proc, ids);
  else proc.updateItems(ids, nosort);
  // A style without a <bibliography> (a few note styles) shows its citation form instead.
  const dash = proc.getTerm('page-range-delimiter') || '\u2013';
  if (!proc.bibliography) return ids.map((id) => finished(proc.makeCitationCluster([{ id }]), dash));
  const made = proc.makeBibliography();
  if (!made) throw new Error('the style made no bibliography');
  const numbered = format === 'text' && styleInfo(style).numbered;
  return made[1].map((entry) => joinEntry(entry, dash, numbered));
}

/** citeproc-js's output with the page dashes it must not see put back and the punctuation joined as Pandoc joins it. */
function finished(text: string, dash: string): string {
  return joinPunctuation(restoreDashes(text, dash));
}

/** A numbered entry's citation number as citeproc writes it in text (`1. `, `[1] `, `(1) `). */
const textNumber = /^\s*[[(]?\d+[\])]?\.?\s+/;

/** The entry's punctuation joined as Pandoc joins it, apart from a text entry's number, which Pandoc prints in a margin of its own. */
function joinEntry(entry: string, dash: string, numbered: boolean): string {
  const number = numbered ? (textNumber.exec(entry)?.[0] ?? '') : '';
  return number + finished(entry.slice(number.length), dash);
}

/**
 * Registers one item that is rendered alone. Sort keys and disambiguation compare an item with
 * its neighbours; alone it has none, and for APA they are two thirds of the time of a hover
 * (measured: 8.5 of 13 ms per reference), so they are skipped.
 */
function registerAlone(proc: CiteprocEngine, ids: string[]): void {
  const { registry } = proc;
  const { setsortkeys, setdisambigs } = registry;
  registry.setsortkeys = () => undefined;
  registry.setdisambigs = () => undefined;
  try {
    proc.updateItems(ids, true);
  } finally {
    registry.setsortkeys = setsortkeys;
    registry.setdisambigs = setdisambigs;
  }
}

/** Markdown-active characters in HTML text, encoded so a Markdown renderer keeps them literal. */
function inertHtml(html: string): string {
  return html.replace(/(<[^>]*>)|([[\]*_`\\])/g, (m, tag: string | undefined) => (tag ? m : `&#${m.charCodeAt(0)};`));
}

/** One entry's content without the citation number and citeproc's wrapper divs. */
function cleanEntry(entry: string, format: OutputFormat, numbered: boolean): string {
  if (format === 'text') {
    const text = entry.trim();
    // Rendered alone, the entry's number is 1, however the style dresses it: `1.`, `[1]`, `(1)`, `1`.
    return numbered ? text.replace(/^[[(]?1[\])]?\.?(\s+|$)/, '') : text;
  }
  let html = entry.trim();
  html = html.replace(/<div class="csl-left-margin">[\s\S]*?<\/div>/, '');
  html = html.replace(/^<div class="csl-entry">\s*/, '').replace(/\s*<\/div>$/, '');
  html = html.replace(/^<div class="csl-right-inline">([\s\S]*)<\/div>$/, '$1');
  return inertHtml(html.trim());
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Items of the common types with the common fields, rendered once when a style is prepared: the
 * first rendering of each type runs citeproc's paths for it cold (measured on MLA: the first
 * hundred hovers cost twice what later ones do), and preparing runs ahead of the first hover.
 */
const warmItems: CslItem[] = [
  { id: 'w1', type: 'article-journal', title: 'A study of things', 'container-title': 'Journal of Things', volume: '12', issue: '3', page: '45–67', DOI: '10.1000/x', author: [{ family: 'Doe', given: 'Jane' }, { family: 'Roe', given: 'R. J.' }, { literal: 'others' }], issued: { 'date-parts': [[2020, 5]] } },
  { id: 'w2', type: 'book', title: 'The book', publisher: 'Press', 'publisher-place': 'Oslo', edition: '2', editor: [{ family: 'Smith', given: 'Ann', 'non-dropping-particle': 'van' }], issued: { 'date-parts': [[1999]] } },
  { id: 'w3', type: 'chapter', title: 'A chapter', 'container-title': 'The book', page: '1–20', author: [{ family: 'Lee', given: 'Kim' }], editor: [{ family: 'Smith', given: 'Ann' }], publisher: 'Press', issued: { 'date-parts': [[2001]] } },
  { id: 'w4', type: 'paper-conference', title: 'A paper', 'container-title': 'Proceedings of the Conference', page: '5–9', author: [{ family: 'Kai', given: 'N.' }, { family: 'Ito', given: 'T.' }, { family: 'Abe', given: 'S.' }, { family: 'Mori', given: 'M.' }], issued: { 'date-parts': [[2015]] } },
  { id: 'w5', type: 'thesis', title: 'A thesis', genre: 'PhD thesis', publisher: 'University', author: [{ family: 'Geer', given: 'Ingrid', 'non-dropping-particle': 'de' }], issued: { 'date-parts': [[1985]] } },
  { id: 'w6', type: 'report', title: 'A report', number: 'TR-1', publisher: 'Institute', author: [{ literal: 'World Health Organization' }], issued: { 'date-parts': [[2010]] } },
  { id: 'w7', type: 'webpage', title: 'A page', URL: 'https://example.org', accessed: { 'date-parts': [[2021, 1, 2]] }, author: [{ family: 'Doe', given: 'J.' }], issued: { 'date-parts': [[2019]] } },
];

/** Engines that have rendered the warm-up items already. */
const warmed = new WeakSet<Engine>();

/**
 * Builds the style's engine ahead of the first hover and renders a few items in it, once per
 * engine (a library re-read calls this again; the render cost 150 ms each time); false when
 * citeproc rejects the style.
 */
export function prepareStyle(style: StyleSpec, locale: LocaleOptions = {}): boolean {
  let engine: Engine;
  try {
    engine = engineFor(style, locale);
  } catch {
    return false;
  }
  if (warmed.has(engine)) return true;
  warmed.add(engine);
  formatReferences(warmItems, style, 'text', undefined, locale);
  return true;
}

/**
 * One formatted reference per item, in input order, each rendered alone (so no year suffixes or
 * repeated-author dashes from its neighbours) and without a citation number, for hovers and
 * tooltips. Failures fall back to `formatPlain` and add a sentence to `notes` when given.
 */
export function formatReferences(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, notes?: string[], locale: LocaleOptions = {}): string[] {
  let engine: Engine;
  try {
    engine = engineFor(style, locale);
  } catch (e) {
    notes?.push(`Style ${style.id} could not be read (${describe(e)}); a plain rendering is shown.`);
    return items.map((item) => formatPlain(item, format));
  }
  const numbered = styleInfo(style).numbered;
  return items.map((item) => {
    try {
      const out = cleanEntry(render(engine, style, [item], format, true)[0] ?? '', format, numbered);
      if (!out) throw new Error('empty output');
      return out;
    } catch (e) {
      notes?.push(`Style ${style.id} could not format ${String(item.id)} (${describe(e)}); a plain rendering is shown.`);
      return formatPlain(item, format);
    }
  });
}

/**
 * The items as one bibliography, ordered as the style says (numeric styles keep the input order).
 * Text output has one reference per line; HTML output is a `csl-bib-body` div.
 */
export function formatBibliography(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, notes?: string[], locale: LocaleOptions = {}): string {
  if (!items.length) return '';
  try {
    const entries = render(engineFor(style, locale), style, items, format, false);
    if (format === 'text') return entries.map((e) => e.trim()).join('\n');
    const body = entries.map((e) => inertHtml(e.trim().replace(entryId, '$1')));
    return `<div class="csl-bib-body">\n${body.join('\n')}\n</div>`;
  } catch (e) {
    notes?.push(`Style ${style.id} could not format the bibliography (${describe(e)}); a plain rendering is shown.`);
    const plain = items.map((item) => formatPlain(item, format));
    return format === 'text' ? plain.join('\n') : `<div class="csl-bib-body">\n${plain.map((p) => `<div class="csl-entry">${p}</div>`).join('\n')}\n</div>`;
  }
}

/** The id attribute citeproc may add to an HTML entry; our ids are throwaway. */
const entryId = /^(\s*<[a-z]+) data-csl-entry-id="[^"]*"/i;

/**
 * The in-text citation of the items together, as the style writes it (`(Lundberg et al. 2017; Esteva
 * et al. 2017)`, `[1, 2]`, or a note's text). Numeric styles number the items in the order given.
 */
export function formatCitation(items: readonly CslItem[], style: StyleSpec, format: OutputFormat, notes?: string[], locale: LocaleOptions = {}): string {
  if (!items.length) return '';
  try {
    const engine = engineFor(style, locale);
    const ids = loadItems(engine, items, stripperFor(style));
    engine.citeproc.setOutputFormat(format);
    engine.citeproc.updateItems(ids, true);
    const out = finished(engine.citeproc.makeCitationCluster(ids.map((id) => ({ id }))), engine.citeproc.getTerm('page-range-delimiter') || '\u2013');
    return format === 'html' ? inertHtml(out) : out;
  } catch (e) {
    notes?.push(`Style ${style.id} could not format the citation (${describe(e)}).`);
    return items.map((i) => String(i.id)).join('; ');
  }
}
