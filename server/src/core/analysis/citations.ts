// Citations of a document, found once per document text and settings, and the citation or
// key under a cursor. Manuscripts only; `.bib` keys are handled by keyAt in features.
import { findCitations, type Citation } from '../syntax/cite/index';
import type { ParseError, Span } from '../model/types';
import { isManuscript, settingsFor, type Doc, type Workspace } from '../model/workspace';
import { isTypstLabel, typstDefinitions, typstSyntaxOf, type TypstDefinitions } from './typstProject';
import { crossrefKinds, loadedPackages } from '../syntax/project';
import { resolveUri } from '../model/uri';
import { memo } from '../model/memo';
import { latexProject, latexRoot, quartoConfigs } from './scope';
import { definedCitationCommands } from '../syntax/cite/latex';
import { citoPrefixes } from './pipeline';

type Found = { citations: Citation[]; errors: ParseError[]; skipped: Span[] };
const cache = new WeakMap<Doc, Found & { commands: string }>();
const typstCache = new WeakMap<Doc, { definitions: TypstDefinitions; citations: Citation[] }>();
const kindsCache = new WeakMap<Doc, { kinds: string; from: Citation[]; citations: Citation[] }>();
const ownKinds = memo((doc: Doc) => crossrefKinds(doc.text, 'markdown'));
const configKinds = memo((doc: Doc) => crossrefKinds(doc.text, 'yaml'));

const definedOf = memo((doc: Doc) => definedCitationCommands(doc.text));
const packagesOf = memo((doc: Doc) => loadedPackages(doc.text));
const projectCommandsOf = memo((_ws: Workspace) => new Map<string, string[]>());

/**
 * Citation macros the other files of a LaTeX project define (a preamble file, the root): TeX
 * reads the chapter after them, so their calls in the chapter cite.
 */
function projectCommands(ws: Workspace, doc: Doc): string[] {
  const cache = projectCommandsOf(ws);
  let list = cache.get(doc.uri);
  if (!list) {
    const root = latexRoot(ws, doc.uri);
    const members = latexProject(ws, root).filter((u) => u !== doc.uri);
    // Packages and classes the project ships next to its root, and those they load in turn.
    const queue = [root, ...members];
    for (let k = 0; k < queue.length && k < 200; k++) {
      const d = ws.docs.get(queue[k] as string);
      for (const file of d ? packagesOf(d) : []) {
        const uri = resolveUri(root, file);
        if (ws.docs.has(uri) && !queue.includes(uri)) {
          queue.push(uri);
          members.push(uri);
        }
      }
    }
    list = [...new Set(members.flatMap((u) => { const d = ws.docs.get(u); return d ? definedOf(d) : []; }))];
    cache.set(doc.uri, list);
  }
  return list;
}

function found(ws: Workspace, doc: Doc): Found {
  if (!isManuscript(doc.lang)) return { citations: [], errors: [], skipped: [] };
  if (doc.lang === 'typst') return { ...typstSyntaxOf(doc), skipped: [] };
  const latexCommands = [...settingsFor(ws, doc.uri).latexCommands, ...(doc.lang === 'latex' ? projectCommands(ws, doc) : [])];
  const commands = latexCommands.join(',');
  const hit = cache.get(doc);
  if (hit && hit.commands === commands) return hit;
  const result = findCitations(doc.text, doc.lang, { latexCommands });
  cache.set(doc, { commands, ...result });
  return result;
}

export function citationsOf(ws: Workspace, doc: Doc): Citation[] {
  if (doc.lang === 'typst') return typstCitations(ws, doc);
  if (doc.lang === 'markdown') return withoutCitoProperties(ws, doc, withoutCustomCrossrefs(ws, doc));
  return found(ws, doc).citations;
}

/**
 * Quarto's crossref filter also resolves the kinds a document or its project declares
 * (`crossref: custom: [{key: vid}]` makes `@vid-intro` a cross-reference) before citeproc runs.
 */
function withoutCustomCrossrefs(ws: Workspace, doc: Doc): Citation[] {
  const all = found(ws, doc).citations;
  const kinds = [...ownKinds(doc), ...quartoConfigs(ws, doc).flatMap(configKinds)];
  if (kinds.length === 0) return all;
  const key = kinds.join(',');
  const hit = kindsCache.get(doc);
  if (hit && hit.kinds === key && hit.from === all) return hit.citations;
  const prefixes = kinds.map((k) => `${k}-`);
  const citations = all.filter((c) => !prefixes.some((p) => c.key.startsWith(p)));
  kindsCache.set(doc, { kinds: key, from: all, citations });
  return citations;
}

