// Reads and validates a themes file (JSON: named themes with word, phrase and regex rules and
// nested children). Never throws: problems come back as errors pointing at the JSON that caused them.
//
//   { "themes": [ { "name": "Imaging",
//                   "keys": [ "esteva2017dermatologist" ],
//                   "rules": [ { "field": "title", "match": "medical imag*" },
//                              { "field": "journal", "regex": "\\bradiol", "flags": "i" },
//                              { "all": [ { "match": "bias" }, { "field": "journal", "match": "dermatology" } ] } ],
//                   "exclude": [ { "match": "bias-variance" } ],
//                   "children": [ { "name": "Chest X-ray", "rules": [ { "match": "chest x-ray" } ] } ] } ] }
//
// `field` is title, abstract, journal, keywords or any (the default). `match` compares whole words,
// ignoring case and accents; hyphens and punctuation separate words; a word also matches its plural
// in -s/-es; a trailing `*` matches any ending. `regex` is a JavaScript regular expression tried on
// the text as written and folded; flags i, m, s, u. An entry joins a theme when any rule matches and
// no exclude rule does, or when its key is listed in `keys`; a theme's children are matched on their own.
import type { ParseError, Span } from '../model/types';
import { parseJson, type JsonMember, type JsonNode } from './json';

export type RuleField = 'title' | 'abstract' | 'journal' | 'keywords' | 'any';

/**
 * One test against an entry: a word or phrase (case- and accent-insensitive, whole words, a
 * trailing `*` matches any ending, a plural in -s/-es always matches), a regular expression, or
 * a conjunction of rules.
 */
export type ThemeRule =
  | { field: RuleField; match: string }
  | { field: RuleField; regex: string; flags: string }
  | { all: ThemeRule[] };

export interface ThemeSpec {
  name: string;
  /** Entries placed in the theme by key, whatever the rules say (exclude rules do not remove them). */
  keys: string[];
  /** The entry belongs to the theme when any rule matches ... */
  rules: ThemeRule[];
  /** ... and no exclude rule does. */
  exclude: ThemeRule[];
  children: ThemeSpec[];
}

export interface ThemesFile {
  themes: ThemeSpec[];
}

const ruleFields: readonly RuleField[] = ['title', 'abstract', 'journal', 'keywords', 'any'];
// `g` and `y` make RegExp.test stateful, which would make matching depend on the previous entry.
const allowedFlags = /^[imsu]*$/;

/**
 * Parses a themes file: `{ "themes": [ { "name", "rules": [...], "exclude"?: [...], "children"?: [...] } ] }`
 * where a rule is `{ "field"?, "match" }`, `{ "field"?, "regex", "flags"? }` or `{ "all": [rules] }`.
 * Invalid parts are left out of the value and reported; the valid rest still works.
 */
export function parseThemesFile(text: string): { value: ThemesFile; errors: ParseError[] } {
  const parsed = parseJson(text);
  const errors: ParseError[] = [...parsed.errors];
  const root = parsed.value;
  if (!root) return { value: { themes: [] }, errors };

  const report = (span: Span, message: string): void => {
    errors.push({ span, message, code: 'themes.invalid' });
  };

  if (root.kind !== 'object') {
    report(root.span, 'a themes file is an object: { "themes": [ ... ] }');
    return { value: { themes: [] }, errors };
  }
  const themesNode = member(root, 'themes');
  for (const m of root.members) {
    if (m.key !== 'themes' && m.key !== '$schema' && m.key !== 'description') report(m.keySpan, `unknown property "${m.key}" (expected "themes")`);
  }
  if (!themesNode) {
    report(root.span, 'missing "themes": an array of themes');
    return { value: { themes: [] }, errors };
  }
  const themes = readThemes(themesNode.value, 'themes', report);
  // In file order, as an editor lists them.
  errors.sort((a, b) => a.span.start - b.span.start);
  return { value: { themes }, errors };
}

type Report = (span: Span, message: string) => void;

function member(node: Extract<JsonNode, { kind: 'object' }>, key: string): JsonMember | undefined {
  return node.members.find((m) => m.key === key);
}

function readThemes(node: JsonNode, path: string, report: Report): ThemeSpec[] {
  if (node.kind !== 'array') {
    report(node.span, `${path} must be an array of themes`);
    return [];
  }
  const out: ThemeSpec[] = [];
  const seen = new Map<string, number>();
  node.items.forEach((item, i) => {
    const spec = readTheme(item, `${path}[${i}]`, report);
    if (!spec) return;
    const folded = spec.name.toLowerCase();
    if (seen.has(folded)) {
      report(item.span, `${path}[${i}]: a sibling theme is already named "${spec.name}" (${path}[${seen.get(folded)}])`);
      return;
    }
    seen.set(folded, i);
    out.push(spec);
  });
  return out;
}

const themeKeys = new Set(['name', 'keys', 'rules', 'exclude', 'children', 'description']);

