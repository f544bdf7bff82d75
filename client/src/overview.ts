// "Citelens: Show Bibliography Overview": a webview that shows what the server's
// `citelens/overview` returns for the citing document, redrawn when the bibliography or the
// document's citations change. The page has no script and a strict CSP (see overviewHtml.ts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type OverviewParams } from '../../server/src/protocol';
import { errorText } from './bibliographyTree';
import type { EditorTracker } from './editors';
import { overviewPage } from './overviewHtml';

export const overviewViewType = 'citelens.overview';

export class OverviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The manuscript the panel was opened for, kept while the writer looks at other files. */
  private document: vscode.Uri | undefined;
  private requestId = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly editors: EditorTracker,
  ) {}

  async show(): Promise<void> {
    this.document = this.editors.citingDocument()?.uri ?? this.document;
    if (this.panel) this.panel.reveal();
    else {
      this.panel = vscode.window.createWebviewPanel(overviewViewType, 'Bibliography Overview', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: false,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    await this.refresh();
  }

  /** Redraws an open panel; a newer redraw started meanwhile wins. */
  async refresh(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const id = ++this.requestId;
    const params: OverviewParams = this.document ? { uri: this.document.toString() } : {};
    try {
      const data = await this.client.sendRequest(Requests.overview, params);
      if (id !== this.requestId || this.panel !== panel) return;
      const name = this.document ? vscode.workspace.asRelativePath(this.document, false) : undefined;
      panel.title = name ? `Overview: ${name.split('/').pop() ?? name}` : 'Bibliography Overview';
      panel.webview.html = overviewPage(data, { document: name, nonce: randomBytes(16).toString('base64') });
    } catch (error) {
      if (id === this.requestId && this.panel === panel) void vscode.window.showErrorMessage(`Citelens could not compute the bibliography overview: ${errorText(error)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
