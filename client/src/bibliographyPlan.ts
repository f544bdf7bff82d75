// Whether the server's "Choose a bibliography…" edit may be applied, decided without VS Code:
// each file's edit must be for the version open in the editor, and a project file (`_quarto.yml`)
// open with unsaved changes is the writer's work in progress, which the edit would land in unseen.
// Imports only the protocol types.
import type { AddBibliographyReply } from '../../server/src/protocol';

type Change = Extract<AddBibliographyReply, { ok: true }>['edit']['documentChanges'][number];

export interface OpenFile {
  uri: string;
  version: number;
  isDirty: boolean;
}

/**
 * The files to save after the edit (project files it changed, not the document itself), or the
 * sentence saying why nothing is changed. `open` finds a file open in the editor; `relative`
 * names a file as the writer sees it.
 */
export function planBibliographyEdit(changes: readonly Change[], documentUri: string, open: (uri: string) => OpenFile | undefined, relative: (uri: string) => string): { save: string[] } | { refusal: string } {
  for (const change of changes) {
    const uri = change.textDocument.uri;
    const file = open(uri);
    // The server computed offsets for one version of the file; any other gets no edit at all.
    if (change.textDocument.version !== null && file && file.version !== change.textDocument.version) {
      return { refusal: `Nothing was changed: ${relative(uri)} changed while the edit was prepared. Try again.` };
    }
    if (file?.isDirty && uri !== documentUri) {
      return { refusal: `Nothing was changed: ${relative(uri)} is open with changes that are not saved. Save it, then choose the bibliography again.` };
    }
  }
  return { save: [...new Set(changes.map((c) => c.textDocument.uri).filter((u) => u !== documentUri))] };
}
