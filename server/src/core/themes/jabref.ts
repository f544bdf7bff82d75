// Reads JabRef's group tree from `@comment{jabref-meta: grouping: ...}` (JabRef 3.x and later) or
// `groupstree:` (2.x). Never throws: anything it does not understand is skipped or kept as 'unknown'.
import type { GroupContext, GroupKind, GroupNode } from './types';

/** Splits on `sep` where it is not escaped by `\`, removing one level of escaping. */
function splitEscaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Like splitEscaped, but keeps escapes so the pieces can be split again one level down. */
function splitKeeping(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}

const contexts: GroupContext[] = ['independent', 'intersection', 'union'];

function contextOf(field: string | undefined): GroupContext {
  return contexts[Number(field?.trim())] ?? 'independent';
}

function flag(field: string | undefined): boolean {
  return field?.trim() === '1' || field?.trim().toLowerCase() === 'true';
}

const kinds: Record<string, GroupKind> = {
  StaticGroup: 'static',
  ExplicitGroup: 'explicit',
  KeywordGroup: 'keyword',
  RegexKeywordGroup: 'keyword',
  SearchGroup: 'search',
  AutomaticKeywordGroup: 'automatic',
};

/** One group line after the outer unescaping: `StaticGroup:Name;0;1;...`. */
function readGroup(type: string, data: string): GroupNode | undefined {
  const fields = splitEscaped(data, ';');
  const name = (fields[0] ?? '').trim();
  if (!name) return undefined;
  const kind = kinds[type] ?? 'unknown';
  const node: GroupNode = { name, kind, context: contextOf(fields[1]), keys: [], children: [] };
  switch (type) {
    case 'ExplicitGroup':
      // JabRef 2.x lists the members in the tree; later versions keep them in the `groups` field
      // and write flags and a colour here instead, which no sane key looks like.
      node.keys = fields
        .slice(2)
        .map((k) => k.trim())
        .filter((k) => k !== '' && !/^(?:0|1|0x[0-9a-f]{8})$/i.test(k));
      break;
    case 'KeywordGroup':
    case 'RegexKeywordGroup':
      node.field = (fields[2] ?? 'keywords').trim().toLowerCase() || 'keywords';
      node.term = fields[3] ?? '';
      node.caseSensitive = flag(fields[4]);
      node.regex = type === 'RegexKeywordGroup' || flag(fields[5]);
      break;
    case 'SearchGroup':
      node.term = fields[2] ?? '';
      node.caseSensitive = flag(fields[3]);
      node.regex = flag(fields[4]);
      break;
    case 'AutomaticKeywordGroup':
      node.field = (fields[2] ?? 'keywords').trim().toLowerCase() || 'keywords';
      node.delimiter = fields[3] || ',';
      break;
  }
  return node;
}

/**
 * The group tree in a JabRef metadata comment: the text of `@comment{jabref-meta: grouping: ...}`
 * (with or without the `@comment{`), or several comments joined. Returns the children of JabRef's
 * root "All entries" group; never throws.
 */
export function parseJabrefGroups(commentText: string): GroupNode[] {
  try {
    return readTree(commentText);
  } catch {
    // The reader is written not to throw; this guard keeps a user's odd file from ever breaking the sidebar.
    return [];
  }
}

function readTree(commentText: string): GroupNode[] {
  const marker = /jabref-meta:\s*(?:grouping|groupstree):/i.exec(commentText);
  let body: string;
  if (marker) body = commentText.slice(marker.index + marker[0].length);
  else if (/^\s*\d+\s+[A-Za-z]+Group:/.test(commentText)) body = commentText;
  else return [];
  body = body.slice(0, commentEnd(body));

  const roots: GroupNode[] = [];
  // stack[d] is the last group seen at depth d (depth 1 = a child of "All entries").
  const stack: GroupNode[] = [];
  for (const rawItem of splitKeeping(body, ';')) {
    const item = rawItem.replace(/[\r\n]+/g, '').trim();
    const m = /^(\d+)\s+([A-Za-z]+):([\s\S]*)$/.exec(item);
    if (!m) continue;
    const level = Number(m[1]);
    const type = m[2] as string;
    if (level === 0 || type === 'AllEntriesGroup') continue;
    const node = readGroup(type, unescape(m[3] as string));
    if (!node) continue;
    // A level that skips ahead hangs under the deepest group we have.
    const depth = Math.min(level, stack.length + 1);
    stack.length = depth - 1;
    const parent = stack[depth - 2];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

/** Where the comment holding the tree closes: the first `}` that no `{` in the tree opened. */
function commentEnd(body: string): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return i;
  }
  return body.length;
}

/** The group tree from a file's `@comment` texts: the first comment that holds one wins. */
export function jabrefGroupsOf(comments: readonly string[]): GroupNode[] {
  for (const c of comments) {
    const groups = parseJabrefGroups(c);
    if (groups.length) return groups;
  }
  return [];
}
