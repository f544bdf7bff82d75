// Builds the import evaluation: entries of the shared bibliographies rendered in the CSL styles of
// scripts/import-eval-lib.mjs by two processors, citeproc-js (through citation-js) and Pandoc's
// citeproc, with the truth of each reference taken from the entry itself. Writes
// test/gold/csl-dev.json and test/gold/csl-held.json (the evaluation) and data/import-train.json
// (training lists, development styles only). Deterministic: same inputs, same files.
// Usage: node scripts/build-import-eval.mjs [--corpus /work/shared] [--styles /usr/share/citation-style-language/styles]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTRA_DEV_STYLES, STYLES, splitStyles, truthOf } from './import-eval-lib.mjs';

const require = createRequire(import.meta.url);
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-csl');

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const shared = arg('--corpus', '/work/shared');
const styleDir = arg('--styles', '/usr/share/citation-style-language/styles');
const PER_STYLE = 30;

function bibFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...bibFiles(p));
    else if (name.endsWith('.bib')) out.push(p);
  }
  return out;
}

// TeX leftovers (braces, a combining accent after an apostrophe) mark an entry no style renders cleanly.
const BAD = /[{}\\$~^_]|https?:|[’'][\u0300-\u036f]/;
const KEEP = ['type', 'author', 'editor', 'title', 'container-title', 'container-title-short', 'volume', 'issue', 'page', 'issued', 'publisher', 'publisher-place', 'DOI', 'edition', 'genre', 'number'];

/** An entry a person would really cite and a style can render: named authors, a title, a year, the fields its type needs. */
function usable(it) {
  const year = it.issued?.['date-parts']?.[0]?.[0];
  if (!(year >= 1900 && year <= 2026)) return false;
  if (!it.author?.length || it.author.length > 12) return false;
  if (!it.author.every((a) => a.family && a.given && !BAD.test(a.family + a.given) && /^\p{Lu}/u.test(a.given) && a.family.length > 1)) return false;
  if (!it.title || BAD.test(it.title) || it.title.length < 12 || it.title.length > 220) return false;
  for (const f of ['container-title', 'publisher', 'volume', 'issue', 'page']) if (it[f] !== undefined && BAD.test(String(it[f]))) return false;
  // Real files put odd things in volume fields (a DOI, a note): such an entry shows nothing about parsing.
  for (const f of ['volume', 'issue']) if (it[f] !== undefined && !/^[A-Za-z]{0,4}-?\d[\w.–-]{0,8}$/.test(String(it[f]))) return false;
  if (it.page && !/^[A-Za-z]?\d+(?:\s*[-–]+\s*[A-Za-z]?\d+)?$/.test(String(it.page))) return false;
  return true;
}

function kindOf(it) {
  if (it.type === 'article-journal' && /arxiv/i.test(it['container-title'] ?? '')) return 'preprint';
  if (it.type === 'article-journal') return it['container-title'] && (it.volume || it.page) ? 'article' : undefined;
  if (it.type === 'paper-conference') return it['container-title'] ? 'paper' : undefined;
  if (it.type === 'book') return it.publisher ? 'book' : undefined;
  if (it.type === 'chapter') return it['container-title'] && it.publisher ? 'chapter' : undefined;
  if (it.type === 'thesis') return it.publisher ? 'thesis' : undefined;
  return undefined;
}

const pools = { article: [], paper: [], book: [], chapter: [], preprint: [], thesis: [] };
const seenTitles = new Set();
const files = [...bibFiles(join(shared, 'corpus')), ...bibFiles(join(shared, 'realworld'))];
if (files.length === 0) {
  console.error(`no .bib files under ${shared}/corpus or ${shared}/realworld: nothing to render`);
  process.exit(1);
}
for (const file of files) {
  const utf8 = readFileSync(file, 'utf8');
  const text = utf8.includes('\ufffd') ? readFileSync(file, 'latin1') : utf8;
  const strings = text.split(/\n(?=@)/).filter((c) => /^@string/i.test(c)).join('\n');
  for (const chunk of text.split(/\n(?=@)/)) {
    if (!/^@(article|inproceedings|conference|book|incollection|inbook|phdthesis|mastersthesis|thesis)\s*\{/i.test(chunk)) continue;
    let items;
    try {
      items = new Cite(strings + '\n' + chunk).data;
    } catch {
      continue;
    }
    for (const it of items) {
      const kind = usable(it) && kindOf(it);
      const t = it.title?.toLowerCase();
      if (!kind || seenTitles.has(t)) continue;
      seenTitles.add(t);
      // Plain strings only: Pandoc reads a list-valued publisher or place as an error.
      const flat = (k) => (Array.isArray(it[k]) && !['author', 'editor'].includes(k) ? it[k][0] : it[k]);
      const clean = Object.fromEntries(KEEP.filter((k) => it[k] !== undefined).map((k) => [k, flat(k)]));
      pools[kind].push({ ...clean, source: file.slice(shared.length + 1) });
    }
  }
}
console.error(Object.entries(pools).map(([k, v]) => `${k}: ${v.length}`).join(', '));

/** How many of each kind a style's set holds: mostly articles, as in a real reference list. */
const MIX = { article: 14, paper: 5, book: 3, chapter: 3, preprint: 2, thesis: 3 };

/** The entries of style number `s` for renderer `r`: a fixed stride through each pool, different per style and renderer. */
function pick(s, r, scale = 1, shift = 0) {
  const out = [];
  for (const [kind, per] of Object.entries(MIX)) {
    const pool = pools[kind];
    const count = per * scale;
    if (pool.length === 0) continue;
    const step = Math.max(1, Math.floor(pool.length / count));
    const start = (s * 2 + r) * 7919 + shift;
    for (let i = 0; i < Math.min(count, pool.length); i++) out.push(pool[(start + i * step) % pool.length]);
  }
  return out.slice(0, scale * PER_STYLE + 5).map((it, i) => ({ ...it, id: `ref${i + 1}` }));
}

/** Training lists: development styles only, twice as many entries, another stride through the pools. */
const TRAIN_SCALE = 2;
const TRAIN_SHIFT = 104729;

const squash = (s) => s.replace(/\s+/g, ' ').trim();

function renderCiteproc(style, xml, items) {
  plugins.config.get('@csl').styles.add(style, xml);
  const entries = new Cite(items.map(({ source, ...it }) => it)).format('bibliography', { format: 'text', template: style, lang: 'en-US', asEntryArray: true });
  return entries.map(([id, text]) => ({ id, text: squash(text) }));
}

let pandoc = true;
try {
  execFileSync('pandoc', ['--version']);
} catch {
  pandoc = false;
  console.error('pandoc not found: the Pandoc-rendered half of the evaluation is skipped');
}

/** Pandoc's citeproc, `-t plain`; its entries come in the order of the HTML rendering's `ref-` ids. */
function renderPandoc(stylePath, items, dir) {
  const bib = join(dir, 'items.json');
  writeFileSync(bib, JSON.stringify(items.map(({ source, ...it }) => it)));
  const doc = join(dir, 'doc.md');
  writeFileSync(doc, '---\nnocite: "@*"\n---\n');
  const args = [doc, '--citeproc', '--bibliography', bib, '--csl', stylePath, '--wrap=none'];
  const html = execFileSync('pandoc', [...args, '-t', 'html'], { encoding: 'utf8' });
  const ids = [...html.matchAll(/<div id="ref-([^"]+)" class="csl-entry"/g)].map((m) => m[1]);
  const plain = execFileSync('pandoc', [...args, '-t', 'plain'], { encoding: 'utf8' });
  const paras = plain.split(/\n\s*\n/).map(squash).filter(Boolean);
  if (paras.length !== ids.length) throw new Error(`pandoc gave ${paras.length} paragraphs for ${ids.length} entries`);
  return ids.map((id, i) => ({ id, text: paras[i] }));
}

const split = splitStyles();
const held = split.held;
// The extra styles come after the split's and after STYLES in the stride, so the entries every
// earlier style was given stay the same; they get no training lists (the labeller never sees them).
const dev = [...split.dev, ...EXTRA_DEV_STYLES];
const tmp = mkdtempSync(join(tmpdir(), 'citelens-eval-'));
const parts = { dev: [], held: [], train: [] };
[...STYLES, ...EXTRA_DEV_STYLES].forEach((style, s) => {
  const path = join(styleDir, `${style}.csl`);
  if (!existsSync(path)) {
    console.error(`${style}: no ${path}, skipped`);
    return;
  }
  const xml = readFileSync(path, 'utf8');
  const part = held.includes(style) ? 'held' : 'dev';
  const runs = [[0, 'citeproc-js', 'dev'], [1, 'pandoc', 'dev'], ...(part === 'dev' && !EXTRA_DEV_STYLES.includes(style) ? [[0, 'citeproc-js', 'train'], [1, 'pandoc', 'train']] : [])];
  for (const [r, renderer, use] of runs) {
    if (renderer === 'pandoc' && !pandoc) continue;
    const items = use === 'train' ? pick(s, r, TRAIN_SCALE, TRAIN_SHIFT) : pick(s, r);
    let rendered;
    try {
      rendered = renderer === 'pandoc' ? renderPandoc(path, items, tmp) : renderCiteproc(style, xml, items);
    } catch (err) {
      console.error(`${style} (${renderer}): ${err.message.split('\n')[0]}, skipped`);
      continue;
    }
    const byId = new Map(items.map((it) => [it.id, it]));
    const references = rendered
      .filter((e) => e.text)
      .map((e) => (use === 'train' ? truthOf(byId.get(e.id), e.text) : { ...truthOf(byId.get(e.id), e.text), source: byId.get(e.id).source }))
      .slice(0, use === 'train' ? TRAIN_SCALE * PER_STYLE : PER_STYLE);
    const into = use === 'train' ? 'train' : part;
    parts[into].push({ style, renderer, references });
    console.error(`${into} ${style} (${renderer}): ${references.length}`);
  }
});
rmSync(tmp, { recursive: true, force: true });

const about = {
  source: `entries of ${shared}/corpus and ${shared}/realworld .bib files, rendered with Debian's citation-style-language-styles by citeproc-js (citation-js) and pandoc --citeproc -t plain`,
  truth: 'the entry fields, kept only where the rendered text shows them (scripts/import-eval-lib.mjs truthOf)',
  rebuild: 'npm run eval:build',
};
writeFileSync('test/gold/csl-dev.json', JSON.stringify({ ...about, part: 'development', styles: dev, sets: parts.dev }, null, 1) + '\n');
writeFileSync('data/import-train.json', JSON.stringify({ ...about, part: 'training lists of the development styles (other entries than test/gold/csl-dev.json)', styles: split.dev, sets: parts.train }) + '\n');
writeFileSync('test/gold/csl-held.json', JSON.stringify({ ...about, part: 'held back: report figures, never read its failures', styles: held, sets: parts.held }, null, 1) + '\n');
