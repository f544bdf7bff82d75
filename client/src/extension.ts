// VS Code entry point: starts the Citelens language server and wires the sidebar, status bar and
// commands to it. Standard LSP features need no code here; vscode-languageclient provides them.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Notifications, type InitializationOptions } from '../../server/src/protocol';
import { BibliographyTree, viewId, type TreeNode } from './bibliographyTree';
import { registerCommands } from './commands';
import { trackEditors } from './editors';
import { importReferences } from './importReferences';
import { OverviewPanel } from './overview';
import { renameMiddleware } from './rename';
import { reopenSuggestInCitations } from './citationSuggest';
import { traceChannel } from './traceChannel';
import { createStatusBar } from './statusBar';

let client: LanguageClient | undefined;

const manuscriptLanguages = ['markdown', 'quarto', 'rmd', 'latex', 'tex', 'typst'];

/**
 * Documents the server is told about. CSL-JSON/YAML and RIS files are not synced as documents
 * (the server reads them from disk and hears of changes through the file watcher), because a
 * selector on `*.json` would send every JSON file the user opens.
 */
function documentSelector(): LanguageClientOptions['documentSelector'] {
  const schemes = ['file', 'untitled'];
  return [
    ...[...manuscriptLanguages, 'bibtex'].flatMap((language) => schemes.map((scheme) => ({ scheme, language }))),
    // Without a Typst extension installed, `.typ` files may open under another language id.
    { scheme: 'file', pattern: '**/*.{Rmd,rmd,qmd,typ}' },
    { scheme: 'file', pattern: '**/*.bib' },
  ];
}

/**
 * Every folder's `citelens` section, read as the language client answers `workspace/configuration`
 * (so the server sees the same values either way, restricted settings included).
 */
function initializationOptions(): InitializationOptions {
  const section = (scope?: vscode.Uri): unknown => JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, scope).get('citelens') ?? null));
  const folders = vscode.workspace.workspaceFolders ?? [];
  return { settings: section(), folderSettings: Object.fromEntries(folders.map((f) => [f.uri.toString(), section(f.uri)])) };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activatedAt = Date.now();
  const output = vscode.window.createOutputChannel('Citelens', { log: true });
  const trace = traceChannel(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The server compiles its bundle with a V8 code cache kept in the extension's storage (server/src/start.ts).
  const codeCache = `--code-cache=${vscode.Uri.joinPath(context.globalStorageUri, 'code-cache').fsPath}`;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args: [codeCache] },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // The server registers the file watchers it needs (one watcher: VS Code's, through the client),
  // so the client declares none of its own.
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    traceOutputChannel: trace,
    synchronize: { configurationSection: 'citelens' },
    // Read at each start (and restart): the server begins its first load while answering initialize.
    initializationOptions: initializationOptions,
    middleware: renameMiddleware(() => client),
    // Hovers link to these commands only (their text is escaped by the server).
    markdown: { isTrusted: { enabledCommands: ['citelens.chooseBibliography', 'citelens.importReferences', 'citelens.insertCitation'] } },
  };
  client = new LanguageClient('citelens', 'Citelens', serverOptions, clientOptions);
  const languageClient = client;

  const editors = trackEditors();
  // How long a writer waits for a filled sidebar is logged once, at info level (the e2e run reads it).
  const memoryKey = 'citelens.sidebar.topLevel';
  let lastRemembered = '';
  const tree = new BibliographyTree(
    languageClient,
    () => editors.citingDocument()?.uri,
    (groups, remembered, askedAt) =>
      output.info(
        `Sidebar filled ${Date.now() - activatedAt} ms after activation (${groups} groups${remembered ? ', remembered from the last session' : ''}; VS Code asked for it ${askedAt - activatedAt} ms after activation).`,
      ),
    {
      get: () => context.workspaceState.get(memoryKey),
      // Refreshes follow typing; the stored copy is written only when the level changed.
      set: (value) => {
        const text = JSON.stringify(value);
        if (text !== lastRemembered) void context.workspaceState.update(memoryKey, value);
        lastRemembered = text;
      },
    },
  );
  const view = vscode.window.createTreeView<TreeNode>(viewId, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const status = createStatusBar(languageClient);
  const overview = new OverviewPanel(languageClient, editors);
  const reload = () => {
    tree.refresh();
    status.refresh();
    void overview.refresh();
  };

  context.subscriptions.push(
    output,
    trace,
    editors,
    tree,
    view,
    status,
    editors.onDidChange(() => tree.refresh()),
    // Handlers registered before start survive restarts: the client re-attaches them.
    languageClient.onNotification(Notifications.indexChanged, reload),
    // Cited ticks follow typing: the server says when a document's cited keys changed. Ticks
    // count the whole compilation unit, so a chapter's edit also changes main.tex's; the tree's
    // refresh is debounced, so refreshing for any document costs one request per burst.
    languageClient.onNotification(Notifications.citationsChanged, () => {
      if (editors.citingDocument()) tree.refresh();
      void overview.refresh();
    }),
    ...registerCommands({ client: languageClient, tree, editors, output, onRestarted: reload, memory: context.workspaceState }),
    vscode.commands.registerCommand('citelens.importReferences', () => importReferences(languageClient)),
    vscode.commands.registerCommand('citelens.showIndexStatus', () => status.showDetails()),
    overview,
    vscode.commands.registerCommand('citelens.showOverview', () => overview.show()),
    reopenSuggestInCitations(),
  );

  try {
    await languageClient.start();
    output.info(`Language server running ${Date.now() - activatedAt} ms after activation.`);
  } catch (error) {
    output.appendLine(`Citelens server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage('The Citelens language server failed to start.', 'Show Output').then((choice) => {
      if (choice) output.show();
    });
  }
  reload();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
