// "Import References from Selection/Clipboard": the server parses a pasted reference list; the
// client previews the BibTeX, asks where to append it, confirms, and asks the server to append.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type ImportParams, type ImportResult, type IndexStatus } from '../../server/src/protocol';
import { errorText } from './bibliographyTree';
import { plural, shortPath } from './labels';

export async function importReferences(client: LanguageClient): Promise<void> {
  const text = await sourceText();
  if (!text) {
    void vscode.window.showInformationMessage('Select a reference list in the editor, or copy one to the clipboard, then run this command again.');
    return;
  }
  const preview = await request(client, { text });
  if (!preview) return;
  if (preview.keys.length === 0) {
    const reasons = preview.skipped.slice(0, 3).map((s) => s.reason).join('; ');
    const all = preview.skipped.length > 0 && preview.skipped.every((s) => s.duplicate);
    void vscode.window.showWarningMessage(
      all ? `Nothing to import: ${plural(preview.skipped.length, 'reference is', 'references are')} already in the bibliography.` : `No reference could be read from the text${reasons ? `: ${reasons}` : '.'}`,
    );
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'bibtex', content: previewText(preview) });
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Beside });

  const target = await pickTarget(client);
  if (!target) return;
  const where = vscode.workspace.asRelativePath(target, false);
  const confirm = await vscode.window.showInformationMessage(
    `Append ${plural(preview.keys.length, 'entry', 'entries')} to ${where}?${preview.summary ? ` ${preview.summary}` : ''}`,
    { modal: true, detail: [preview.keys.join(', '), ...preview.skipped.map((s) => `Skipped (${s.reason}): ${s.text.slice(0, 80)}`)].join('\n') },
    'Append',
  );
  if (confirm !== 'Append') return;
  const result = await request(client, { text, into: target.toString() });
  if (!result) return;
  const open = await vscode.window.showInformationMessage(
    `Added ${plural(result.keys.length, 'entry', 'entries')} to ${where}.`,
    'Open File',
  );
  if (open) await vscode.window.showTextDocument(target);
}

/** The editor's selection when there is one (the list being pasted is usually in a document), else the clipboard. */
async function sourceText(): Promise<string> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor ? editor.selections.map((s) => editor.document.getText(s)).join('\n').trim() : '';
  if (selected) return selected;
  return (await vscode.env.clipboard.readText()).trim();
}

async function request(client: LanguageClient, params: ImportParams): Promise<ImportResult | undefined> {
  try {
    return await client.sendRequest(Requests.importReferences, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not import the references: ${errorText(error)}`);
    return undefined;
  }
}

/** The preview shows what will be appended, then what was skipped and why, as BibTeX comments. */
function previewText(result: ImportResult): string {
  const skipped = result.skipped.map((s) => `% skipped (${s.reason}): ${s.text.replace(/\s+/g, ' ')}`);
  return [result.bibtex.trimEnd(), ...(skipped.length > 0 ? ['', ...skipped] : [])].join('\n') + '\n';
}

type TargetPick = vscode.QuickPickItem & { uri?: vscode.Uri };

async function pickTarget(client: LanguageClient): Promise<vscode.Uri | undefined> {
  let status: IndexStatus | undefined;
  try {
    status = await client.sendRequest(Requests.indexStatus);
  } catch {
    status = undefined;
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  // Only BibTeX files take appended BibTeX; CSL and RIS files would need another writer.
  const files: TargetPick[] = (status?.files ?? [])
    .filter((f) => f.uri.toLowerCase().endsWith('.bib'))
    .map((f) => ({ label: `$(file) ${shortPath(f.uri, folders)}`, description: plural(f.entries, 'entry', 'entries'), uri: vscode.Uri.parse(f.uri) }));
  const other: TargetPick = { label: '$(new-file) Another file…', description: 'choose or create a .bib file' };
  const choice = await vscode.window.showQuickPick<TargetPick>([...files, other], { title: 'Append the imported entries to' });
  if (!choice) return undefined;
  if (choice.uri) return choice.uri;
  return vscode.window.showSaveDialog({
    filters: { BibTeX: ['bib'] },
    saveLabel: 'Append Here',
    defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'references.bib') : undefined,
  });
}
