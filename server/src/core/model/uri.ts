// String helpers for file URIs, so the core can resolve relative paths without touching the file system.
// Only the global URL class is used; no node modules.

export function uriDirname(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? uri : uri.slice(0, i);
}

export function uriBasename(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** Lower-case extension with the dot (`.bib`), or '' when there is none. */
export function uriExtension(uri: string): string {
  const base = uriBasename(uri);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

/**
 * Resolves a path as written in a document (relative, absolute or already a URI) against the
 * document's URI. `~` cannot be resolved here: the host expands it before it reaches the core.
 */
export function resolveUri(baseUri: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const normalized = path.replace(/\\/g, '/');
  if (normalized.startsWith('/')) return normalizeUri(new URL(`file://${encodePath(normalized)}`).href);
  const base = baseUri.endsWith('/') ? baseUri : `${uriDirname(baseUri)}/`;
  return normalizeUri(new URL(encodePath(normalized), base).href);
}

/**
 * One spelling per file: editors and our own resolution may escape a path differently
 * (`%3A` or `:`), and the index compares URIs as strings.
 */
export function normalizeUri(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  let path = uri.slice('file://'.length);
  try {
    path = decodeURIComponent(path);
  } catch {
    return uri;
  }
  return `file://${encodePath(path)}`;
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** A path relative to a folder URI, for messages; falls back to the URI's decoded path. */
export function relativeTo(folderUri: string | undefined, uri: string): string {
  const folder = folderUri?.endsWith('/') ? folderUri : `${folderUri ?? ''}/`;
  if (folderUri && uri.startsWith(folder)) return decodeURIComponent(uri.slice(folder.length));
  return uri.startsWith('file://') ? decodeURIComponent(uri.slice('file://'.length)) : uri;
}
