// Keyword themes: tags shared by several entries (Zotero tags, `keywords`), capped and nested
// so a library with thousands of distinct tags still gives a tree a person can scan. Pure.
import { compareStrings, slug, stem, words } from './text';
import type { ThemeInput, ThemeNode } from './types';

/**
 * At most this many keyword themes in all. The most used tags win: they cover the most entries,
 * and entries whose tags all fall outside still get rule or automatic themes.
 */
export const maxKeywordThemes = 60;
/** A tag nests under a more used tag when at least this share of its entries also carry the other. */
const nestShare = 0.8;

interface Tag {
  id: string;
  name: string;
  keys: string[];
}

function normalise(tag: string): string {
  return tag.replace(/\s+/g, ' ').trim();
}

/** What makes two tags the same: case, accents, hyphens and plurals aside (`Controllers` = `controller`). */
export function tagId(tag: string): string {
  return words(tag).map(stem).join(' ');
}

/** The most common spelling of each tag (ties: the first in code-unit order), with its entries. */
function collectTags(inputs: readonly ThemeInput[]): Tag[] {
  const byId = new Map<string, { keys: string[]; spellings: Map<string, number> }>();
  for (const input of inputs) {
    const seen = new Set<string>();
    for (const raw of input.keywords) {
      const name = normalise(raw);
      const id = tagId(name);
      if (!id || seen.has(id)) continue;
      seen.add(id);
      const slot = byId.get(id) ?? { keys: [], spellings: new Map<string, number>() };
      slot.keys.push(input.key);
      slot.spellings.set(name, (slot.spellings.get(name) ?? 0) + 1);
      byId.set(id, slot);
    }
  }
  const tags: Tag[] = [];
  for (const [id, slot] of byId) {
    let best = '';
    let bestCount = -1;
    for (const [spelling, count] of slot.spellings) {
      if (count > bestCount || (count === bestCount && compareStrings(spelling, best) < 0)) {
        best = spelling;
        bestCount = count;
      }
    }
    tags.push({ id, name: best, keys: slot.keys });
  }
  return tags;
}

/**
 * Themes for tags carried by at least two entries: the `maxKeywordThemes` most used, each rarer
 * tag nested under the most used tag that covers most of its entries (one level deep), the rest
 * at the top in alphabetical order. Tags in `shown` (`tagId`s) already have a group theme and are left out.
 */
export function keywordThemes(inputs: readonly ThemeInput[], shown: ReadonlySet<string> = new Set()): ThemeNode[] {
  const shared = collectTags(inputs)
    .filter((t) => t.keys.length >= 2 && !shown.has(t.id))
    .sort((a, b) => b.keys.length - a.keys.length || compareStrings(a.id, b.id))
    .slice(0, maxKeywordThemes);

  const top: { tag: Tag; members: Set<string>; children: Tag[] }[] = [];
  for (const tag of shared) {
    const parent = top.find((p) => {
      if (p.tag.keys.length <= tag.keys.length) return false;
      let overlap = 0;
      for (const k of tag.keys) if (p.members.has(k)) overlap++;
      return overlap >= nestShare * tag.keys.length;
    });
    if (parent) parent.children.push(tag);
    else top.push({ tag, members: new Set(tag.keys), children: [] });
  }

  const node = (tag: Tag, prefix: string, children: ThemeNode[]): ThemeNode => ({
    id: prefix + slug(tag.name),
    name: tag.name,
    source: 'keyword',
    keys: [...new Set(tag.keys)].sort(compareStrings),
    children,
  });
  const byName = (a: Tag, b: Tag): number => compareStrings(a.id, b.id);
  return top
    .sort((a, b) => byName(a.tag, b.tag))
    .map((p) => {
      const id = 'keyword:' + slug(p.tag.name);
      return node(p.tag, 'keyword:', p.children.sort(byName).map((c) => node(c, id + '/', [])));
    });
}
