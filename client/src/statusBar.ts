// The status-bar item showing the index (`$(book) 254 entries`), and the quick pick it opens that
// lists bibliography files and their errors.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type IndexStatus } from '../../server/src/protocol';
import { errorText } from './bibliographyTree';
import { openAt } from './commands';
import { plural, shortPath, statusText } from './labels';

export interface StatusBar extends vscode.Disposable {
  refresh(): void;
  showDetails(): Promise<void>;
}

// While the server is still indexing it has nothing to notify about a slow first read, so the
// item asks again at this pace until the index is ready.
const notReadyPollMs = 1000;

export function createStatusBar(client: LanguageClient): StatusBar {
  const item = vscode.window.createStatusBarItem('citelens.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Citelens';
  item.command = 'citelens.showIndexStatus';
  let status: IndexStatus | undefined;
  let poll: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const render = () => {
    const shown = statusText(status);
    item.text = shown.text;
    // Where the Zotero library was looked for (or what was read from it) rides on the tooltip.
    item.tooltip = status?.zotero ? `${shown.tooltip}\n${status.zotero}` : shown.tooltip;
    item.backgroundColor = shown.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };

  const refresh = () => {
    if (poll) clearTimeout(poll);
    poll = undefined;
    client.sendRequest(Requests.indexStatus).then(
      (answer) => {
        status = answer;
        render();
        if (!answer.ready && !disposed) poll = setTimeout(refresh, notReadyPollMs);
      },
      (error: unknown) => {
        status = undefined;
        item.text = '$(error) Citelens';
        item.tooltip = `Citelens server is not answering: ${errorText(error)}`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        item.show();
      },
    );
  };

  const showDetails = async () => {
    try {
      status = await client.sendRequest(Requests.indexStatus);
      render();
    } catch {
      status = undefined;
    }
    const current = status;
    if (!current) {
      void vscode.commands.executeCommand('citelens.showOutput');
      return;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    type Row = vscode.QuickPickItem & { uri?: string; line?: number };
    const rows: Row[] = [{ label: 'Files', kind: vscode.QuickPickItemKind.Separator }];
    for (const f of current.files) {
      rows.push({
        label: `$(${f.errors > 0 ? 'warning' : 'file'}) ${shortPath(f.uri, folders)}`,
        description: plural(f.entries, 'entry', 'entries') + (f.errors > 0 ? `, ${plural(f.errors, 'error', 'errors')}` : ''),
        uri: f.uri,
        line: 0,
      });
    }
    if (current.errors.length > 0) rows.push({ label: 'Errors', kind: vscode.QuickPickItemKind.Separator });
    for (const e of current.errors) {
      rows.push({ label: `$(error) ${e.message}`, description: `${shortPath(e.uri, folders)}:${e.line + 1}`, uri: e.uri, line: e.line });
    }
    if (current.files.length === 0) rows.push({ label: '$(add) Choose a bibliography file…', description: 'no bibliography found' });
    const choice = await vscode.window.showQuickPick(rows, {
      title: statusText(current).tooltip,
      placeHolder: 'Open a bibliography file or go to an error',
      matchOnDescription: true,
    });
    if (!choice) return;
    if (choice.uri) await openAt(choice.uri, choice.line ?? 0);
    else await vscode.commands.executeCommand('citelens.pickBibliography');
  };

  render();
  return {
    refresh,
    showDetails,
    dispose() {
      disposed = true;
      if (poll) clearTimeout(poll);
      item.dispose();
    },
  };
}
