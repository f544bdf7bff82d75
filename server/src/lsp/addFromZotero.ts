// The Add from Zotero command (chosen with a completion item): appends the library's entry to the
// document's bibliography through a workspace edit the editor applies, never by writing the file
// here. A refusal touches no file, and says why in the editor.
import type { Connection } from 'vscode-languageserver';
import { addFromZotero } from '../core/features/addFromZotero';
import { normalizeUri } from '../core/model/uri';
import { sameText } from '../core/model/fileText';
import { loadBibliography } from '../host';
import { invalidParams, refused, toWorkspaceEdit } from './convert';
import type { State } from './state';

export async function addFromZoteroRequest(state: State, connection: Connection, args: unknown): Promise<{ applied: boolean; target: string }> {
  const a = (Array.isArray(args) ? args[0] : undefined) as { uri?: unknown; key?: unknown } | undefined;
  if (!a || typeof a.uri !== 'string' || typeof a.key !== 'string' || !a.key) throw invalidParams('The command takes one argument: { uri, key }.');
  const uri = normalizeUri(a.uri);
  const key = a.key;
  await state.ready(uri);
  for (let attempt = 0; ; attempt++) {
    const ws = state.current();
    const result = addFromZotero(ws, uri, key);
    if (!result.ok) {
      void connection.window.showWarningMessage(`Citelens: ${result.message}`);
      throw refused(result.message);
    }
    // A closed bibliography is edited at its end as it was read: if the disk has moved on, read it again first.
    const open = ws.docs.get(result.target);
    if (!open || open.version < 0) {
      const disk = await loadBibliography(result.target);
      const known = ws.bibs.get(result.target);
      if (!('file' in disk) || !known || !sameText(disk.file, known)) {
        if (attempt > 0) throw refused(`'${key}' was not added: ${result.target} changed on disk while the entry was prepared. Try again.`);
        await state.diskChanged([result.target], false);
        continue;
      }
    }
    const applied = await connection.workspace.applyEdit({ label: `Add ${key} from Zotero`, edit: toWorkspaceEdit(ws, result.files) });
    if (!applied.applied) void connection.window.showWarningMessage(`Citelens: the editor did not add '${key}'${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
    return { applied: applied.applied, target: result.target };
  }
}
