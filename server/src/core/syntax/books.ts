// Which files a book project renders into one document: Quarto's `book: chapters:` (and
// `appendices:`, parts included) in `_quarto.yml`, bookdown's `rmd_files:` in `_bookdown.yml`.
// Pure: paths come back as written. Imports the `yaml` parser only.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export interface QuartoProject {
  /** `project: type:` (`book`, `website`, `manuscript`, `default`). */
  type: string;
  /** The chapter files of a book, in order, as written; empty when the file lists none. */
  chapters: string[];
}

/** The project type and book chapters of a `_quarto.yml`; a file YAML cannot read gives a default project. */
export function quartoProject(yamlText: string): QuartoProject {
  const doc = parseDocument(yamlText, { strict: false, uniqueKeys: false });
  const root = doc.contents;
  if (!isMap(root)) return { type: 'default', chapters: [] };
  const project = root.get('project', true);
  const type = isMap(project) ? project.get('type') : undefined;
  const book = root.get('book', true);
  const chapters: string[] = [];
  if (isMap(book)) for (const field of ['chapters', 'appendices']) collectFiles(book.get(field, true) as Node | undefined, chapters);
  return { type: typeof type === 'string' ? type : 'default', chapters };
}

/** A chapter list holds paths, or parts: `{ part: "intro.qmd" | "Title", chapters: [...] }`. */
function collectFiles(node: Node | undefined, out: string[]): void {
  if (!isSeq(node)) return;
  for (const item of node.items) {
    if (isScalar(item) && typeof item.value === 'string') out.push(item.value.trim());
    else if (isMap(item)) {
      const part = item.get('part');
      if (typeof part === 'string' && /\.(?:qmd|md|Rmd|rmd|ipynb)$/.test(part.trim())) out.push(part.trim());
      collectFiles(item.get('chapters', true) as Node | undefined, out);
    }
  }
}

/** bookdown's `rmd_files:` (a list, or `{ html: [...], latex: [...] }`, of which the first list counts); undefined when absent. */
export function bookdownFiles(yamlText: string): string[] | undefined {
  const doc = parseDocument(yamlText, { strict: false, uniqueKeys: false });
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  let files = root.get('rmd_files', true) as Node | undefined;
  if (isMap(files)) files = files.items[0]?.value as Node | undefined;
  if (!isSeq(files)) return undefined;
  return files.items.flatMap((i) => (isScalar(i) && typeof i.value === 'string' ? [i.value.trim()] : []));
}
