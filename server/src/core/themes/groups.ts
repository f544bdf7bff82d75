// Group themes: JabRef's group tree (static, explicit, keyword, search and automatic groups) and
// the plain group names entries carry in `groups` / `mendeley-groups`. Pure.
import { tagId } from './keywords';
import { compareStrings, fold, slug, words } from './text';
import type { GroupNode, ThemeInput, ThemeNode } from './types';

/** The text of a field as a JabRef group reads it. */
function fieldText(input: ThemeInput, field: string): string {
  switch (field) {
    case 'title':
      return input.title;
    case 'abstract':
      return input.abstract;
    case 'journal':
    case 'journaltitle':
      return input.journal || input.fields?.[field] || '';
    case 'keywords':
      return input.keywords.join(', ');
    case 'groups':
      return input.groups.join(', ');
    default:
      return input.fields?.[field] ?? '';
  }
}

function listValues(input: ThemeInput, field: string, delimiter: string): string[] {
  if (field === 'keywords') return input.keywords;
  if (field === 'groups') return input.groups;
  return fieldText(input, field)
    .split(delimiter)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function containsWords(text: string, term: string, caseSensitive: boolean): boolean {
  if (caseSensitive) {
    const have = new Set(text.match(/[\p{L}\p{N}]+/gu) ?? []);
    return (term.match(/[\p{L}\p{N}]+/gu) ?? []).every((w) => have.has(w));
  }
  const want = words(term);
  if (!want.length) return false;
  const have = new Set(words(text));
  return want.every((w) => have.has(w));
}

function safeRegex(source: string, caseSensitive: boolean): RegExp | undefined {
  try {
    return new RegExp(source, caseSensitive ? 'u' : 'iu');
  } catch {
    return undefined;
  }
}

/** A keyword group's test, as JabRef applies it: whole keywords in `keywords`, words elsewhere. */
function keywordTest(node: GroupNode): (input: ThemeInput) => boolean {
  const field = node.field ?? 'keywords';
  const term = node.term ?? '';
  const cs = node.caseSensitive ?? false;
  if (node.regex) {
    const re = safeRegex(term, cs);
    if (!re) return () => false;
    return (input) => re.test(fieldText(input, field));
  }
  if (!term.trim()) return () => false;
  if (field === 'keywords' || field === 'groups') {
    const want = cs ? term.trim() : fold(term.trim());
    return (input) => listValues(input, field, ',').some((k) => (cs ? k.trim() : fold(k.trim())) === want);
  }
  return (input) => containsWords(fieldText(input, field), term, cs);
}

const anyFields = ['title', 'abstract', 'journal', 'keywords'];

/**
 * A search group's test for the simple queries most people write: `field = value`, `field == value`
 * or bare words (all must occur somewhere). Boolean queries are not evaluated and match nothing.
 */
function searchTest(node: GroupNode): (input: ThemeInput) => boolean {
  const query = (node.term ?? '').trim();
  const cs = node.caseSensitive ?? false;
  if (!query || /\b(?:and|or|not)\b|[()]/i.test(query)) return () => false;
  const m = /^([\w-]+)\s*(?:==|=|contains|matches)\s*"?([^"]*)"?$/i.exec(query);
  const field = m ? (m[1] as string).toLowerCase() : 'anyfield';
  const value = m ? (m[2] as string) : query.replace(/"/g, '');
  const fields = field === 'anyfield' || field === 'any' ? anyFields : [field];
  if (node.regex) {
    const re = safeRegex(value, cs);
    if (!re) return () => false;
    return (input) => fields.some((f) => re.test(fieldText(input, f)));
  }
  return (input) => fields.some((f) => containsWords(fieldText(input, f), value, cs));
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}~${n}`;
  taken.add(id);
  return id;
}

function sorted(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort(compareStrings);
}

/**
 * Themes from a JabRef group tree, nested as in JabRef. A static group's members are the entries
 * whose `groups` field names it; keyword and search groups match their settings; an
 * `intersection` group keeps only members of its parent.
 */
export function jabrefThemes(tree: readonly GroupNode[], inputs: readonly ThemeInput[]): ThemeNode[] {
  const memberOf = new Map<string, string[]>();
  for (const input of inputs) {
    for (const g of input.groups) {
      const list = memberOf.get(g.trim());
      if (list) list.push(input.key);
      else memberOf.set(g.trim(), [input.key]);
    }
  }
  const known = new Set(inputs.map((i) => i.key));

  const build = (node: GroupNode, parentId: string, parentKeys: Set<string> | undefined, taken: Set<string>): ThemeNode => {
    const id = uniqueId(`${parentId}${slug(node.name)}`, taken);
    let keys: string[] = [];
    let autoChildren: ThemeNode[] = [];
    switch (node.kind) {
      case 'static':
      case 'explicit':
        keys = [...(memberOf.get(node.name) ?? []), ...node.keys.filter((k) => known.has(k))];
        break;
      case 'keyword': {
        const test = keywordTest(node);
        keys = inputs.filter(test).map((i) => i.key);
        break;
      }
      case 'search': {
        const test = searchTest(node);
        keys = inputs.filter(test).map((i) => i.key);
        break;
      }
      case 'automatic':
        autoChildren = automaticChildren(node, inputs, id + '/');
        break;
    }
    if (node.context === 'intersection' && parentKeys) keys = keys.filter((k) => parentKeys.has(k));
    const own = new Set(keys);
    const childTaken = new Set<string>();
    const children = node.children.map((c) => build(c, id + '/', own, childTaken));
    return { id, name: node.name, source: 'group', keys: sorted(keys), children: [...children, ...autoChildren] };
  };
  const taken = new Set<string>();
  return tree.map((n) => build(n, 'group:', undefined, taken));
}

/** An automatic keyword group has one subgroup per distinct value of its field. */
function automaticChildren(node: GroupNode, inputs: readonly ThemeInput[], prefix: string): ThemeNode[] {
  const field = node.field ?? 'keywords';
  const byValue = new Map<string, { name: string; keys: string[] }>();
  for (const input of inputs) {
    for (const value of listValues(input, field, node.delimiter ?? ',')) {
      const id = fold(value);
      const slot = byValue.get(id) ?? { name: value, keys: [] };
      slot.keys.push(input.key);
      byValue.set(id, slot);
    }
  }
  const taken = new Set<string>();
  return [...byValue.values()]
    .sort((a, b) => compareStrings(fold(a.name), fold(b.name)))
    .map((v) => ({ id: uniqueId(prefix + slug(v.name), taken), name: v.name, source: 'group' as const, keys: sorted(v.keys), children: [] }));
}

/** Names in the tree, so plain `groups` names it already shows are not shown twice. */
function treeNames(tree: readonly GroupNode[], out = new Set<string>()): Set<string> {
  for (const n of tree) {
    out.add(n.name);
    treeNames(n.children, out);
  }
  return out;
}

/** Themes for group names entries carry (`groups`, `mendeley-groups`) that the JabRef tree does not define. */
export function plainGroupThemes(inputs: readonly ThemeInput[], tree: readonly GroupNode[]): ThemeNode[] {
  const inTree = treeNames(tree);
  const byName = new Map<string, string[]>();
  for (const input of inputs) {
    for (const raw of input.groups) {
      const name = raw.trim();
      if (!name || inTree.has(name)) continue;
      const list = byName.get(name) ?? [];
      list.push(input.key);
      byName.set(name, list);
    }
  }
  const taken = new Set<string>(['group:']);
  return [...byName.entries()]
    .sort((a, b) => compareStrings(fold(a[0]), fold(b[0])) || compareStrings(a[0], b[0]))
    .map(([name, keys]) => ({ id: uniqueId('group:' + slug(name), taken), name, source: 'group' as const, keys: sorted(keys), children: [] }));
}

/** Tags (as `tagId`s) a group theme already shows: keyword groups on `keywords`, and group names. */
export function groupTagNames(tree: readonly GroupNode[], inputs: readonly ThemeInput[]): Set<string> {
  const out = new Set<string>();
  const walk = (nodes: readonly GroupNode[]): void => {
    for (const n of nodes) {
      out.add(tagId(n.name));
      // An intersection group shows only part of the tag's entries, so the tag keeps its own theme.
      if (n.kind === 'keyword' && !n.regex && n.context !== 'intersection' && (n.field ?? 'keywords') === 'keywords' && n.term) {
        out.add(tagId(n.term));
      }
      walk(n.children);
    }
  };
  walk(tree);
  for (const input of inputs) for (const g of input.groups) out.add(tagId(g));
  return out;
}
