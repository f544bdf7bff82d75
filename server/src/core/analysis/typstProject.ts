// Typst projects: which file `#include`s which, the root above each file, the labels a project
// defines and the bibliographies it declares. Per-file readings are memoised on the document,
// the include graph and label sets on the snapshot. Imports the model and the Typst grammar only.
import { readTypst } from '../syntax/cite/typst';
import type { Span } from '../model/types';
import { resolveUri, uriDirname } from '../model/uri';
import type { Doc, Workspace } from '../model/workspace';

const memo = <K extends object, V>(f: (k: K) => V) => {
  const m = new WeakMap<K, V>();
  return (k: K) => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = f(k)));
    return v;
  };
};

const syntaxOf = memo((doc: Doc) => readTypst(doc.text));
const labelsOfDoc = memo((doc: Doc) => new Set(syntaxOf(doc).labels.map((l) => l.name)));

/** The folder `/x` paths start from: the workspace folder holding the file, else the file's folder. */
function projectRoot(ws: Workspace, uri: string): string {
  let best: string | undefined;
  for (const f of ws.folders) if (uri.startsWith(f) && (!best || f.length > best.length)) best = f;
  return best ?? `${uriDirname(uri)}/`;
}

/** A path as Typst resolves it: against the file that names it, or the project root for `/x`. */
export function typstPath(ws: Workspace, fileUri: string, path: string): string {
  if (path.startsWith('/')) return resolveUri(projectRoot(ws, fileUri), path.replace(/^\/+/, ''));
  return resolveUri(fileUri, path);
}

/** Each included file's includer; files nobody includes are listed first, so a real root wins. */
const parentsOf = memo((ws: Workspace) => {
  const typst = [...ws.docs.values()].filter((d) => d.lang === 'typst');
  const included = new Set<string>();
  const children = new Map<string, string[]>();
  for (const doc of typst) {
    const list = syntaxOf(doc).includes.map((inc) => typstPath(ws, doc.uri, inc.path)).filter((u) => ws.docs.has(u) && u !== doc.uri);
    children.set(doc.uri, list);
    for (const child of list) included.add(child);
  }
  const parents = new Map<string, string>();
  const walk = (uri: string) => {
    for (const child of children.get(uri) ?? []) {
      if (parents.has(child)) continue;
      parents.set(child, uri);
      walk(child);
    }
  };
  for (const doc of typst) if (!included.has(doc.uri)) walk(doc.uri);
  // Files that only include each other in a cycle still find a parent.
  for (const doc of typst) walk(doc.uri);
  return { parents, children };
});

/** The top of a Typst file's `#include` chain (the file itself when nobody includes it). */
export function typstRoot(ws: Workspace, uri: string): string {
  const { parents } = parentsOf(ws);
  const seen = new Set<string>([uri]);
  let current = uri;
  for (let next = parents.get(current); next && !seen.has(next); next = parents.get(current)) {
    seen.add(next);
    current = next;
  }
  return current;
}

/** The root and every file it includes, transitively, in document order. */
export function typstProject(ws: Workspace, root: string): string[] {
  const { children } = parentsOf(ws);
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (uri: string) => {
    if (seen.has(uri) || !ws.docs.has(uri)) return;
    seen.add(uri);
    out.push(uri);
    for (const child of children.get(uri) ?? []) walk(child);
  };
  walk(root);
  return out;
}

/** What a Typst project defines that changes how its citations read. */
export interface TypstDefinitions {
  /** Labels: `@key` naming one is a cross-reference. */
  labels: ReadonlySet<string>;
  /** Prefixes of labels computed at run time (`#label("fig-" + str(i))`): `@fig-2` may name one. */
  labelPrefixes: readonly string[];
  /** Functions that cite a parameter, by name: `#see(<key>)` then cites `key`. */
  helpers: ReadonlyMap<string, { param: number; command: 'cite' | 'ref' }[]>;
  /**
   * Whether the document may have a bibliography: some file calls `bibliography(...)`, or imports
   * a package (`@preview/...`), whose code Citelens does not see and which may call it.
   */
  mayHaveBibliography: boolean;
}

const definitionsByRoot = memo((_ws: Workspace) => new Map<string, TypstDefinitions>());

/**
 * The labels and citing functions of a file's whole project and of the modules it imports: a
 * template's `[= Abstract <abstract>]` becomes the document's when the template runs.
 */
export function typstDefinitions(ws: Workspace, uri: string): TypstDefinitions {
  const root = typstRoot(ws, uri);
  const cache = definitionsByRoot(ws);
  let found = cache.get(root);
  if (!found) {
    const labels = new Set<string>();
    const labelPrefixes: string[] = [];
    const helpers = new Map<string, { param: number; command: 'cite' | 'ref' }[]>();
    const seen = new Set<string>();
    let mayHaveBibliography = false;
    const visit = (member: string) => {
      const doc = ws.docs.get(member);
      if (!doc || seen.has(member)) return;
      seen.add(member);
      const syntax = syntaxOf(doc);
      if (syntax.bibliographyCalls > 0 || syntax.imports.some((i) => i.path.startsWith('@'))) mayHaveBibliography = true;
      for (const l of labelsOfDoc(doc)) labels.add(l);
      labelPrefixes.push(...syntaxOf(doc).labelPrefixes.filter((p) => p !== ''));
      for (const h of syntaxOf(doc).helpers) helpers.set(h.name, [...(helpers.get(h.name) ?? []), { param: h.param, command: h.command }]);
      for (const imp of syntaxOf(doc).imports) if (!imp.path.startsWith('@')) visit(typstPath(ws, member, imp.path));
    };
    for (const member of typstProject(ws, root)) visit(member);
    if (!ws.docs.has(root)) visit(uri);
    cache.set(root, (found = { labels, labelPrefixes, helpers, mayHaveBibliography }));
  }
  return found;
}

/** Every label the document of a file may define (see typstDefinitions). */
export function typstLabels(ws: Workspace, uri: string): ReadonlySet<string> {
  return typstDefinitions(ws, uri).labels;
}

/** Whether `key` is, or may be at run time, a label of the document. */
export function isTypstLabel(definitions: TypstDefinitions, key: string): boolean {
  return definitions.labels.has(key) || definitions.labelPrefixes.some((p) => key.startsWith(p));
}

/** `#bibliography(...)` calls anywhere in a file's project, each resolved against its own file. */
export function typstDeclarations(ws: Workspace, uri: string): { uri: string; span: Span; path: string; target: string }[] {
  const root = typstRoot(ws, uri);
  const members = ws.docs.has(root) ? typstProject(ws, root) : [uri];
  const out: { uri: string; span: Span; path: string; target: string }[] = [];
  for (const member of members) {
    const doc = ws.docs.get(member);
    if (!doc) continue;
    for (const b of syntaxOf(doc).bibliographies) out.push({ uri: member, span: b.span, path: b.path, target: typstPath(ws, member, b.path) });
  }
  return out;
}

/** The raw reading of a Typst document, shared with the citation finder's cache. */
export function typstSyntaxOf(doc: Doc) {
  return syntaxOf(doc);
}