function readTheme(node: JsonNode, path: string, report: Report): ThemeSpec | undefined {
  if (node.kind !== 'object') {
    report(node.span, `${path} must be an object with "name" and "rules"`);
    return undefined;
  }
  for (const m of node.members) {
    if (!themeKeys.has(m.key)) report(m.keySpan, `${path}: unknown property "${m.key}" (expected name, keys, rules, exclude, children)`);
  }
  const name = member(node, 'name');
  if (!name) {
    report(node.span, `${path}: missing "name"`);
    return undefined;
  }
  if (name.value.kind !== 'string' || !name.value.value.trim()) {
    report(name.value.span, `${path}.name must be a non-empty string`);
    return undefined;
  }
  const rulesNode = member(node, 'rules');
  const childrenNode = member(node, 'children');
  const excludeNode = member(node, 'exclude');
  const keysNode = member(node, 'keys');
  if (!rulesNode && !childrenNode && !keysNode) report(node.span, `${path} ("${name.value.value}"): needs "keys", "rules" or "children"`);
  return {
    name: name.value.value.trim(),
    keys: keysNode ? readKeys(keysNode.value, `${path}.keys`, report) : [],
    rules: rulesNode ? readRules(rulesNode.value, `${path}.rules`, report) : [],
    exclude: excludeNode ? readRules(excludeNode.value, `${path}.exclude`, report) : [],
    children: childrenNode ? readThemes(childrenNode.value, `${path}.children`, report) : [],
  };
}

function readKeys(node: JsonNode, path: string, report: Report): string[] {
  if (node.kind !== 'array') {
    report(node.span, `${path} must be an array of citation keys`);
    return [];
  }
  return node.items.flatMap((item, i) => {
    if (item.kind === 'string' && item.value.trim()) return [item.value.trim()];
    report(item.span, `${path}[${i}] must be a citation key (a non-empty string)`);
    return [];
  });
}

function readRules(node: JsonNode, path: string, report: Report): ThemeRule[] {
  if (node.kind !== 'array') {
    report(node.span, `${path} must be an array of rules`);
    return [];
  }
  return node.items.flatMap((item, i) => {
    const rule = readRule(item, `${path}[${i}]`, report);
    return rule ? [rule] : [];
  });
}

const ruleKeys = new Set(['field', 'match', 'regex', 'flags', 'all']);

function readRule(node: JsonNode, path: string, report: Report): ThemeRule | undefined {
  if (node.kind !== 'object') {
    report(node.span, `${path} must be an object such as { "field": "title", "match": "skin cancer" }`);
    return undefined;
  }
  let ok = true;
  for (const m of node.members) {
    if (!ruleKeys.has(m.key)) {
      report(m.keySpan, `${path}: unknown property "${m.key}" (expected field, match, regex, flags or all)`);
      ok = false;
    }
  }
  const all = member(node, 'all');
  const match = member(node, 'match');
  const regex = member(node, 'regex');
  const flags = member(node, 'flags');
  const field = member(node, 'field');
  const present = [all, match, regex].filter((m) => m !== undefined).length;
  if (present !== 1) {
    report(node.span, present === 0 ? `${path}: needs "match", "regex" or "all"` : `${path}: use only one of "match", "regex" and "all"`);
    return undefined;
  }
  if (all) {
    if (field || flags) report(node.span, `${path}: "all" takes no "field" or "flags"; put them on the inner rules`);
    const inner = readRules(all.value, `${path}.all`, report);
    return ok && inner.length > 0 ? { all: inner } : undefined;
  }
  let fieldName: RuleField = 'any';
  if (field) {
    const v = field.value;
    if (v.kind !== 'string' || !(ruleFields as readonly string[]).includes(v.value)) {
      const got = v.kind === 'string' ? `"${v.value}"` : v.kind;
      report(v.span, `${path}.field must be one of ${ruleFields.join(', ')}; got ${got}`);
      return undefined;
    }
    fieldName = v.value as RuleField;
  }
  if (match) {
    if (flags) report(flags.keySpan, `${path}: "flags" applies to "regex" only; word matching ignores case and accents already`);
    const v = match.value;
    if (v.kind !== 'string' || !/[\p{L}\p{N}]/u.test(v.value)) {
      report(v.span, `${path}.match must be a string with at least one letter or digit`);
      return undefined;
    }
    return ok ? { field: fieldName, match: v.value } : undefined;
  }
  const v = (regex as JsonMember).value;
  if (v.kind !== 'string' || v.value === '') {
    report(v.span, `${path}.regex must be a non-empty string`);
    return undefined;
  }
  let flagText = '';
  if (flags) {
    if (flags.value.kind !== 'string' || !allowedFlags.test(flags.value.value)) {
      report(flags.value.span, `${path}.flags may only contain i, m, s and u`);
      return undefined;
    }
    flagText = flags.value.value;
  }
  try {
    new RegExp(v.value, flagText);
  } catch (e) {
    report(v.span, `${path}.regex is not a valid regular expression: ${(e as Error).message}`);
    return undefined;
  }
  return ok ? { field: fieldName, regex: v.value, flags: flagText } : undefined;
}
