// Places entries in the themes of a themes file: word and phrase rules over folded words,
// regex rules over the text, conjunctions and excludes. Word rules look candidates up in an
// inverted index built once per field, so cost follows the matches, not entries × rules. Pure.
import { compareStrings, fold, slug, words } from './text';
import type { RuleField, ThemeInput, ThemeNode, ThemeRule, ThemeSpec, ThemesFile } from './types';

type TextField = Exclude<RuleField, 'any'>;
const textFields: readonly TextField[] = ['title', 'abstract', 'journal', 'keywords'];

/** The entries, with each field's folded words and word index computed on first use. */
export interface Corpus {
  readonly entries: readonly ThemeInput[];
  /** Whether an entry has this key (for themes that list keys). */
  hasKey(key: string): boolean;
  raw(field: TextField, i: number): string;
  /** `fold` of each entry's raw field text. */
  folded(field: TextField): string[];
  /** Folded words of a field per entry; `''` separates keywords so a phrase never spans two. */
  words(field: TextField): string[][];
  /** word -> indices of the entries whose field has it, ascending. */
  index(field: TextField): Map<string, number[]>;
  /** The words of `index(field)` that start with `prefix`. */
  withPrefix(field: TextField, prefix: string): string[];
}

function fieldWords(e: ThemeInput, field: TextField): string[] {
  if (field !== 'keywords') return words(e[field]);
  const out: string[] = [];
  for (const k of e.keywords) {
    if (out.length) out.push('');
    out.push(...words(k));
  }
  return out;
}

export function corpusOf(entries: readonly ThemeInput[]): Corpus {
  const wordCache = new Map<TextField, string[][]>();
  const indexCache = new Map<TextField, Map<string, number[]>>();
  const sortedCache = new Map<TextField, string[]>();
  const foldedCache = new Map<TextField, string[]>();
  let keys: Set<string> | undefined;
  const corpus: Corpus = {
    entries,
    hasKey: (key) => (keys ??= new Set(entries.map((e) => e.key))).has(key),
    raw: (field, i) => {
      const e = entries[i] as ThemeInput;
      return field === 'keywords' ? e.keywords.join('; ') : e[field];
    },
    folded: (field) => {
      let all = foldedCache.get(field);
      if (!all) foldedCache.set(field, (all = entries.map((_, i) => fold(corpus.raw(field, i)))));
      return all;
    },
    words: (field) => {
      let all = wordCache.get(field);
      if (!all) wordCache.set(field, (all = entries.map((e) => fieldWords(e, field))));
      return all;
    },
    index: (field) => {
        const index = indexCache.get(field);
      if (index) return index;
      const built = new Map<string, number[]>();
      corpus.words(field).forEach((ws, i) => {
        for (const w of ws) {
          if (!w) continue;
          const list = built.get(w);
          if (!list) built.set(w, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      indexCache.set(field, built);
      return built;
    },
    withPrefix: (field, prefix) => {
      let sorted = sortedCache.get(field);
      if (!sorted) sortedCache.set(field, (sorted = [...corpus.index(field).keys()].sort(compareStrings)));
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid] as string) < prefix) lo = mid + 1;
        else hi = mid;
      }
      const out: string[] = [];
      for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) out.push(sorted[i] as string);
      return out;
    },
  };
  return corpus;
}

type Matcher = (corpus: Corpus) => Set<number>;

interface Token {
  word: string;
  prefix: boolean;
}

function tokenMatches(t: Token, w: string): boolean {
  if (t.prefix) return w.startsWith(t.word);
  return w === t.word || w === t.word + 's' || w === t.word + 'es';
}