const citoCache = new WeakMap<Doc, { props: Set<string>; from: Citation[]; citations: Citation[] }>();

/**
 * A CiTO filter in the build (pandoc's cito.lua) strips the property from each citation id
 * (`@cites_as_evidence:Li95` cites Li95) before citeproc runs: the key is what follows the colon.
 */
function withoutCitoProperties(ws: Workspace, doc: Doc, all: Citation[]): Citation[] {
  const props = citoPrefixes(ws, doc);
  if (!props) return all;
  const hit = citoCache.get(doc);
  if (hit && hit.props === props && hit.from === all) return hit.citations;
  const citations = all.map((c) => {
    // The filter's own pattern, `^([^:]+):(.+)$`: the property is everything before the first colon.
    const colon = c.key.indexOf(':');
    if (colon <= 0 || colon === c.key.length - 1 || !props.has(c.key.slice(0, colon))) return c;
    return { ...c, key: c.key.slice(colon + 1), span: { start: c.span.start + colon + 1, end: c.span.end } };
  });
  citoCache.set(doc, { props, from: all, citations });
  return citations;
}

/** Where the LaTeX finder sees no LaTeX (comments, verbatim): completion asks this too. */
export function skippedOf(ws: Workspace, doc: Doc): Span[] {
  return found(ws, doc).skipped;
}

/**
 * A Typst document's citations: its `@key`s and `#ref`s to labels of the project are
 * cross-references, and calls of the project's citing functions (`#see(<key>)`) cite.
 */
function typstCitations(ws: Workspace, doc: Doc): Citation[] {
  const definitions = typstDefinitions(ws, doc.uri);
  const hit = typstCache.get(doc);
  if (hit && hit.definitions === definitions) return hit.citations;
  const { helpers } = definitions;
  const syntax = typstSyntaxOf(doc);
  const citations = syntax.citations.filter((c) => !(c.reference && isTypstLabel(definitions, c.key)));
  let added = false;
  for (const call of syntax.labelCalls) {
    for (const helper of helpers.get(call.callee) ?? []) {
      const arg = call.args.find((a) => a.index === helper.param);
      if (!arg || (helper.command === 'ref' && isTypstLabel(definitions, arg.key))) continue;
      const c: Citation = { key: arg.key, span: arg.span, command: `#${call.callee}`, groupSpan: { start: call.start, end: call.end }, kind: 'normal' };
      if (helper.command === 'ref') c.reference = true;
      citations.push(c);
      added = true;
    }
  }
  if (added) citations.sort((a, b) => a.span.start - b.span.start);
  typstCache.set(doc, { definitions, citations });
  return citations;
}

/** What the citation finder could not read: a key list that is never closed. */
export function citationErrorsOf(ws: Workspace, doc: Doc): ParseError[] {
  return found(ws, doc).errors;
}

/** The citation whose key contains the offset (the end of a key counts, for a cursor just after it). */
export function citationAt(ws: Workspace, doc: Doc, offset: number): Citation | undefined {
  const list = citationsOf(ws, doc);
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid] as Citation;
    if (c.span.end < offset) lo = mid + 1;
    else if (c.span.start > offset) hi = mid - 1;
    else return c.all ? undefined : c;
  }
  return undefined;
}

/** The entry key at an offset of a `.bib` document (on the key after `@type{`). */
export function bibKeyAt(ws: Workspace, doc: Doc, offset: number): { key: string; span: { start: number; end: number } } | undefined {
  const file = ws.bibs.get(doc.uri);
  if (!file) return undefined;
  for (const entry of file.entries) {
    if (entry.keySpan.start <= offset && offset <= entry.keySpan.end) return { key: entry.key, span: entry.keySpan };
    if (entry.span.start > offset) break;
  }
  return undefined;
}

/** Every citation of a key across the workspace's manuscripts. */
export function citationsOfKey(ws: Workspace, key: string): { doc: Doc; citation: Citation }[] {
  const out: { doc: Doc; citation: Citation }[] = [];
  for (const doc of ws.docs.values()) {
    for (const citation of citationsOf(ws, doc)) if (citation.key === key && !citation.all) out.push({ doc, citation });
  }
  return out;
}
