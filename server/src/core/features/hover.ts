// hover(): the full reference of the key under the cursor, as Markdown in which every piece of
// field text is escaped, so a hostile .bib cannot inject links, images, HTML or commands.
import type { BibEntry } from '../model/entry';
import { fieldText } from '../syntax/bib/fields';
import { bibKeyAt, citationAt, citationsOf, citationsOfKey } from '../analysis/citations';
import { formatEntry } from '../analysis/formatting';
import { documentStyle } from '../analysis/documentStyle';
import { docIndex, scopeOf } from '../analysis/scope';
import { lineStartsOf, positionAt, type Span } from '../model/types';
import { relativeTo, uriBasename } from '../model/uri';
import type { Workspace } from '../model/workspace';
import { libraryOf, onlyInLibrary } from '../analysis/zotero';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const abstractLimit = 600;
/**
 * The most of a reference, key or link a hover shows: a field of 50 MB must not become a 50 MB
 * response (the editor would freeze rendering it), so longer text ends in an ellipsis.
 */
export const hoverLimits = { reference: 2000, key: 200, link: 2000 };

export function hover(ws: Workspace, uri: string, offset: number): HoverResult | undefined {
  const doc = ws.docs.get(uri);
  if (!doc) return undefined;
  const cite = citationAt(ws, doc, offset);
  if (cite) {
    const index = docIndex(ws, uri);
    const found = index.lookup(cite.key);
    const entry = found && index.resolve(found);
    const count = citationsOf(ws, doc).filter((c) => c.key === cite.key).length;
    const fromLibrary = entry ? undefined : onlyInLibrary(ws, uri, cite.key);
    if (fromLibrary) return { markdown: describe(ws, fromLibrary.entry, `Cited ${times(count)} in this document.`, uri), span: cite.span };
    // Nothing loaded is not an unknown key: say so, and how to load something.
    if (!entry && index.entries.length === 0) return { markdown: noBibliography(ws, uri, cite.key), span: cite.span };
    if (!entry) return { markdown: `Unknown citation key \`${codeSafe(cite.key)}\``, span: cite.span };
    return { markdown: describe(ws, entry, `Cited ${times(count)} in this document.`, uri), span: cite.span };
  }
  const bibKey = doc.lang === 'bib' ? bibKeyAt(ws, doc, offset) : undefined;
  if (bibKey) {
    const index = docIndex(ws, uri);
    const found = index.lookup(bibKey.key);
    if (!found) return undefined;
    const entry = index.resolve(found);
    const uses = citationsOfKey(ws, bibKey.key);
    const docs = new Set(uses.map((u) => u.doc.uri)).size;
    return { markdown: describe(ws, entry, `Cited ${times(uses.length)} in ${docs} document${docs === 1 ? '' : 's'} of the workspace.`), span: bibKey.span };
  }
  return undefined;
}

/**
 * The hover of a citation when the document has no bibliography: why, and two command links
 * (the client trusts exactly these commands in hovers).
 */
function noBibliography(ws: Workspace, uri: string, key: string): string {
  const missing = scopeOf(ws, uri).bibs.filter((b) => !ws.bibs.has(b));
  const why = missing.length
    ? `${missing.map((b) => escapeMarkdown(uriBasename(b))).join(', ')} could not be read`
    : 'this document declares none and the `citelens.bibliographies` setting is empty';
  const link = (title: string, id: string, args: unknown[]) => `[${title}](command:${id}?${encodeURIComponent(JSON.stringify(args))})`;
  return [
    `No bibliography is loaded, so \`${codeSafe(key)}\` cannot be looked up: ${why}.`,
    `${link('Choose a bibliography…', 'citelens.chooseBibliography', [uri])} · ${link('Import references from clipboard…', 'citelens.importReferences', [])}`,
  ].join('\n\n');
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/**
 * The Markdown body shared by hovers and completion documentation: key and entry type, the
 * reference in the style of the document `uri` (the setting's without one), links, abstract,
 * where it is defined, and which style was used and why.
 */
export function describe(ws: Workspace, entry: BibEntry, usage?: string, uri?: string): string {
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(shorten(entry.key, hoverLimits.key))}** · ${escapeMarkdown(entry.type)}`);
  parts.push(escapeMarkdown(shorten(formatEntry(ws, entry, uri), hoverLimits.reference)));
  const links: string[] = [];
  const doi = fieldText(entry, 'doi').replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').trim();
  if (doi && doi.length <= hoverLimits.link) links.push(`[doi:${escapeMarkdown(doi)}](${safeUrl(`https://doi.org/${doi}`)})`);
  const url = fieldText(entry, 'url').trim();
  if (url.length <= hoverLimits.link && /^https?:\/\/\S+$/i.test(url)) links.push(`[${escapeMarkdown(shorten(url, 60))}](${safeUrl(url)})`);
  const eprint = fieldText(entry, 'eprint').trim();
  if (eprint && eprint.length <= hoverLimits.link && /arxiv/i.test(fieldText(entry, 'eprinttype') || fieldText(entry, 'archiveprefix'))) {
    links.push(`[arXiv:${escapeMarkdown(eprint)}](${safeUrl(`https://arxiv.org/abs/${eprint}`)})`);
  }
  if (links.length) parts.push(links.join(' · '));
  const abstract = fieldText(entry, 'abstract').trim();
  if (abstract) parts.push(`*Abstract.* ${escapeMarkdown(shorten(abstract, abstractLimit))}`);
  const file = ws.bibs.get(entry.file);
  const line = file ? positionAt(lineStartsOf(file), entry.keySpan.start).line + 1 : undefined;
  const where = `${escapeMarkdown(relativeTo(ws.folders.find((f) => entry.file.startsWith(f)), entry.file))}${line ? `:${line}` : ''}`;
  const library = file ? undefined : libraryOf(ws, entry.file);
  // A library item is not in any bibliography the document uses: say so, and how to add it.
  if (library) parts.push(`From Zotero (${escapeMarkdown(library.name)}), not in this document's bibliography: choose it in completion, or use the quick fix "Add from Zotero"${usage ? ` · ${usage}` : ''}`);
  else parts.push(`Defined in ${where}${usage ? ` · ${usage}` : ''}`);
  const style = documentStyle(ws, uri);
  parts.push(`*Style:* ${escapeMarkdown(style.title)}${style.notes.length ? ` — ${escapeMarkdown(style.notes.join(' '))}` : ''}`);
  return parts.join('\n\n');
}

/** The text, or its first `max - 1` characters and an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Escapes every character Markdown (and the HTML VS Code allows in it) could act on: emphasis,
 * links, images, code, HTML, and `:` so that no bare URL is turned into a link; list and heading
 * markers only matter at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]()#!|~<>&:]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/^(\s*)([-+=.])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

function codeSafe(text: string): string {
  return text.replace(/`/g, "'");
}

/** A URL safe inside `(...)` of a Markdown link: only http(s), no spaces, parentheses or quotes. */
function safeUrl(url: string): string {
  return encodeURI(url).replace(/[()'"<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
