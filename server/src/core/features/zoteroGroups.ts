// The sidebar's "Zotero collections" grouping: the entries of the bibliography grouped by the
// Zotero collections (nested) and tags their keys have in the writer's library, each library in
// its own group. Entries the library does not hold are listed under "Not in Zotero".
import type { BibEntry } from '../model/entry';
import type { ZoteroCollection, ZoteroData } from '../model/zotero';
import type { Workspace } from '../model/workspace';
import type { FullGroup } from './themeTree';

const versions = new WeakMap<ZoteroData, number>();
let counter = 0;

/** A number that changes with every reading of the library, so trees built on an old one are not reused. */
export function zoteroVersion(ws: Workspace): number {
  const data = ws.zotero?.data;
  if (!data) return 0;
  let v = versions.get(data);
  if (v === undefined) versions.set(data, (v = ++counter));
  return v;
}

export function zoteroGroups(ws: Workspace, entries: readonly BibEntry[], sorted: (list: readonly BibEntry[]) => BibEntry[]): FullGroup[] {
  const libraries = ws.zotero?.data?.libraries ?? [];
  const byKey = new Map(entries.map((e) => [e.key, e] as const));
  const placed = new Set<string>();
  const group = (id: string, label: string, keys: string[], children: FullGroup[]): FullGroup => {
    const own = sorted(keys.map((k) => byKey.get(k)).filter((e): e is BibEntry => e !== undefined));
    own.forEach((e) => placed.add(e.key));
    const all = new Set(own.map((e) => e.key));
    const collect = (g: FullGroup) => {
      g.entries.forEach((e) => all.add(e.key));
      g.groups.forEach(collect);
    };
    children.forEach(collect);
    return { id, label, count: all.size, groups: children.filter((c) => c.count > 0), entries: own };
  };
  const fromCollection = (c: ZoteroCollection, parent: string): FullGroup => {
    const id = `${parent}/${encodeURIComponent(c.name)}`;
    return group(id, c.name, c.keys, c.children.map((child) => fromCollection(child, id)));
  };
  const out: FullGroup[] = [];
  for (const lib of libraries) {
    const top = `zotero-${lib.libraryID}`;
    const collections = lib.collections.map((c) => fromCollection(c, top));
    const tags = group(`${top}/tags`, 'Tags', [], lib.tags.map((t) => group(`${top}/tags/${encodeURIComponent(t.name)}`, t.name, t.keys, [])));
    const g = group(top, lib.name, [], [...collections, tags]);
    if (g.count > 0) out.push(g);
  }
  const rest = sorted(entries.filter((e) => !placed.has(e.key)));
  if (rest.length) out.push({ id: 'not-in-zotero', label: 'Not in Zotero', count: rest.length, groups: [], entries: rest });
  return out;
}
