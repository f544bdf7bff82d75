// The Bibliography sidebar: renders the server's `citelens/themeTree` answer as groups and entries.
// It holds view state (grouping, filter, cited-only) and maps data to tree items; no bibliography logic.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type GroupBy, type ThemeTreeParams, type ThemeTreeResult, type TreeEntry, type TreeGroup } from '../../server/src/protocol';
import { entryRow, entryTooltip, groupDescription, groupLabel, typeIcon, viewDescription } from './labels';

export const viewId = 'citelens.bibliography';

export type TreeNode = { kind: 'group'; group: TreeGroup; path: string } | { kind: 'entry'; entry: TreeEntry; path: string };

/**
 * The top level last shown, kept in the workspace's state: on the next start the sidebar shows it
 * at once, while the language server starts and reads the bibliographies, then replaces it.
 */
export interface TreeMemory {
  get(): { groupBy: GroupBy; level: ThemeTreeResult } | undefined;
  set(value: { groupBy: GroupBy; level: ThemeTreeResult }): void;
}

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
  /** Set once the first filled tree was handed to VS Code, so the startup time is logged once. */
  private filledOnce = false;
  /** When VS Code first asked for the top level (the view became visible). */
  private firstAskedAt: number | undefined;

  constructor(
    private readonly client: LanguageClient,
    /** The document whose citations are marked (the last Markdown/LaTeX editor). */
    private readonly citingDocument: () => vscode.Uri | undefined,
    /** Called once when the first tree with groups in it is handed to VS Code: how many groups, whether remembered, when VS Code first asked (ms since the epoch). */
    private readonly onFirstFill?: (groups: number, remembered: boolean, askedAt: number) => void,
    private readonly memory?: TreeMemory,
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

  /**
   * The tooltip's reference is formatted in the citing document's own CSL style when the pointer
   * rests on an entry: citeproc for one entry is cheap, for every row of a refresh it is not.
   */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'entry') return item;
    const uri = this.citingDocument()?.toString();
    const reference = await this.client
      .sendRequest(Requests.formatReferences, { keys: [node.entry.key], ...(uri ? { uri } : {}), format: 'text' }, token)
      .catch(() => undefined);
    const found = reference && reference.missing.length === 0 && reference.text.trim() !== '' ? reference : undefined;
    item.tooltip = markdown(entryTooltip(node.entry, found));
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node?.kind === 'entry') return [];
    // A group's children are asked for when it is expanded, so a refresh carries only counts.
    if (node) {
      const level = await this.client.sendRequest(Requests.themeTree, { ...this.params(), parent: node.group.id }).catch(() => undefined);
      return level ? children(level, node.path) : [];
    }
    this.firstAskedAt ??= Date.now();
    const remembered = this.filledOnce ? undefined : this.remembered();
    if (remembered) {
      // The server's answer replaces the remembered level as soon as it arrives.
      this.filledOnce = true;
      this.onFirstFill?.(remembered.groups.length, true, this.firstAskedAt);
      void this.fetch().then((fresh) => fresh && this.changed.fire(undefined));
      return children(remembered, this.state.groupBy);
    }
    const result = await this.fetch();
    if (!result) return [];
    if (!this.filledOnce && result.groups.length > 0) {
      this.filledOnce = true;
      this.onFirstFill?.(result.groups.length, false, this.firstAskedAt);
    }
    return children(result, this.state.groupBy);
  }

  /** The remembered top level, when the view shows what it would hold (no filter, not cited-only, same grouping). */
  private remembered(): ThemeTreeResult | undefined {
    const kept = this.memory?.get();
    if (!kept || kept.groupBy !== this.state.groupBy || this.state.filter || this.state.onlyCited) return undefined;
    const level = kept.level;
    return Array.isArray(level?.groups) && level.groups.length > 0 && Array.isArray(level.entries) ? level : undefined;
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
      if (!result.empty && !this.state.filter && !this.state.onlyCited && result.groups.length > 0) this.memory?.set({ groupBy: params.groupBy, level: result });
      // A newer refresh may have started while this one waited; its answer wins.
      if (id === this.requestId) {
        // Not awaited: the rows need not wait for a round trip to the window, which the extension
        // host may be slow to make while it starts; the welcome view it governs shows only when empty.
        void vscode.commands.executeCommand('setContext', 'citelens.noBibliography', result.empty && !indexing);
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
    if (this.view) this.view.description = viewDescription(this.state.groupBy, this.state.onlyCited) || undefined;
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
  item.description = groupDescription(node.group) || undefined;
  item.accessibilityInformation = { label: `${node.group.label}, ${node.group.count} entries${node.group.cited ? `, ${node.group.cited} cited` : ''}` };
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
  const row = entryRow(entry);
  const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
  // The same entry can sit under several themes, so the id is its path, not its key.
  item.id = node.path;
  item.description = row.description;
  // Until resolveTreeItem formats it in the document's style, the tooltip is left unset: VS Code
  // asks for it only when the pointer rests on the row.
  // The icon says what kind of work it is; green when the manuscript cites it.
  item.iconPath = new vscode.ThemeIcon(typeIcon(entry.type), entry.cited ? new vscode.ThemeColor('charts.green') : undefined);
  item.contextValue = entry.cited ? 'citelens.entry.cited' : 'citelens.entry';
  item.command = { command: 'citelens.entry.insert', title: 'Insert Citation', arguments: [node] };
  item.accessibilityInformation = { label: `${entry.key}, ${entry.type}, ${entry.label}${entry.cited ? ', cited' : ''}` };
  return item;
}

function markdown(value: string): vscode.MarkdownString {
  const text = new vscode.MarkdownString(value);
  // Bibliography text is user data, escaped by entryTooltip: never let it run commands or render raw HTML.
  text.isTrusted = false;
  text.supportHtml = false;
  text.supportThemeIcons = false;
  return text;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
