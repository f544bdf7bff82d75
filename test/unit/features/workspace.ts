// Builds an in-memory workspace snapshot from a multi-file fixture, the way the host would from
// disk: manuscripts become documents, bibliography files are parsed, absent declared files are missing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { neededBibliographies } from '../../../server/src/core/analysis/scope';
import { applyChange, defaultSettings, emptyWorkspace, langOf, type CoreSettings, type Doc, type Workspace } from '../../../server/src/core/model/workspace';
import { parseFixture } from '../../fixture';
import type { StyleFile, StyleSpec } from '../../../server/src/core/model/style';
import { neededStyleFiles } from '../../../server/src/core/analysis/documentStyle';

export const root = 'file:///ws/';

const dataDir = join(__dirname, '..', '..', '..', 'data');

/** Read once for all tests: style objects are what engines are memoised on. */
let bundled: { styles: Map<string, StyleSpec>; locales: Map<string, string> } | undefined;

export function bundledData(): { styles: Map<string, StyleSpec>; locales: Map<string, string> } {
  if (bundled) return bundled;
  const styles = new Map<string, StyleSpec>();
  for (const name of readdirSync(join(dataDir, 'styles'))) {
    if (name.endsWith('.csl')) styles.set(name.slice(0, -4), { id: name.slice(0, -4), xml: readFileSync(join(dataDir, 'styles', name), 'utf8') });
  }
  const locales = new Map<string, string>();
  for (const name of readdirSync(join(dataDir, 'locales'))) {
    const m = /^locales-(.*)\.xml$/.exec(name);
    if (m) locales.set(m[1] as string, readFileSync(join(dataDir, 'locales', name), 'utf8'));
  }
  return (bundled = { styles, locales });
}

const isBib = (name: string) => /\.(bib|json|ya?ml|ris)$/i.test(name) && !/^_(quarto|metadata|bookdown)\.ya?ml$/.test(name.split('/').pop() ?? '') && !name.endsWith('themes.json');

export interface Built {
  ws: Workspace;
  uri: (name: string) => string;
  cursor?: { uri: string; offset: number };
}

export function build(fixture: string, settings: Partial<CoreSettings> = {}): Built {
  const { files, cursor } = parseFixture(fixture);
  const uri = (name: string) => `${root}${name}`;
  const docs: Doc[] = [];
  const bibs = [];
  const csl = new Map<string, string>();
  for (const [name, text] of files) {
    if (name.endsWith('.csl')) csl.set(uri(name), text);
    else if (isBib(name)) {
      bibs.push(readBibliography(uri(name), text));
      if (name.endsWith('.bib')) docs.push({ uri: uri(name), text, lang: 'bib', version: 1 });
    } else docs.push({ uri: uri(name), text, lang: langOf(name), version: 1 });
  }
  const resolvedSettings = { ...defaultSettings, ...settings, severity: { ...defaultSettings.severity, ...settings.severity } };
  const { styles, locales } = bundledData();
  let ws = emptyWorkspace([root], resolvedSettings, styles, locales);
  ws = applyChange(ws, { docs, bibs, workspaceBibs: bibs.filter((b) => b.file.endsWith('.bib')).map((b) => b.file) });
  const missing = neededBibliographies(ws).filter((u) => !ws.bibs.has(u));
  if (missing.length) ws = applyChange(ws, { missing });
  // Style files as the host would read them: present ones by their text, absent ones as not found.
  const styleFiles: StyleFile[] = neededStyleFiles(ws).map((u) => {
    const xml = csl.get(u);
    return xml ? { uri: u, style: { id: u, xml } } : { uri: u, note: 'was not found' };
  });
  if (styleFiles.length) ws = applyChange(ws, { styleFiles });
  return cursor ? { ws, uri, cursor: { uri: uri(cursor.file), offset: cursor.offset } } : { ws, uri };
}
