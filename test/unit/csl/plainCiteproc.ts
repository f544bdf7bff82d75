// citeproc-js as it ships, without the corrections of server/src/core/format (etAl.ts, spec.ts),
// for test/unit/csl/oracle.test.ts: where we and Pandoc differ, it shows whether the difference is
// citeproc-js's own reading of the style or one of our corrections. A fresh copy of the module is
// evaluated so the patched copy the formatter uses is not touched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CslItem } from '../../../server/src/core/syntax/bib/cslItem';

type Engine = {
  updateItems(ids: string[], nosort?: boolean): void;
  makeBibliography(): false | [unknown, string[]];
  makeCitationCluster(items: { id: string }[]): string;
  setOutputFormat(format: 'text'): void;
  bibliography?: unknown;
};
type Module = { Engine: new (sys: unknown, style: string, lang?: string, force?: boolean) => Engine; debug: (m: string) => void };

let fresh: Module | undefined;

function plainModule(): Module {
  if (fresh) return fresh;
  const require = createRequire(__filename);
  const source = readFileSync(require.resolve('citeproc'), 'utf8');
  const module = { exports: {} as Module };
  new Function('module', 'exports', 'require', source)(module, module.exports, require);
  fresh = module.exports;
  fresh.debug = () => undefined;
  return fresh;
}

/** Each item rendered alone (as a hover renders it), by id, or the error citeproc-js threw. */
export function renderWithPlainCiteproc(styleXml: string, items: CslItem[], locales: ReadonlyMap<string, string>, numbered: boolean): Map<string, string> {
  const csl = plainModule();
  const byId = new Map(items.map((i) => [String(i.id), i]));
  const locale = (tag: string) => locales.get(tag) ?? [...locales].find(([k]) => k.split('-')[0] === tag.split('-')[0])?.[1];
  const engine = new csl.Engine({ retrieveLocale: locale, retrieveItem: (id: string) => byId.get(id) }, styleXml);
  engine.setOutputFormat('text');
  const out = new Map<string, string>();
  for (const item of items) {
    const id = String(item.id);
    try {
      engine.updateItems([id], true);
      const made = engine.bibliography ? engine.makeBibliography() : false;
      const text = made ? (made[1][0] ?? '') : engine.makeCitationCluster([{ id }]);
      out.set(id, numbered ? text.trim().replace(/^[[(]?1[\])]?\.?(\s+|$)/, '') : text.trim());
    } catch (e) {
      out.set(id, `(citeproc-js threw: ${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return out;
}
