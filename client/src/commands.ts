// The Citelens commands: insert a citation, act on a sidebar entry, copy references, pick a
// bibliography, restart. Each asks the server for data and only edits, copies or navigates.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  Requests,
  type CitedKeysParams,
  type CitedKeysResult,
  type FormatCitationParams,
  type FormatCitationResult,
  type FormatParams,
  type FormatResult,
  type GroupBy,
  type StylesParams,
  type StylesResult,
  type TreeEntry,
} from '../../server/src/protocol';
import { errorText, type BibliographyTree, type TreeNode } from './bibliographyTree';
import type { EditorTracker } from './editors';
import { insertCitationFromSearch, insertKeys } from './insertCitation';
import { chooseBibliography } from './chooseBibliography';
import { groupByChoices, plural } from './labels';

export interface CommandContext {
  client: LanguageClient;
  tree: BibliographyTree;
  editors: EditorTracker;
  output: vscode.OutputChannel;
  /** Called after the server restarted, so views reload. */
  onRestarted: () => void;
  /** The workspace's state, where Insert Citation remembers the LaTeX command. */
  memory: vscode.Memento;
}

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const { client, tree } = ctx;
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    // A completion row or a quick fix passes the query the writer typed.
    register('citelens.insertCitation', (query?: unknown, replace?: unknown) => insertCitationFromSearch(ctx, typeof query === 'string' ? query : '', replace)),
    register('citelens.copyBibliography', () => copyBibliography(ctx)),
    register('citelens.copyCitation', () => copyCitation(ctx)),
    register('citelens.pickBibliography', () => pickBibliography()),
    register('citelens.chooseBibliography', (uri?: unknown) => chooseBibliography(client, ctx.editors, uri, addToSettings)),
    register('citelens.restartServer', async () => {
      await client.restart();
      ctx.onRestarted();
    }),
    register('citelens.showOutput', () => ctx.output.show(true)),

    register('citelens.tree.refresh', () => tree.refresh()),
    register('citelens.tree.filter', async () => {
      const filter = await vscode.window.showInputBox({
        title: 'Filter the bibliography',
        prompt: 'Matches keys, authors, titles and years, like completion does. Empty clears the filter.',
        value: tree.state.filter ?? '',
      });
      if (filter !== undefined) tree.update({ filter: filter.trim() });
    }),
    register('citelens.tree.clearFilter', () => tree.update({ filter: undefined })),
    register('citelens.tree.groupBy', async (groupBy?: GroupBy) => {
      const value = groupBy ?? (await pickGroupBy(tree.state.groupBy));
      if (value) tree.update({ groupBy: value });
    }),
    register('citelens.tree.showOnlyCited', () => tree.update({ onlyCited: true })),
    register('citelens.tree.showAll', () => tree.update({ onlyCited: false })),

    register('citelens.entry.insert', (target?: EntryTarget) => withEntry(target, (e) => insertKeys(ctx, [e.key], false))),
    register('citelens.entry.copyKey', (target?: EntryTarget) =>
      withEntry(target, async (e) => {
        await vscode.env.clipboard.writeText(e.key);
        vscode.window.setStatusBarMessage(`Copied ${e.key}`, 3000);
      }),
    ),
    register('citelens.entry.copyReference', (target?: EntryTarget) =>
      withEntry(target, async (e) => {
        const result = await formatReferences(client, { keys: [e.key], format: 'text' });
        if (!result) return;
        await vscode.env.clipboard.writeText(result.text);
        vscode.window.setStatusBarMessage(`Copied the reference of ${e.key}`, 3000);
      }),
    ),
    register('citelens.entry.reveal', (target?: EntryTarget) => withEntry(target, (e) => revealEntry(e))),
    register('citelens.entry.findCitations', (target?: EntryTarget) => withEntry(target, (e) => findCitations(e))),
  ];
}

/** Entry commands get the tree node from clicks and menus, or a bare entry from other callers. */
type EntryTarget = TreeNode | TreeEntry;

async function withEntry(target: EntryTarget | undefined, run: (entry: TreeEntry) => unknown): Promise<void> {
  const entry = target && 'kind' in target ? (target.kind === 'entry' ? target.entry : undefined) : target;
  if (!entry) {
    void vscode.window.showInformationMessage('Select an entry in the Citelens Bibliography view first.');
    return;
  }
  await run(entry);
}

async function pickGroupBy(current: GroupBy): Promise<GroupBy | undefined> {
  const items = groupByChoices.map((c) => ({ ...c, picked: c.value === current, label: c.value === current ? `$(check) ${c.label}` : c.label }));
  const choice = await vscode.window.showQuickPick(items, { title: 'Group the bibliography by' });
  return choice?.value;
}

