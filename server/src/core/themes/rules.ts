// Places entries in the themes of a themes file: word and phrase rules over folded words,
// regex rules over the text, conjunctions and excludes. Pure; the file itself is read by themesFile.ts.
import { compareStrings, fold, slug, words } from './text';
import type { RuleField, ThemeInput, ThemeNode, ThemeRule, ThemeSpec, ThemesFile } from './types';

/** An entry's fields, folded and split once, so every rule reads the same prepared words. */
export interface PreparedEntry {
  key: string;
  raw: Record<Exclude<RuleField, 'any'>, string>;
  /** Folded words per field; `''` separates keywords (and fields in `any`) so phrases do not span them. */
  words: Record<RuleField, string[]>;
}

export function prepareEntry(input: ThemeInput): PreparedEntry {
  const keywordWords: string[] = [];
  for (const k of input.keywords) {
    if (keywordWords.length) keywordWords.push('');
    keywordWords.push(...words(k));
  }
  const title = words(input.title);
  const abstract = words(input.abstract);
  const journal = words(input.journal);
  return {
    key: input.key,
    raw: { title: input.title, abstract: input.abstract, journal: input.journal, keywords: input.keywords.join('; ') },
    words: {
      title,
      abstract,
      journal,
      keywords: keywordWords,
      any: [...title, '', ...abstract, '', ...journal, '', ...keywordWords],
    },
  };
}

type Test = (e: PreparedEntry) => boolean;

interface Token {
  word: string;
  prefix: boolean;
}

function tokenMatches(t: Token, w: string): boolean {
  if (t.prefix) return w.startsWith(t.word);
  return w === t.word || (w.length === t.word.length + 1 && w.endsWith('s') && w.startsWith(t.word)) || w === t.word + 'es';
}

/** A word-or-phrase test: whole folded words in sequence; `*` after a word accepts any ending. */
export function phraseTest(field: RuleField, phrase: string): Test {
  const tokens: Token[] = (fold(phrase).match(/[\p{L}\p{N}]+\*?/gu) ?? []).map((t) =>
    t.endsWith('*') ? { word: t.slice(0, -1), prefix: true } : { word: t, prefix: false },
  );
  const first = tokens[0];
  if (!first) return () => false;
  return (e) => {
    const ws = e.words[field];
    const last = ws.length - tokens.length;
    outer: for (let i = 0; i <= last; i++) {
      if (!tokenMatches(first, ws[i] as string)) continue;
      for (let j = 1; j < tokens.length; j++) {
        if (!tokenMatches(tokens[j] as Token, ws[i + j] as string)) continue outer;
      }
      return true;
    }
    return false;
  };
}

const textFields = ['title', 'abstract', 'journal', 'keywords'] as const;

function regexTest(field: RuleField, source: string, flags: string): Test {
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch {
    return () => false;
  }
  const fields = field === 'any' ? textFields : [field];
  // Tried on the text as written and folded, so `gödel` and `godel` both find `Gödel`.
  return (e) => fields.some((f) => re.test(e.raw[f]) || re.test(fold(e.raw[f])));
}

export function compileRule(rule: ThemeRule): Test {
  if ('all' in rule) {
    const parts = rule.all.map(compileRule);
    return (e) => parts.every((p) => p(e));
  }
  if ('match' in rule) return phraseTest(rule.field, rule.match);
  return regexTest(rule.field, rule.regex, rule.flags);
}

/** The rule themes of a themes file, each with the entries it places, in the file's order. */
export function ruleThemes(file: ThemesFile, entries: readonly PreparedEntry[]): ThemeNode[] {
  return file.themes.map((spec) => ruleNode(spec, entries, 'rule:'));
}

function ruleNode(spec: ThemeSpec, entries: readonly PreparedEntry[], prefix: string): ThemeNode {
  const id = prefix + slug(spec.name);
  const include = spec.rules.map(compileRule);
  const exclude = spec.exclude.map(compileRule);
  const keys: string[] = [];
  if (include.length) {
    for (const e of entries) {
      if (include.some((t) => t(e)) && !exclude.some((t) => t(e))) keys.push(e.key);
    }
  }
  keys.sort(compareStrings);
  return { id, name: spec.name, source: 'rule', keys, children: spec.children.map((c) => ruleNode(c, entries, id + '/')) };
}
