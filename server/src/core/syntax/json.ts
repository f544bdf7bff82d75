// A small JSON reader that keeps the source span of every value, so a themes file's schema
// errors can point at the offending line. It never throws; syntax errors come back as ParseErrors.
import type { ParseError, Span } from '../model/types';

export type JsonNode =
  | { kind: 'object'; span: Span; members: JsonMember[] }
  | { kind: 'array'; span: Span; items: JsonNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number'; span: Span; value: number }
  | { kind: 'boolean'; span: Span; value: boolean }
  | { kind: 'null'; span: Span };

export interface JsonMember {
  key: string;
  keySpan: Span;
  value: JsonNode;
}

class JsonSyntax {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

/** Reads one JSON document; on a syntax error the value is undefined and one error says where. */
export function parseJson(text: string): { value: JsonNode | undefined; errors: ParseError[] } {
  let i = 0;
  const n = text.length;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntax(message, at);
  };
  const skip = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else break;
    }
  };
  const describe = (): string => (i >= n ? 'the end of the file' : JSON.stringify(text[i]));

  const readString = (): { value: string; span: Span } => {
    const start = i;
    i++;
    let out = '';
    while (i < n) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return { value: out, span: { start, end: i } };
      }
      if (c === '\n') fail('unterminated string', start);
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('invalid escape in string');
      } else {
        out += c;
        i++;
      }
    }
    return fail('unterminated string', start);
  };

  let depth = 0;
  const readValue = (): JsonNode => {
    if (++depth > 500) fail('nesting is too deep');
    try {
      return readInner();
    } finally {
      depth--;
    }
  };

  const readInner = (): JsonNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      skip();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', span: { start, end: i }, members };
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail(`expected a property name in quotes, found ${describe()}`);
        const key = readString();
        skip();
        if (text[i] !== ':') fail(`expected ':' after "${key.value}", found ${describe()}`);
        i++;
        members.push({ key: key.value, keySpan: key.span, value: readValue() });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { kind: 'object', span: { start, end: i }, members };
        }
        fail(`expected ',' or '}' in object, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', span: { start, end: i }, items };
      }
      for (;;) {
        items.push(readValue());
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { kind: 'array', span: { start, end: i }, items };
        }
        fail(`expected ',' or ']' in array, found ${describe()}`);
      }
    }
    if (c === '"') return { kind: 'string', ...readString() };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 40));
    if (literal) {
      const word = literal[0];
      i += word.length;
      const span = { start, end: i };
      if (word === 'true' || word === 'false') return { kind: 'boolean', span, value: word === 'true' };
      if (word === 'null') return { kind: 'null', span };
      return { kind: 'number', span, value: Number(word) };
    }
    return fail(`expected a value, found ${describe()}`);
  };

  try {
    const value = readValue();
    skip();
    if (i < n) fail(`unexpected ${describe()} after the end of the document`);
    return { value, errors: [] };
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e;
    const at = Math.min(e.at, n);
    return { value: undefined, errors: [{ span: { start: at, end: Math.min(at + 1, n) }, message: e.message, code: 'themes.syntax' }] };
  }
}
