// The Bibliography sidebar: renders the server's `citelens/themeTree` answer as groups and entries.
// It holds view state (grouping, filter, cited-only) and maps data to tree items; no bibliography logic.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type GroupBy, type ThemeTreeParams, type ThemeTreeResult, type TreeEntry, type TreeGroup } from '../../server/src/protocol';
import { groupLabel, viewDescription } from './labels';

export const viewId = 'citelens.bibliography';

export type TreeNode = { kind: 'group'; group: TreeGroup; path: string } | { kind: 'entry'; entry: TreeEntry; path: string };

export interface TreeState {
  groupBy: GroupBy;
  filter: string | undefined;
  onlyCited: boolean;
}

// Editors switch in bursts (quick open, split, peek), and the server also notifies after each
// keystroke that changes a citation; one request per burst is enough.
const refreshDelayMs = 150;
// The server notifies when its first scan ends; this retry only covers a notification lost to a restart.
const indexingRetryMs = 1000;

export class BibliographyTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly state: TreeState = { groupBy: 'theme', filter: undefined, onlyCited: false };
  private view: vscode.TreeView<TreeNode> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private requestId = 0;

  constructor(
    private readonly client: LanguageClient,
    /** The document whose citations are marked (the last Markdown/LaTeX editor). */
    private readonly citingDocument: () => vscode.Uri | undefined,
  ) {}

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    void this.updateContext();
  }

  /** Re-renders soon; calls within the debounce window collapse into one server request. */
  refresh(delayMs = refreshDelayMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire(undefined);
    }, delayMs);
  }

  update(change: Partial<TreeState>): void {
    Object.assign(this.state, change);
    if (this.state.filter === '') this.state.filter = undefined;
    void this.updateContext();
    this.refresh();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.kind === 'group' ? groupItem(node, this.state) : entryItem(node);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node?.kind === 'entry') return [];
    // A group's children are asked for when it is expanded, so a refresh carries only counts.
    if (node) {
      const level = await this.client.sendRequest(Requests.themeTree, { ...this.params(), parent: node.group.id }).catch(() => undefined);
      return level ? children(level, node.path) : [];
    }
    const result = await this.fetch();
    if (!result) return [];
    return children(result, this.state.groupBy);
  }

  private params(): ThemeTreeParams {
    return {
      uri: this.citingDocument()?.toString(),
      groupBy: this.state.groupBy,
      filter: this.state.filter,
      onlyCited: this.state.onlyCited,
    };
  }

  private async fetch(): Promise<ThemeTreeResult | undefined> {
    const id = ++this.requestId;
    const params = this.params();
    try {
      const result = await this.client.sendRequest(Requests.themeTree, params);
      // "Empty" during the first scan only means "not read yet": say so instead of the welcome view.
      const indexing = result.empty && !(await this.client.sendRequest(Requests.indexStatus)).ready;
      // A newer refresh may have started while this one waited; its answer wins.
      if (id === this.requestId) {
        await vscode.commands.executeCommand('setContext', 'citelens.noBibliography', result.empty && !indexing);
        this.setMessage(result, indexing);
        if (indexing) this.refresh(indexingRetryMs);
      }
      return result;
    } catch (error) {
      if (id === this.requestId) {
        await vscode.commands.executeCommand('setContext', 'citelens.noBibliography', false);
        if (this.view) this.view.message = `The Citelens server is not answering (${errorText(error)}). See Citelens: Show Output.`;
      }
      return undefined;
    }
  }

  private setMessage(result: ThemeTreeResult, indexing: boolean): void {
    if (!this.view) return;
    if (indexing) {
      this.view.message = 'Indexing bibliographies…';
      return;
    }
    const nothing = !result.empty && result.groups.every((g) => g.count === 0);
    if (nothing && this.state.filter) this.view.message = `No entries match “${this.state.filter}”.`;
    else if (nothing && this.state.onlyCited) this.view.message = 'The active document cites no entries yet.';
    // The view's description is cut off in a narrow sidebar; a filter must stay visible.
    else if (this.state.filter) this.view.message = `Entries matching “${this.state.filter}”`;
    else this.view.message = undefined;
  }

  private async updateContext(): Promise<void> {
    if (this.view) this.view.description = viewDescription(this.state.groupBy, this.state.filter, this.state.onlyCited) || undefined;
    await vscode.commands.executeCommand('setContext', 'citelens.filtered', this.state.filter !== undefined);
    await vscode.commands.executeCommand('setContext', 'citelens.onlyCited', this.state.onlyCited);
    await vscode.commands.executeCommand('setContext', 'citelens.groupBy', this.state.groupBy);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function children(group: ThemeTreeResult, path: string): TreeNode[] {
  return [
    ...group.groups.map((g): TreeNode => ({ kind: 'group', group: g, path: `${path}/${g.id}` })),
    ...group.entries.map((e): TreeNode => ({ kind: 'entry', entry: e, path: `${path}/${e.key}` })),
  ];
}

function groupItem(node: Extract<TreeNode, { kind: 'group' }>, state: TreeState): vscode.TreeItem {
  // Filtered results are few and wanted at once, so they open expanded; the id includes whether a
  // filter is on because VS Code otherwise keeps the user's earlier collapsed state for the id.
  const expanded = state.filter !== undefined || state.onlyCited;
  const item = new vscode.TreeItem(
    groupLabel(node.group),
    expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `${expanded ? 'open' : 'closed'}:${node.path}`;
  item.contextValue = 'citelens.group';
  item.iconPath = new vscode.ThemeIcon(groupIcon(state.groupBy));
  item.accessibilityInformation = { label: `${node.group.label}, ${node.group.count} entries` };
  return item;
}

function groupIcon(groupBy: GroupBy): string {
  if (groupBy === 'year') return 'calendar';
  if (groupBy === 'file') return 'file';
  if (groupBy === 'type') return 'symbol-class';
  if (groupBy === 'zotero') return 'library';
  return 'tag';
}

function entryItem(node: Extract<TreeNode, { kind: 'entry' }>): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
  // The same entry can sit under several themes, so the id is its path, not its key.
  item.id = node.path;
  item.description = entry.key;
  const tooltip = new vscode.MarkdownString(entry.tooltip);
  // Bibliography text is user data: never let it run commands or render raw HTML.
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  item.tooltip = tooltip;
  item.iconPath = entry.cited
    ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'))
    : new vscode.ThemeIcon('circle-outline');
  item.contextValue = entry.cited ? 'citelens.entry.cited' : 'citelens.entry';
  item.command = { command: 'citelens.entry.insert', title: 'Insert Citation', arguments: [node] };
  item.accessibilityInformation = { label: `${entry.label}, ${entry.key}${entry.cited ? ', cited' : ''}` };
  return item;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
