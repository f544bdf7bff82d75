// A second oracle for test/unit/csl/oracle.test.ts: the official pandoc WebAssembly build (npm
// `pandoc-wasm`, pandoc 3.10 with a current citeproc), so a difference from Debian's older pandoc
// can be told apart from a difference from Pandoc's citeproc as it is today. The bibliography comes
// back as pandoc's JSON AST and is flattened to text as oracle.lua flattens it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Pandoc = { convert: (options: Record<string, unknown>, stdin: string, files: Record<string, string>) => Promise<{ stdout: string; stderr: string }> };

let loaded: Promise<Pandoc | undefined> | undefined;

/** The wasm pandoc, or undefined when the package is not installed. */
export function pandocWasm(): Promise<Pandoc | undefined> {
  loaded ??= (async () => {
    try {
      return (await import('pandoc-wasm')) as Pandoc;
    } catch {
      return undefined;
    }
  })();
  return loaded;
}

/** The version the package ships (`3.10`), for the report. */
export function pandocWasmVersion(): string | undefined {
  try {
    // The package exports no package.json or version; the file sits beside its entry point.
    return `pandoc ${readFileSync(resolve(__dirname, '../../../node_modules/pandoc-wasm/pandoc-version.txt'), 'utf8').trim()} (wasm)`;
  } catch {
    return undefined;
  }
}

type Node = { t?: string; c?: unknown };

/** Inline text as pandoc's `stringify` gives it, without citation numbers and with quotes as marks. */
function text(node: unknown): string {
  if (Array.isArray(node)) return node.map(text).join('');
  if (!node || typeof node !== 'object') return '';
  const { t, c } = node as Node;
  switch (t) {
    case 'Str':
      return String(c);
    case 'Space':
    case 'SoftBreak':
    case 'LineBreak':
      return ' ';
    case 'Span': {
      const [attr, content] = c as [[string, string[]], unknown];
      return attr[1].includes('csl-left-margin') ? '' : text(content);
    }
    case 'Quoted': {
      const [kind, content] = c as [{ t: string }, unknown];
      return kind.t === 'SingleQuote' ? `\u2018${text(content)}\u2019` : `\u201c${text(content)}\u201d`;
    }
    case 'Link':
    case 'Image':
    case 'Cite':
      return text((c as unknown[])[1]);
    case 'Code':
    case 'Math':
      return String((c as unknown[])[1]);
    case 'Note':
    case 'RawInline':
      return '';
    default:
      return text(c);
  }
}

/** Each bibliography entry's text by id (the part after `ref-`). */
function entries(node: unknown, out: Map<string, string>): void {
  if (Array.isArray(node)) return node.forEach((n) => entries(n, out));
  if (!node || typeof node !== 'object') return;
  const { t, c, blocks } = node as Node & { blocks?: unknown };
  if (t === 'Div') {
    const [attr, content] = c as [[string], unknown];
    if (attr[0].startsWith('ref-')) {
      out.set(attr[0].slice(4), text(content).replace(/\s+/g, ' ').trim());
      return;
    }
  }
  if (c !== undefined) entries(c, out);
  if (blocks !== undefined) entries(blocks, out);
}

/** The TSV lines `id<TAB>text` that oracle.lua prints, rendered by the wasm pandoc. */
export async function renderWithWasm(pandoc: Pandoc, styleXml: string, itemsJson: string): Promise<string> {
  const doc = "---\nnocite: '@*'\nbibliography: refs.json\ncsl: style.csl\n---\n";
  const result = await pandoc.convert({ from: 'markdown', to: 'json', citeproc: true, bibliography: ['refs.json'], csl: 'style.csl' }, doc, { 'refs.json': itemsJson, 'style.csl': styleXml });
  if (!result.stdout) throw new Error(`pandoc (wasm) failed: ${result.stderr}`);
  const out = new Map<string, string>();
  entries(JSON.parse(result.stdout), out);
  return [...out].map(([id, t]) => `${id}\t${t}`).join('\n');
}
