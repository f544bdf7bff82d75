// The `citelens.*` settings as the client sends them: checked value by value (a wrongly typed
// value is reported and replaced by its default, never silently emptying the index), their
// defaults, and the core settings they become.
import { defaultSettings, type CoreSettings, type Severity } from './core/model/workspace';
import type { FolderOptions } from './load';

export interface UserSettings {
  bibliographies?: string[];
  style?: string;
  latexCiteCommand?: string;
  latexCommands?: string[];
  themesFile?: string;
  diagnostics?: { severity?: Record<string, Severity> };
  completion?: { maxItems?: number };
  zotero?: { dataDirectory?: string };
}

const severities = new Set(['error', 'warning', 'information', 'hint', 'off']);

export interface CheckedSettings {
  settings: UserSettings;
  /** Sentences naming each value that was not of its type, and what was used instead. */
  problems: string[];
}

/** Reads a raw `citelens` section; every value of the wrong type is named in `problems`. */
export function checkSettings(raw: unknown): CheckedSettings {
  const problems: string[] = [];
  const settings: UserSettings = {};
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: ['The citelens settings must be an object; the defaults are used.'] };
  const r = raw as Record<string, unknown>;
  const list = (name: 'bibliographies' | 'latexCommands') => {
    const v = r[name];
    if (v === undefined || v === null) return;
    // A single path where a list is expected is what the writer meant.
    if (typeof v === 'string') {
      problems.push(`citelens.${name} should be a list; read "${v}" as a list of one.`);
      settings[name] = [v];
    } else if (Array.isArray(v)) {
      const strings = v.filter((x): x is string => typeof x === 'string');
      if (strings.length !== v.length) problems.push(`citelens.${name}: values that are not strings were ignored.`);
      settings[name] = strings;
    } else problems.push(`citelens.${name} must be a list of strings; it was ignored.`);
  };
  list('bibliographies');
  list('latexCommands');
  for (const name of ['style', 'latexCiteCommand', 'themesFile'] as const) {
    const v = r[name];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string') settings[name] = v;
    else problems.push(`citelens.${name} must be a string; it was ignored.`);
  }
  const diag = r.diagnostics as { severity?: unknown } | undefined;
  if (diag !== undefined && diag !== null) {
    const sev = typeof diag === 'object' ? diag.severity : undefined;
    if (sev !== undefined && sev !== null) {
      if (typeof sev !== 'object' || Array.isArray(sev)) problems.push('citelens.diagnostics.severity must be an object of code: severity; it was ignored.');
      else {
        const out: Record<string, Severity> = {};
        for (const [code, value] of Object.entries(sev as Record<string, unknown>)) {
          if (typeof value === 'string' && severities.has(value)) out[code] = value as Severity;
          else problems.push(`citelens.diagnostics.severity.${code} must be one of error, warning, information, hint, off; it was ignored.`);
        }
        settings.diagnostics = { severity: out };
      }
    }
  }
  const completion = r.completion as { maxItems?: unknown } | undefined;
  if (completion && typeof completion === 'object' && completion.maxItems !== undefined) {
    if (typeof completion.maxItems === 'number' && completion.maxItems > 0) settings.completion = { maxItems: completion.maxItems };
    else problems.push('citelens.completion.maxItems must be a positive number; the default is used.');
  }
  const zotero = r.zotero as { dataDirectory?: unknown } | undefined;
  if (zotero !== undefined && zotero !== null) {
    const dir = typeof zotero === 'object' ? zotero.dataDirectory : undefined;
    if (typeof dir === 'string') settings.zotero = { dataDirectory: dir };
    else if (dir !== undefined && dir !== null) problems.push('citelens.zotero.dataDirectory must be a string (a folder, or "off"); the default (~/Zotero) is used.');
  }
  return { settings, problems };
}

export function toCoreSettings(user: UserSettings | undefined): CoreSettings {
  const severity = { ...defaultSettings.severity };
  for (const [code, value] of Object.entries(user?.diagnostics?.severity ?? {})) {
    if (severities.has(value)) severity[code] = value;
  }
  const maxItems = user?.completion?.maxItems;
  return {
    latexCommands: (user?.latexCommands ?? []).map((c) => c.replace(/^\\/, '')).filter((c) => /^[A-Za-z]+\*?$/.test(c)),
    severity,
    style: user?.style || defaultSettings.style,
    maxCompletionItems: typeof maxItems === 'number' && maxItems > 0 ? Math.min(1000, Math.floor(maxItems)) : defaultSettings.maxCompletionItems,
    bibliographies: [],
  };
}

/** What the loader needs of one folder's (or the workspace's) settings. */
export function folderOptions(user: UserSettings | undefined): FolderOptions {
  return {
    settings: toCoreSettings(user),
    bibliographyPatterns: user?.bibliographies ?? [],
    ...(user?.themesFile ? { themesFile: user.themesFile } : {}),
  };
}

/**
 * The raw sections a settings reload needs ([the first folder's, then each folder's], as
 * `workspace/configuration` is asked for them), taken from `initializationOptions` when the
 * client sent every folder's section there; undefined when it did not (other editors), so the
 * server asks instead. `folderKey` normalises a folder URI the way the server's folders are.
 */
export function initialSections(options: unknown, folders: readonly string[], folderKey: (uri: string) => string): unknown[] | undefined {
  if (!options || typeof options !== 'object') return undefined;
  const { settings, folderSettings } = options as { settings?: unknown; folderSettings?: unknown };
  if (!folderSettings || typeof folderSettings !== 'object' || Array.isArray(folderSettings)) return undefined;
  const byFolder = new Map(Object.entries(folderSettings).map(([uri, section]) => [folderKey(uri), section] as const));
  if (!folders.every((f) => byFolder.has(f))) return undefined;
  const first = folders[0];
  return [first === undefined ? settings : byFolder.get(first), ...folders.map((f) => byFolder.get(f))];
}

/** A text that is equal for equal settings, whatever order their keys came in. */
export function settingsKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