export async function formatReferences(client: LanguageClient, params: FormatParams): Promise<FormatResult | undefined> {
  try {
    return await client.sendRequest(Requests.formatReferences, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not format the references: ${errorText(error)}`);
    return undefined;
  }
}

async function copyBibliography(ctx: CommandContext): Promise<void> {
  const document = ctx.editors.citingDocument();
  if (!document) {
    void vscode.window.showInformationMessage('Open a Markdown, LaTeX or Typst document to copy the bibliography of the works it cites.');
    return;
  }
  const params: CitedKeysParams = { uri: document.uri.toString() };
  let cited: CitedKeysResult;
  try {
    cited = await ctx.client.sendRequest(Requests.citedKeys, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not list the cited keys: ${errorText(error)}`);
    return;
  }
  if (cited.keys.length === 0) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(document.uri)} cites no entries.`);
    return;
  }
  // The server knows the styles and which one the document uses (its csl:, its LaTeX style, or the setting).
  let choices: StylesResult;
  try {
    choices = await ctx.client.sendRequest(Requests.styles, { uri: params.uri } satisfies StylesParams);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not list the styles: ${errorText(error)}`);
    return;
  }
  const choice = await vscode.window.showQuickPick(
    choices.styles.map((s) => ({
      label: s.title,
      description: s.current ? "this document's style" : s.id,
      detail: s.notes?.join(' '),
      id: s.id,
    })),
    { title: `Copy the bibliography of ${plural(cited.keys.length, 'cited work', 'cited works')} in style`, matchOnDescription: true },
  );
  if (!choice) return;
  const result = await formatReferences(ctx.client, { keys: cited.keys, uri: params.uri, style: choice.id, format: 'text' });
  if (!result) return;
  await vscode.env.clipboard.writeText(result.text);
  const missing = result.missing.length > 0 ? ` (${plural(result.missing.length, 'unknown key', 'unknown keys')} left out: ${result.missing.join(', ')})` : '';
  void vscode.window.showInformationMessage(`Copied ${plural(cited.keys.length - result.missing.length, 'reference', 'references')} in ${result.style}${missing}.`);
}

/** Copies the citation under the cursor (all keys of its group) as the document's style writes it in the text. */
async function copyCitation(ctx: CommandContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Put the cursor on a citation in a Markdown or LaTeX document first.');
    return;
  }
  const params: FormatCitationParams = { uri: editor.document.uri.toString(), position: editor.selection.active, format: 'text' };
  let result: FormatCitationResult | null;
  try {
    result = await ctx.client.sendRequest(Requests.formatCitation, params);
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not format the citation: ${errorText(error)}`);
    return;
  }
  if (!result) {
    void vscode.window.showInformationMessage('There is no citation at the cursor.');
    return;
  }
  await vscode.env.clipboard.writeText(result.text);
  const missing = result.missing.length ? ` (unknown, left out: ${result.missing.join(', ')})` : '';
  vscode.window.setStatusBarMessage(`Copied ${result.text} in ${result.style}${missing}`, 5000);
}

/** Opens a file at a zero-based line, selecting `word` on that line when it is there. */
export async function openAt(uri: string, line: number, word?: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const safeLine = Math.min(Math.max(0, line), document.lineCount - 1);
  const text = document.lineAt(safeLine).text;
  const column = word ? text.indexOf(word) : -1;
  const range =
    column >= 0 ? new vscode.Range(safeLine, column, safeLine, column + (word?.length ?? 0)) : new vscode.Range(safeLine, 0, safeLine, 0);
  const editor = await vscode.window.showTextDocument(document, { selection: range, preview: true });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

async function revealEntry(entry: TreeEntry): Promise<void> {
  await openAt(entry.uri, entry.line, entry.key);
}

async function findCitations(entry: TreeEntry): Promise<void> {
  const editor = await openAt(entry.uri, entry.line, entry.key);
  const position = editor.selection.start;
  const locations =
    (await vscode.commands.executeCommand<vscode.Location[] | undefined>('vscode.executeReferenceProvider', editor.document.uri, position)) ?? [];
  // The entry's own definition is where the user already is; list only the citations.
  const citations = locations.filter((l) => !(l.uri.toString() === editor.document.uri.toString() && l.range.start.line === position.line));
  if (citations.length === 0) {
    void vscode.window.showInformationMessage(`No document cites ${entry.key}.`);
    return;
  }
  await vscode.commands.executeCommand('editor.action.showReferences', editor.document.uri, position, citations);
}

const bibliographyFilters = {
  Bibliographies: ['bib', 'json', 'yaml', 'yml', 'ris'],
  BibTeX: ['bib'],
  'CSL JSON/YAML': ['json', 'yaml', 'yml'],
  RIS: ['ris'],
};

/** Lets the user choose bibliography files and records them in `citelens.bibliographies`. */
async function pickBibliography(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const files = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Use as Bibliography',
    filters: bibliographyFilters,
    defaultUri: folders[0]?.uri,
  });
  if (!files || files.length === 0) return;
  await addToSettings(files);
}

/** Records bibliography files in `citelens.bibliographies`, per folder when they are in one. */
export async function addToSettings(files: vscode.Uri[]): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const file of files) {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    // A file inside a folder is stored relative to it, so the setting survives moving the project.
    const value = folder ? vscode.workspace.asRelativePath(file, false) : file.fsPath;
    const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : folders.length > 0 ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    const config = vscode.workspace.getConfiguration('citelens', folder?.uri);
    const inspected = config.inspect<string[]>('bibliographies');
    const current =
      (target === vscode.ConfigurationTarget.WorkspaceFolder
        ? inspected?.workspaceFolderValue
        : target === vscode.ConfigurationTarget.Workspace
          ? inspected?.workspaceValue
          : inspected?.globalValue) ?? [];
    if (!current.includes(value)) await config.update('bibliographies', [...current, value], target);
  }
  void vscode.window.showInformationMessage(`Citelens now reads ${files.map((f) => vscode.workspace.asRelativePath(f, false)).join(', ')}.`);
}
