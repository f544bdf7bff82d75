// Builds an in-memory workspace snapshot from a multi-file fixture, the way the host would from
// disk: manuscripts become documents, bibliography files are parsed, absent declared files are missing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBibliography } from '../../../server/src/core/syntax/bib/read';
import { neededBibliographies } from '../../../server/src/core/analysis/scope';
import { applyChange, defaultSettings, emptyWorkspace, langOf, type CoreSettings, type Doc, type Workspace } from '../../../server/src/core/model/workspace';
import { parseFixture } from '../../fixture';

export const root = 'file:///ws/';

const stylesDir = join(__dirname, '..', '..', '..', 'data', 'styles');

function bundledStyles(): Map<string, string> {
  const styles = new Map<string, string>();
  for (const name of readdirSync(stylesDir)) if (name.endsWith('.csl')) styles.set(name.slice(0, -4), readFileSync(join(stylesDir, name), 'utf8'));
  return styles;
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
  for (const [name, text] of files) {
    if (isBib(name)) {
      bibs.push(readBibliography(uri(name), text));
      if (name.endsWith('.bib')) docs.push({ uri: uri(name), text, lang: 'bib', version: 1 });
    } else docs.push({ uri: uri(name), text, lang: langOf(name), version: 1 });
  }
  const resolvedSettings = { ...defaultSettings, ...settings, severity: { ...defaultSettings.severity, ...settings.severity } };
  let ws = emptyWorkspace([root], resolvedSettings, bundledStyles());
  ws = applyChange(ws, { docs, bibs, workspaceBibs: bibs.filter((b) => b.file.endsWith('.bib')).map((b) => b.file) });
  const missing = neededBibliographies(ws).filter((u) => !ws.bibs.has(u));
  if (missing.length) ws = applyChange(ws, { missing });
  return cursor ? { ws, uri, cursor: { uri: uri(cursor.file), offset: cursor.offset } } : { ws, uri };
}
