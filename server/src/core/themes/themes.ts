// The themes feature's entry function: group, keyword, rule and automatic themes for a set of
// entries, as one tree. Pure and deterministic; callers read files and pass plain inputs.
import { clusterEntries } from './cluster';
import { groupTagNames, jabrefThemes, plainGroupThemes } from './groups';
import { keywordThemes } from './keywords';
import { ruleThemes } from './rules';
import { compareStrings, slug } from './text';
import type { ThemeInput, ThemeNode, ThemeOptions, ThemeTree } from './types';

/**
 * Every entry lands in at least one theme. Explicit data (JabRef groups, `groups` /
 * `mendeley-groups`, shared keywords) and the rules of a themes file all apply to every entry, since
 * each is something the writer chose; entries none of them place are clustered by their text
 * (unless `auto` is false), and only entries that fit nowhere go to "Unthemed". A tag that a group
 * already shows (a JabRef keyword group, a group of the same name) gets no second, keyword theme.
 * Top-level order: groups, keywords, rules, automatic themes, Unthemed.
 */
export function computeThemes(inputs: readonly ThemeInput[], options: ThemeOptions = {}): ThemeTree {
  const byKey = new Map<string, ThemeInput>();
  for (const input of inputs) if (!byKey.has(input.key)) byKey.set(input.key, input);
  const entries = [...byKey.values()].sort((a, b) => compareStrings(a.key, b.key));

  const tree = options.jabref ?? [];
  const themes: ThemeNode[] = [
    ...jabrefThemes(tree, entries),
    ...plainGroupThemes(entries, tree),
    ...keywordThemes(entries, groupTagNames(tree, entries)),
    ...(options.rules ? ruleThemes(options.rules, entries) : []),
  ];

  const placed = themedKeys({ themes });
  const rest = entries.filter((e) => !placed.has(e.key));

  let unthemed = rest.map((e) => e.key);
  if (options.auto !== false && rest.length > 0) {
    const result = clusterEntries(rest);
    for (const c of result.clusters) themes.push({ id: 'auto:' + slug(c.name), name: c.name, source: 'auto', keys: c.keys, children: [] });
    unthemed = result.unplaced;
  }
  if (unthemed.length) themes.push({ id: 'none:unthemed', name: 'Unthemed', source: 'none', keys: [...unthemed].sort(compareStrings), children: [] });
  return { themes: uniqueIds(themes) };
}

/** Ids must be unique in the whole tree; a clash (two names with one slug) gets a `~n` suffix. */
function uniqueIds(nodes: ThemeNode[], taken = new Set<string>()): ThemeNode[] {
  return nodes.map((n) => {
    let id = n.id;
    for (let i = 2; taken.has(id); i++) id = `${n.id}~${i}`;
    taken.add(id);
    return { ...n, id, children: uniqueIds(n.children, taken) };
  });
}

/** Every key the tree places anywhere (a theme's own keys and its descendants'). */
export function themedKeys(tree: ThemeTree): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly ThemeNode[]): void => {
    for (const n of nodes) {
      for (const k of n.keys) out.add(k);
      walk(n.children);
    }
  };
  walk(tree.themes);
  return out;
}
