// A style-free rendering of a CSL item, `Authors (Year). Title. Container.`, used when citeproc
// fails or no style is available. It must never throw, whatever the item holds.
import type { CslItem } from '../syntax/bib/cslItem';
import { isOthersMarker, readCslDate } from '../syntax/bib/cslItem';

/** Escapes text for HTML and keeps Markdown link/emphasis syntax literal. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'[\]*_`\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes text so a Markdown renderer shows it literally (for hovers built from `text` output). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~&]/g, (c) => `\\${c}`);
}

function nameText(n: unknown): string | undefined {
  if (typeof n === 'string') return n.trim() || undefined;
  if (!n || typeof n !== 'object') return undefined;
  const name = n as Record<string, unknown>;
  if (str(name.literal)) return str(name.literal);
  const family = [str(name['non-dropping-particle']), str(name.family)].filter(Boolean).join(' ');
  if (!family) return str(name.given) || undefined;
  const initials = str(name.given)
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((g) => `${g.charAt(0)}.`)
    .join(' ');
  return initials ? `${family}, ${initials}` : family;
}

function authorsText(value: unknown): string {
  const list = Array.isArray(value) ? value : [];
  const names = list.filter((n) => !isOthersMarker(n)).map(nameText).filter((n): n is string => !!n);
  // An "others" marker (BibTeX's `and others`) truncates the list as more than six names do.
  if (names.length > 6 || (names.length && list.some(isOthersMarker))) return `${names.slice(0, 6).join(', ')}, et al.`;
  if (names.length > 1) return `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
  return names[0] ?? '';
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
}

/** `Authors (Year). Title. Container.` in plain text or escaped HTML (title in italics). */
export function formatPlain(item: CslItem, format: 'text' | 'html' = 'text'): string {
  const authors = authorsText(item.author) || authorsText(item.editor);
  const date = readCslDate(item.issued);
  const year = date?.year !== undefined ? String(date.year) : date?.literal ?? 'n.d.';
  const title = str(item.title) || str(item.id);
  const container = str(item['container-title']);
  const esc = format === 'html' ? escapeHtml : (s: string) => s;
  const end = (s: string) => (/[.?!]$/.test(s) ? '' : '.');
  const parts = [`${authors ? `${esc(authors)} ` : ''}(${esc(year)}).`];
  parts.push(format === 'html' ? `<i>${esc(title)}</i>${end(title)}` : `${title}${end(title)}`);
  if (container) parts.push(`${esc(container)}${end(container)}`);
  return parts.join(' ');
}