/** A word-or-phrase rule: whole folded words in sequence; `*` after a word accepts any ending; plurals in -s/-es match. */
function phraseMatcher(field: RuleField, phrase: string): Matcher {
  const tokens: Token[] = (fold(phrase).match(/[\p{L}\p{N}]+\*?/gu) ?? []).map((t) =>
    t.endsWith('*') ? { word: t.slice(0, -1), prefix: true } : { word: t, prefix: false },
  );
  const first = tokens[0];
  const fields = field === 'any' ? textFields : [field];
  return (corpus) => {
    const out = new Set<number>();
    if (!first) return out;
    for (const f of fields) {
      const index = corpus.index(f);
      const candidates: number[][] = [];
      if (first.prefix) {
        for (const w of corpus.withPrefix(f, first.word)) candidates.push(index.get(w) as number[]);
      } else {
        for (const w of [first.word, first.word + 's', first.word + 'es']) {
          const list = index.get(w);
          if (list) candidates.push(list);
        }
      }
      const all = tokens.length > 1 ? corpus.words(f) : undefined;
      for (const list of candidates) {
        for (const i of list) {
          if (out.has(i)) continue;
          if (!all || phraseAt(all[i] as string[], tokens)) out.add(i);
        }
      }
    }
    return out;
  };
}

function phraseAt(ws: readonly string[], tokens: readonly Token[]): boolean {
  const last = ws.length - tokens.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < tokens.length; j++) {
      if (!tokenMatches(tokens[j] as Token, ws[i + j] as string)) continue outer;
    }
    return true;
  }
  return false;
}

function regexMatcher(field: RuleField, source: string, flags: string): Matcher {
  let re: RegExp | undefined;
  try {
    re = new RegExp(source, flags);
  } catch {
    re = undefined;
  }
  const fields = field === 'any' ? textFields : [field];
  return (corpus) => {
    const out = new Set<number>();
    if (!re) return out;
    // Tried on the text as written and folded, so `gödel` and `godel` both find `Gödel`.
    for (const f of fields) {
      const folded = corpus.folded(f);
      for (let i = 0; i < corpus.entries.length; i++) {
        if (!out.has(i) && ((re as RegExp).test(corpus.raw(f, i)) || (re as RegExp).test(folded[i] as string))) out.add(i);
      }
    }
    return out;
  };
}

export function compileRule(rule: ThemeRule): Matcher {
  if ('all' in rule) {
    const parts = rule.all.map(compileRule);
    return (corpus) => {
      const sets = parts.map((p) => p(corpus)).sort((a, b) => a.size - b.size);
      const [smallest, ...rest] = sets;
      const out = new Set<number>();
      for (const i of smallest ?? []) if (rest.every((s) => s.has(i))) out.add(i);
      return out;
    };
  }
  if ('match' in rule) return phraseMatcher(rule.field, rule.match);
  return regexMatcher(rule.field, rule.regex, rule.flags);
}

/** The entries a list of rules matches (any of them). */
export function matchRules(rules: readonly ThemeRule[], corpus: Corpus): Set<number> {
  const out = new Set<number>();
  for (const rule of rules) for (const i of compileRule(rule)(corpus)) out.add(i);
  return out;
}

/** The rule themes of a themes file, each with the entries it places, in the file's order. */
export function ruleThemes(file: ThemesFile, entries: readonly ThemeInput[]): ThemeNode[] {
  const corpus = corpusOf(entries);
  return file.themes.map((spec) => ruleNode(spec, corpus, 'rule:'));
}

function ruleNode(spec: ThemeSpec, corpus: Corpus, prefix: string): ThemeNode {
  const id = prefix + slug(spec.name);
  const included = matchRules(spec.rules, corpus);
  const excluded = spec.exclude.length ? matchRules(spec.exclude, corpus) : new Set<number>();
  const keys: string[] = [];
  for (const i of included) if (!excluded.has(i)) keys.push((corpus.entries[i] as ThemeInput).key);
  if (spec.keys.length) {
    const have = new Set(keys);
    for (const key of spec.keys) {
      if (!corpus.hasKey(key) || have.has(key)) continue;
      have.add(key);
      keys.push(key);
    }
  }
  keys.sort(compareStrings);
  return { id, name: spec.name, source: 'rule', keys, children: spec.children.map((c) => ruleNode(c, corpus, id + '/')) };
}
