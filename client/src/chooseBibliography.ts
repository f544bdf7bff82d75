// "Choose a bibliography…": pick a bibliography file of the workspace and declare it where the
// document's language reads it (the server writes that edit), or in the citelens.bibliographies
// setting. Offered by completion and hover when a document has no bibliography loaded.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type AddBibliographyParams, type AddBibliographyReply } from '../../server/src/protocol';
import { errorText } from './bibliographyTree';
import { planBibliographyEdit } from './bibliographyPlan';
import type { EditorTracker } from './editors';

// Files with these names are project configuration, never a bibliography.
const notBibliographies = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|_quarto[^/]*\.ya?ml|_bookdown\.ya?ml|_metadata\.ya?ml|_output\.ya?ml|themes\.json|\.[^/]*)$/;

export async function chooseBibliography(client: LanguageClient, editors: EditorTracker, target?: unknown, addToSettings?: (files: vscode.Uri[]) => Promise<void>): Promise<boolean> {
  const document = typeof target === 'string' ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target) : editors.citingDocument();
  const found = await vscode.workspace.findFiles('**/*.{bib,json,yaml,yml,ris}', '{**/node_modules/**,**/.git/**,**/.vscode/**}', 500);
  const files = found.filter((f) => !notBibliographies.test(f.path)).sort((a, b) => a.path.localeCompare(b.path));
  if (files.length === 0) {
    void vscode.window.showInformationMessage('The workspace has no .bib, CSL JSON/YAML or RIS file. Import references from the clipboard to start one.', 'Import References').then((c) => {
      if (c) void vscode.commands.executeCommand('citelens.importReferences');
    });
    return false;
  }
  const file = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f, false), uri: f })),
    { title: 'Choose a bibliography', placeHolder: document ? `The bibliography for ${vscode.workspace.asRelativePath(document.uri, false)}` : 'The bibliography for this workspace folder' },
  );
  if (!file) return false;
  const where = await vscode.window.showQuickPick(
    [
      ...(document ? [{ label: `In ${vscode.workspace.asRelativePath(document.uri, false)}`, description: declarationName(document.languageId), target: 'document' as const }] : []),
      { label: 'In the citelens.bibliographies setting', description: 'every document of the folder', target: 'setting' as const },
    ],
    { title: `Use ${file.label}` },
  );
  if (!where) return false;
  if (where.target === 'setting' || !document) {
    await addToSettings?.([file.uri]);
    return true;
  }
  const params: AddBibliographyParams = { uri: document.uri.toString(), bibliography: file.uri.toString() };
  let reply: AddBibliographyReply;
  try {
    reply = await client.sendRequest(Requests.addBibliography, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not prepare the edit: ${errorText(error)}`);
    return false;
  }
  if (!reply.ok) {
    void vscode.window.showWarningMessage(`Nothing was changed: ${reply.message}`);
    return false;
  }
  const openFile = (uri: string) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  const plan = planBibliographyEdit(reply.edit.documentChanges, document.uri.toString(), (uri) => {
    const d = openFile(uri);
    return d && { uri, version: d.version, isDirty: d.isDirty };
  }, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false));
  if ('refusal' in plan) {
    void vscode.window.showWarningMessage(plan.refusal);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const change of reply.edit.documentChanges) {
    const uri = vscode.Uri.parse(change.textDocument.uri);
    for (const e of change.edits) edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  const ok = await vscode.workspace.applyEdit(edit);
  // A project file the edit opened in the background is saved, so Quarto reads the change; the
  // document itself stays as the writer keeps it.
  if (ok) {
    for (const uri of plan.save) {
      const changed = openFile(uri);
      if (changed?.isDirty) await changed.save();
    }
  }
  if (ok) vscode.window.setStatusBarMessage(`Added ${file.label} to ${reply.where}`, 5000);
  return ok;
}

function declarationName(languageId: string): string {
  if (languageId === 'typst') return '#bibliography(...)';
  if (['latex', 'tex'].includes(languageId)) return '\\addbibresource or \\bibliography in the root file';
  return "bibliography: in the front matter, or in a Quarto project's _quarto.yml";
}
