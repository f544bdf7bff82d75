// The compilation unit of a document: every file the toolchain reads into the same output, so
// "what this manuscript cites" means the whole thesis or book. LaTeX: the root and what it
// \input's and \include's; Typst: the root and its #include's; a Quarto book: its chapters; a
// bookdown book: its Rmd files. Any other document is a unit of its own.
import { bookdownFiles, quartoProject } from '../syntax/books';
import { memo } from '../model/memo';
import { resolveUri, uriBasename, uriDirname } from '../model/uri';
import { isManuscript, type Doc, type Workspace } from '../model/workspace';
import { latexProject, latexRoot, quartoConfigs } from './scope';
import { typstProject, typstRoot } from './typstProject';

const quartoOf = memo((config: Doc) => quartoProject(config.text));
const bookdownOf = memo((config: Doc) => bookdownFiles(config.text));

/** The documents compiled together with `uri`, the document itself first when it is the root. */
export function compilationUnit(ws: Workspace, uri: string): string[] {
  const doc = ws.docs.get(uri);
  if (!doc || !isManuscript(doc.lang)) return doc ? [uri] : [];
  if (doc.lang === 'latex') {
    const members = latexProject(ws, latexRoot(ws, uri));
    return members.includes(uri) ? members : [uri];
  }
  if (doc.lang === 'typst') {
    const members = typstProject(ws, typstRoot(ws, uri));
    return members.includes(uri) ? members : [uri];
  }
  return bookUnit(ws, doc) ?? [uri];
}

function bookUnit(ws: Workspace, doc: Doc): string[] | undefined {
  const config = quartoConfigs(ws, doc).find((d) => /\/_quarto\.ya?ml$/.test(d.uri));
  if (config) {
    const project = quartoOf(config);
    if (project.type !== 'book') return undefined;
    const dir = uriDirname(config.uri);
    const listed = project.chapters.map((p) => resolveUri(config.uri, p)).filter((u) => ws.docs.has(u));
    // A book that lists no chapter (or none we have) is every manuscript below its folder.
    const members = listed.length ? listed : manuscriptsUnder(ws, `${dir}/`, false);
    return members.includes(doc.uri) ? members : undefined;
  }
  const dir = uriDirname(doc.uri);
  const bookdown = ws.docs.get(`${dir}/_bookdown.yml`) ?? ws.docs.get(`${dir}/_bookdown.yaml`);
  if (!bookdown) return undefined;
  const listed = bookdownOf(bookdown);
  // Without `rmd_files`, bookdown merges the folder's .Rmd files in name order, index first,
  // leaving out those whose name starts with `_`.
  const members = listed
    ? listed.map((p) => resolveUri(bookdown.uri, p)).filter((u) => ws.docs.has(u))
    : manuscriptsUnder(ws, `${dir}/`, true)
        .filter((u) => /\.rmd$/i.test(u) && !uriBasename(u).startsWith('_'))
        .sort((a, b) => Number(!/\/index\.rmd$/i.test(a)) - Number(!/\/index\.rmd$/i.test(b)) || (a < b ? -1 : a > b ? 1 : 0));
  return members.includes(doc.uri) ? members : undefined;
}

function manuscriptsUnder(ws: Workspace, dir: string, flat: boolean): string[] {
  return [...ws.docs.values()]
    .filter((d) => d.lang === 'markdown' && d.uri.startsWith(dir) && (!flat || !d.uri.slice(dir.length).includes('/')))
    .map((d) => d.uri)
    .sort();
}
