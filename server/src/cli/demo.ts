// `citelens demo [folder]` (what `npm start` runs): indexes the bundled data, prints its size and
// themes, then checks the sample manuscripts as `citelens check` would.
import { relative, resolve } from 'node:path';
import { sidebarIndex, themesOf } from '../core/features/themeTree';
import type { ThemeNode } from '../core/themes/index';
import { defaultSettings } from '../core/model/workspace';
import { dataDir, pathOf, uriOf } from '../host';
import { loadWorkspace } from '../load';
import { check, formatText, summarize } from './check';
import { printable, printableLine } from './terminal';

export async function run(args: string[]): Promise<number> {
  const folder = resolve(args[0] ?? dataDir());
  const started = performance.now();
  const { ws } = await loadWorkspace({ folders: [`${uriOf(folder)}/`], settings: defaultSettings });
  const loadedMs = performance.now() - started;
  const rel = (uri: string) => printableLine(relative(process.cwd(), pathOf(uri)));
  console.log(`Citelens: ${rel(`${uriOf(folder)}/`) || '.'}`);
  console.log('\nBibliographies');
  for (const file of ws.bibs.values()) {
    console.log(`  ${rel(file.file)}: ${file.entries.length} entries, ${file.errors.length} parse error${file.errors.length === 1 ? '' : 's'}`);
  }
  for (const uri of ws.missing) console.log(`  ${rel(uri)}: ${ws.unreadable.has(uri) ? printableLine(`not read: it ${ws.unreadable.get(uri)}`) : 'missing'}`);
  const index = sidebarIndex(ws);
  const themeStart = performance.now();
  const tree = themesOf(ws, index);
  const themeMs = performance.now() - themeStart;
  const count = (n: ThemeNode): number => new Set([...n.keys, ...n.children.flatMap((c) => collect(c))]).size;
  const collect = (n: ThemeNode): string[] => [...n.keys, ...n.children.flatMap(collect)];
  const all = (nodes: ThemeNode[]): number => nodes.reduce((n, t) => n + 1 + all(t.children), 0);
  const themed = new Set(tree.themes.filter((t) => t.source !== 'none').flatMap(collect)).size;
  console.log(
    `\nThemes: ${tree.themes.length} top-level, ${all(tree.themes)} in all; ${themed} of ${index.entries.length} entries themed (computed in ${themeMs.toFixed(0)} ms)`,
  );
  const print = (nodes: ThemeNode[], depth: number) => {
    for (const n of nodes) {
      console.log(`  ${'  '.repeat(depth)}${printableLine(n.name)} (${count(n)})${n.source === 'auto' ? ' [automatic]' : ''}`);
      print(n.children, depth + 1);
    }
  };
  print(tree.themes, 0);
  const report = await check({ targets: [folder], format: 'text', bibliographies: [], severity: {}, latexCommands: [] });
  if (typeof report === 'string') {
    console.error(printable(report));
    return 2;
  }
  console.log(`\nDiagnostics of the manuscripts`);
  const text = formatText(report);
  console.log(text ? text.replace(/^/gm, '  ') : '  none');
  console.log(`\n${summarize(report)}; indexed ${index.entries.length} entries in ${loadedMs.toFixed(0)} ms`);
  return 0;
}
