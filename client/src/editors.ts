// Remembers the last Markdown/LaTeX editor, because focus moves to the sidebar or a quick pick
// exactly when the user wants to cite into "the document I was writing".
import * as vscode from 'vscode';

export interface EditorTracker extends vscode.Disposable {
  /** The manuscript whose citations the sidebar marks: the active one, else the last one used. */
  citingDocument(): vscode.TextDocument | undefined;
  /** An editor on the citing document, brought back into view if its tab was hidden. */
  citingEditor(): Promise<vscode.TextEditor | undefined>;
  /** Fires when the citing document changes. */
  onDidChange: vscode.Event<void>;
}

// The language ids of documents a writer cites in; which syntax applies is the server's business.
const manuscriptLanguages = new Set(['markdown', 'quarto', 'rmd', 'rmarkdown', 'pandoc', 'latex', 'tex', 'context', 'latex-expl3', 'doctex', 'typst']);

export function isManuscript(document: vscode.TextDocument): boolean {
  return manuscriptLanguages.has(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
}

export function trackEditors(): EditorTracker {
  const changed = new vscode.EventEmitter<void>();
  let last = vscode.window.activeTextEditor && isManuscript(vscode.window.activeTextEditor.document) ? vscode.window.activeTextEditor : undefined;
  const subscriptions = [
    changed,
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (!editor || !isManuscript(editor.document)) return;
      const before = last?.document.uri.toString();
      last = editor;
      if (before !== editor.document.uri.toString()) changed.fire();
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (last?.document === document) {
        last = undefined;
        changed.fire();
      }
    }),
  ];
  return {
    citingDocument() {
      const active = vscode.window.activeTextEditor;
      if (active && isManuscript(active.document)) return active.document;
      return last?.document;
    },
    async citingEditor() {
      const active = vscode.window.activeTextEditor;
      if (active && isManuscript(active.document)) return active;
      if (!last) return undefined;
      // A TextEditor object dies when its tab is hidden; prefer a live one on the same document.
      const document = last.document;
      const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
      if (visible) return visible;
      return vscode.window.showTextDocument(document, { viewColumn: last.viewColumn, selection: last.selection });
    },
    onDidChange: changed.event,
    dispose() {
      for (const s of subscriptions) s.dispose();
    },
  };
}
