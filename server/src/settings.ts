// The `citelens.*` settings as the client sends them, their defaults, and the core settings they become.
import { defaultSettings, type CoreSettings, type Severity } from './core/model/workspace';

export interface UserSettings {
  bibliographies?: string[];
  style?: string;
  latexCiteCommand?: string;
  latexCommands?: string[];
  themesFile?: string;
  diagnostics?: { severity?: Record<string, Severity> };
  completion?: { maxItems?: number };
}

const severities = new Set(['error', 'warning', 'information', 'hint', 'off']);

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
