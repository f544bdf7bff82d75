// Reopens completion as the writer types inside a Pandoc citation. VS Code turns quick
// suggestions off in Markdown, so without this the list never comes back after Escape or a
// space. Only a cheap look at the line decides when to ask; the server decides what (and whether)
// to offer, and returns at least a search row inside a citation, which keeps VS Code's word
// suggestions (a lower-ranked provider) out of the list.
import * as vscode from 'vscode';
import { typingInCitation } from './suggestTrigger';

const markdownLike = new Set(['markdown', 'quarto', 'rmd', 'rmarkdown', 'pandoc']);

export function reopenSuggestInCitations(): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument((e) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || e.document !== editor.document || !markdownLike.has(e.document.languageId)) return;
    if (e.reason !== undefined || e.contentChanges.length !== 1) return;
    const change = e.contentChanges[0] as vscode.TextDocumentContentChangeEvent;
    // Typing or deleting a character, not a paste, a line break or a completion being accepted.
    if (change.text.length > 1 || change.text.includes('\n') || change.range.start.line !== change.range.end.line) return;
    const line = e.document.lineAt(change.range.start.line).text;
    const end = change.range.start.character + change.text.length;
    if (typingInCitation(line.slice(0, end))) void vscode.commands.executeCommand('editor.action.triggerSuggest');
  });
}
