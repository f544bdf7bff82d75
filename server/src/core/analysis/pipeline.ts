// The Lua filters a Markdown document's pandoc build runs, and what they do to citation ids before
// citeproc sees them. Filters come from the document's front matter and its Quarto configuration
// (`filters:`), a Makefile in its folder or above (`--lua-filter=`), or sit beside the document.
import { memo } from '../model/memo';
import { resolveUri, uriBasename, uriDirname } from '../model/uri';
import type { Doc, Workspace } from '../model/workspace';
import { citoProperties, namedLuaFilters } from '../syntax/project';
import { quartoConfigs } from './scope';

/** How many folders above a document a Makefile may drive its build from. */
const maxMakefileDepth = 4;

const frontMatterFilters = memo((doc: Doc) => namedLuaFilters(doc.text, 'markdown'));
const configFilters = memo((doc: Doc) => namedLuaFilters(doc.text, 'yaml'));
const commandFilters = memo((doc: Doc) => namedLuaFilters(doc.text, 'command'));
const citoOf = memo((doc: Doc) => citoProperties(doc.text));

/** The Lua filter files (loaded in the snapshot) that a document's build runs. */
export function luaFilters(ws: Workspace, doc: Doc): Doc[] {
  const uris = new Set<string>();
  for (const path of frontMatterFilters(doc)) uris.add(resolveUri(doc.uri, path));
  for (const config of quartoConfigs(ws, doc)) for (const path of configFilters(config)) uris.add(resolveUri(config.uri, path));
  let dir = uriDirname(doc.uri);
  for (let depth = 0; depth <= maxMakefileDepth; depth++) {
    for (const name of ['Makefile', 'makefile', 'GNUmakefile']) {
      const make = ws.docs.get(`${dir}/${name}`);
      if (make) for (const path of commandFilters(make)) uris.add(resolveUri(make.uri, path));
    }
    const up = uriDirname(dir);
    if (up === dir || up.length <= 'file://'.length) break;
    dir = up;
  }
  // A filter kept beside the manuscript is taken to be part of its build.
  const here = `${uriDirname(doc.uri)}/`;
  for (const uri of ws.docs.keys()) if (uri.startsWith(here) && /\.lua$/i.test(uri) && !uri.slice(here.length).includes('/')) uris.add(uri);
  return [...uris].map((u) => ws.docs.get(u)).filter((d): d is Doc => d !== undefined && /\.lua$/i.test(uriBasename(d.uri)));
}

const citoCache = memo((_ws: Workspace) => new Map<string, Set<string> | undefined>());

/** The CiTO properties a document's filters strip from citation ids, if a CiTO filter runs. */
export function citoPrefixes(ws: Workspace, doc: Doc): Set<string> | undefined {
  const cache = citoCache(ws);
  if (cache.has(doc.uri)) return cache.get(doc.uri);
  let out: Set<string> | undefined;
  for (const filter of luaFilters(ws, doc)) {
    const props = citoOf(filter);
    if (props) out = new Set([...(out ?? []), ...props]);
  }
  cache.set(doc.uri, out);
  return out;
}
