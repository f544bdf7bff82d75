// Manubot manuscripts: which documents Manubot builds, the aliases and bibliographies it gives the
// pandoc-manubot-cite filter, and the index that resolves keys the way the filter does before
// citeproc runs (manubot/process/*.py and manubot/pandoc/cite_filter.py at 4fb805a).
import type { BibIndex } from './bibIndex';
import type { BibEntry, BibField } from '../model/entry';
import { memo } from '../model/memo';
import { resolveUri, uriBasename, uriDirname } from '../model/uri';
import type { Doc, Workspace } from '../model/workspace';
import { scanBlocks } from '../syntax/cite/markdown';
import { linkAliases, manubotKey, namesManubot, yamlAliases } from '../syntax/cite/manubot';
import { quartoBibliographies } from '../syntax/project';

export interface Manubot {
  /** `citekey-aliases` of the metadata and link-reference aliases of the whole manuscript. */
  aliases: Map<string, string>;
  /** Bibliographies the filter reads as manual references: metadata `bibliography`, `manual-references*.*`. */
  bibs: string[];
}

const frontMatterOf = memo((doc: Doc) => scanBlocks(doc.text).yaml.map((y) => doc.text.slice(y.start, y.end)));
const linkAliasesOf = memo((doc: Doc) => {
  // Code blocks are not paragraphs: an alias written in one is not defined.
  let text = doc.text;
  for (const s of scanBlocks(text).skip) text = text.slice(0, s.start) + text.slice(s.start, s.end).replace(/[^\n]/g, ' ') + text.slice(s.end);
  return linkAliases(text);
});
const metadataOf = memo((doc: Doc) => ({ aliases: yamlAliases(doc.text), bibliographies: pandocBibliographies(doc.text) }));

/** `pandoc: bibliography:` (or a top-level `bibliography:`) of a Manubot metadata.yaml. */
function pandocBibliographies(text: string): string[] {
  const nested = /^pandoc[ \t]*:[ \t]*\r?\n((?:[ \t]+.*\r?\n?|[ \t]*\r?\n)*)/m.exec(text);
  const inner = nested?.[1] ? nested[1].replace(/^[ \t]{2}/gm, '') : '';
  return [...quartoBibliographies(text), ...quartoBibliographies(inner)].map((d) => d.path);
}

/**
 * The rootstock layout: `content/NN.name.md` parts under a repository whose
 * `build/pandoc/defaults/*.yaml` run pandoc-manubot-cite. `manubot process` joins the parts (in
 * name order) into one manuscript and runs pandoc from the repository root.
 */
function rootstockRoot(ws: Workspace, doc: Doc): string | undefined {
  const content = uriDirname(doc.uri);
  if (uriBasename(content) !== 'content' || !/^[0-9].*\.md$/.test(uriBasename(doc.uri))) return undefined;
  const root = uriDirname(content);
  const defaults = `${root}/build/pandoc/defaults/`;
  for (const [uri, d] of ws.docs) if (uri.startsWith(defaults) && d.text.includes('pandoc-manubot-cite')) return root;
  return undefined;
}

const manubotsOf = memo((_ws: Workspace) => new Map<string, Manubot | undefined>());

/** How Manubot builds a Markdown document, or undefined when it does not. */
export function manubotOf(ws: Workspace, doc: Doc): Manubot | undefined {
  const cache = manubotsOf(ws);
  if (cache.has(doc.uri)) return cache.get(doc.uri);
  const found = computeManubot(ws, doc);
  cache.set(doc.uri, found);
  return found;
}

function computeManubot(ws: Workspace, doc: Doc): Manubot | undefined {
  if (doc.lang !== 'markdown') return undefined;
  const root = rootstockRoot(ws, doc);
  if (root) {
    const content = `${root}/content/`;
    const parts = [...ws.docs.values()].filter((d) => d.uri.startsWith(content) && !d.uri.slice(content.length).includes('/') && /^[0-9].*\.md$/.test(uriBasename(d.uri)));
    const aliases = new Map<string, string>();
    for (const part of parts.sort((a, b) => (a.uri < b.uri ? -1 : 1))) for (const [k, v] of linkAliasesOf(part)) aliases.set(k, v);
    const metadata = ws.docs.get(`${content}metadata.yaml`) ?? ws.docs.get(`${content}metadata.yml`);
    const meta = metadata ? metadataOf(metadata) : { aliases: new Map<string, string>(), bibliographies: [] };
    for (const [k, v] of meta.aliases) aliases.set(k, v);
    // `manubot process` adds every content/**/manual-references*.* to the bibliography.
    const manual = ws.workspaceBibs.filter((b) => b.startsWith(content) && /^manual-references/.test(uriBasename(b)));
    return { aliases, bibs: [...meta.bibliographies.map((p) => resolveUri(`${root}/`, p)), ...manual] };
  }
  // The filter run on a document of its own: its front matter names the filter's options.
  const yaml = frontMatterOf(doc);
  if (!yaml.some(namesManubot)) return undefined;
  const aliases = new Map(linkAliasesOf(doc));
  for (const y of yaml) for (const [k, v] of yamlAliases(y)) aliases.set(k, v);
  return { aliases, bibs: [] };
}

const wrapped = memo((_base: BibIndex) => new Map<Manubot, BibIndex>());

/**
 * The index the filter gives citeproc: a key whose alias or standard id names a manual reference
 * is that reference; a persistent id Manubot can look up (online, assumed to succeed here) stands
 * for the item Manubot will generate; anything else is not found, as citeproc then reports.
 */
export function manubotIndex(base: BibIndex, manubot: Manubot): BibIndex {
  const cache = wrapped(base);
  let index = cache.get(manubot);
  if (index) return index;
  let byStandard: Map<string, BibEntry> | undefined;
  const generated = new Map<string, BibEntry | undefined>();
  const resolve = (key: string): BibEntry | undefined => {
    const found = base.lookup(key);
    if (found) return found;
    if (generated.has(key)) return generated.get(key);
    const ck = manubotKey(key, manubot.aliases);
    let entry: BibEntry | undefined;
    if (ck) {
      if (!byStandard) {
        byStandard = new Map();
        for (const e of base.entries) {
          const id = manubotKey(e.key, new Map())?.standardId ?? e.key;
          if (!byStandard.has(id)) byStandard.set(id, e);
        }
      }
      entry = byStandard.get(ck.standardId) ?? base.lookup(ck.dealiased);
      if (!entry && ck.persistent && !ck.problem) entry = lookedUp(key, ck.standardId);
    }
    generated.set(key, entry);
    return entry;
  };
  index = Object.assign(Object.create(base) as BibIndex, { lookup: resolve });
  cache.set(manubot, index);
  return index;
}

/** The stand-in for the CSL item Manubot generates from a persistent identifier. */
function lookedUp(key: string, standardId: string): BibEntry {
  const field = (name: string, raw: string): [string, BibField] => [name, { name, raw }];
  return {
    key,
    type: 'misc',
    fields: new Map([field('title', standardId), field('note', 'Manubot looks this identifier up when it builds the manuscript')]),
    file: 'manubot:',
    span: { start: 0, end: 0 },
    keySpan: { start: 0, end: 0 },
    format: 'csl-json',
  };
}
