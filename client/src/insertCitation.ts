// Insert Citation…: a search picker that cites several works at once, then a confirmation step
// that previews the exact text (asked from the server, which owns the citation grammar) and lets
// the writer add a prefix and a locator and, in LaTeX, choose the command. The chosen command is
// remembered per workspace and citation package.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type InsertCitationParams, type InsertCitationReply, type SearchParams } from '../../server/src/protocol';
import { errorText } from './bibliographyTree';
import type { EditorTracker } from './editors';
import { planInsertions } from './insertPlan';
import { searchRow } from './labels';

export interface InsertContext {
  client: LanguageClient;
  editors: EditorTracker;
  output: vscode.OutputChannel;
  /** Where the LaTeX command last chosen is remembered (the workspace's state). */
  memory: vscode.Memento;
}

type Ok = Extract<InsertCitationReply, { ok: true }>;

/** Options of one insertion: what the confirmation step edits. */
export interface InsertOptions {
  prefix?: string;
  locator?: string;
  command?: string;
}

const memoryKey = (pkg: string | undefined) => `citelens.latexCommand.${pkg ?? 'none'}`;

/** Asks the server for the text that cites `keys` at `position` of `document`. */
async function ask(ctx: InsertContext, document: vscode.TextDocument, position: vscode.Position, keys: string[], options: InsertOptions): Promise<InsertCitationReply> {
  const params: InsertCitationParams = {
    uri: document.uri.toString(),
    position: { line: position.line, character: position.character },
    keys,
    ...options,
  };
  return ctx.client.sendRequest(Requests.insertCitation, params);
}

/** The remembered command for the document's package, when the server offers it. */
function remembered(ctx: InsertContext, document: vscode.TextDocument, reply: Ok): string | undefined {
  const saved = ctx.memory.get<string>(memoryKey(reply.package));
  const configured = vscode.workspace.getConfiguration('citelens', document.uri).inspect<string>('latexCiteCommand');
  const explicit = configured?.workspaceFolderValue ?? configured?.workspaceValue ?? configured?.globalValue;
  // The setting is the writer's explicit choice; the server accepts any citation command there.
  return [saved, explicit?.replace(/^\\+/, '')].find((c) => c !== undefined && (reply.commands.includes(c) || c === explicit?.replace(/^\\+/, '')));
}

/**
 * Cites `keys` at every cursor of the citing editor with the server's text, applied only to the
 * document version the server computed it for. `anyLanguage` allows the palette command to
 * insert into other files; a sidebar click never edits a .bib by accident.
 */
export async function insertKeys(ctx: InsertContext, keys: string[], anyLanguage: boolean, options: InsertOptions = {}): Promise<boolean> {
  const active = vscode.window.activeTextEditor;
  const editor = (await ctx.editors.citingEditor()) ?? (anyLanguage ? active : undefined);
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Markdown, LaTeX or Typst document to insert a citation.');
    return false;
  }
  const document = editor.document;
  const positions = uniquePositions(editor.selections.map((s) => s.active));
  let replies: InsertCitationReply[];
  try {
    replies = await Promise.all(positions.map(async (p) => {
      const first = await ask(ctx, document, p, keys, options);
      // The remembered LaTeX command, when the caller did not choose one.
      const command = first.ok && !options.command ? remembered(ctx, document, first) : undefined;
      return command && first.ok && command !== first.command ? ask(ctx, document, p, keys, { ...options, command }) : first;
    }));
  } catch (error) {
    void vscode.window.showErrorMessage(`Citelens could not prepare the citation: ${errorText(error)}`);
    return false;
  }
  const refusal = replies.find((r): r is Extract<InsertCitationReply, { ok: false }> => !r.ok);
  if (refusal) {
    void vscode.window.showWarningMessage(`Nothing was inserted: ${refusal.message}`);
    return false;
  }
  const plan = planInsertions(replies as Ok[], document.version, (p) => document.offsetAt(new vscode.Position(p.line, p.character)));
  if ('refusal' in plan) {
    void vscode.window.showWarningMessage(plan.refusal);
    return false;
  }
  const ok = await editor.edit((edit) => {
    for (const { reply } of plan.placed) edit.replace(toRange(reply.range), reply.text);
  });
  if (!ok) return false;
  const carets = plan.placed.map((p) => document.positionAt(p.caret));
  editor.selections = carets.map((p) => new vscode.Selection(p, p));
  await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preserveFocus: false });
  return true;
}

function toRange(r: Ok['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function uniquePositions(list: readonly vscode.Position[]): vscode.Position[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const id = `${p.line}:${p.character}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

// Fast typists would otherwise send a search per keystroke; the server answers in milliseconds,
// so a short pause is enough.
const searchDelayMs = 80;

type SearchPick = vscode.QuickPickItem & { key: string };

/**
 * The picker: search (starting from `query`, e.g. what the writer typed in a citation), check any
 * number of works, then confirm the previewed text.
 */
export async function insertCitationFromSearch(ctx: InsertContext, query = '', replace?: unknown): Promise<void> {
  const document = ctx.editors.citingDocument() ?? vscode.window.activeTextEditor?.document;
  const keys = await pickKeys(ctx, document?.uri.toString(), query);
  if (!keys || keys.length === 0) return;
  const target = replaceTarget(replace);
  if (target) {
    await replaceKey(ctx, target, query, keys);
    return;
  }
  const editor = (await ctx.editors.citingEditor()) ?? vscode.window.activeTextEditor;
  if (!editor) {
    await insertKeys(ctx, keys, true);
    return;
  }
  const options = await confirm(ctx, editor, keys);
  if (!options) return;
  if (options.command) {
    const first = await ask(ctx, editor.document, editor.selection.active, keys, {});
    if (first.ok) await ctx.memory.update(memoryKey(first.package), options.command);
  }
  await insertKeys(ctx, keys, true, options);
}

/** The `{ uri, range }` a quick fix passes: the unknown key the picked work replaces. */
function replaceTarget(value: unknown): { uri: vscode.Uri; range: vscode.Range } | undefined {
  const v = value as { uri?: unknown; range?: { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } } | undefined;
  const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined);
  const [a, b, c, d] = [n(v?.range?.start?.line), n(v?.range?.start?.character), n(v?.range?.end?.line), n(v?.range?.end?.character)];
  if (typeof v?.uri !== 'string' || a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  return { uri: vscode.Uri.parse(v.uri), range: new vscode.Range(a, b, c, d) };
}

/**
 * Replaces the unknown key `old` by the first picked work, and cites any others beside it. The
 * key must still be there as it was when the fix was offered; otherwise nothing is touched.
 */
async function replaceKey(ctx: InsertContext, target: { uri: vscode.Uri; range: vscode.Range }, old: string, keys: string[]): Promise<boolean> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
  if (!document || document.getText(target.range) !== old) {
    void vscode.window.showWarningMessage(`Nothing was replaced: '${old}' is no longer where the quick fix found it.`);
    return false;
  }
  const editor = await vscode.window.showTextDocument(document);
  const [first, ...rest] = keys as [string, ...string[]];
  if (!(await editor.edit((e) => e.replace(target.range, first)))) return false;
  const end = document.positionAt(document.offsetAt(target.range.start) + first.length);
  editor.selection = new vscode.Selection(end, end);
  return rest.length ? insertKeys(ctx, rest, false) : true;
}

/** The search step: several works may be checked; Enter on an unchecked row takes that one. */
function pickKeys(ctx: InsertContext, uri: string | undefined, query: string): Promise<string[] | undefined> {
  const pick = vscode.window.createQuickPick<SearchPick>();
  pick.title = 'Insert Citation';
  pick.placeholder = 'Search by key, author, title or year; check several works with Space or the checkboxes';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.value = query;
  // Checked works survive new searches: the rows change, the choice does not.
  const chosen: string[] = [];
  let rows: SearchPick[] = [];
  let tokenSource: vscode.CancellationTokenSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let updating = false;
  const showChosen = () => {
    pick.title = chosen.length ? `Insert Citation: ${chosen.join(', ')}` : 'Insert Citation';
  };
  const search = (value: string) => {
    tokenSource?.cancel();
    const source = new vscode.CancellationTokenSource();
    tokenSource = source;
    pick.busy = true;
    const params: SearchParams = { query: value, ...(uri ? { uri } : {}), limit: 50 };
    ctx.client.sendRequest(Requests.search, params, source.token).then(
      (items) => {
        if (source.token.isCancellationRequested) return;
        // Checked works stay listed first, so they can be unchecked.
        const keys = new Set(items.map((i) => i.key));
        const kept = rows.filter((r) => chosen.includes(r.key) && !keys.has(r.key));
        // The server ranks fuzzily; `alwaysShow` keeps VS Code's own literal filter from hiding hits.
        rows = [...kept, ...items.map((item) => ({ ...searchRow(item), key: item.key, alwaysShow: true }))];
        updating = true;
        pick.items = rows;
        pick.selectedItems = rows.filter((r) => chosen.includes(r.key));
        updating = false;
        pick.busy = false;
      },
      (error: unknown) => {
        if (source.token.isCancellationRequested) return;
        pick.busy = false;
        ctx.output.appendLine(`search failed: ${errorText(error)}`);
      },
    );
  };
  return new Promise<string[] | undefined>((resolve) => {
    pick.onDidChangeValue((value) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => search(value), searchDelayMs);
    });
    pick.onDidChangeSelection((selected) => {
      if (updating) return;
      const visible = new Set(rows.map((r) => r.key));
      const now = new Set(selected.map((s) => s.key));
      for (let i = chosen.length - 1; i >= 0; i--) if (visible.has(chosen[i] as string) && !now.has(chosen[i] as string)) chosen.splice(i, 1);
      for (const s of selected) if (!chosen.includes(s.key)) chosen.push(s.key);
      showChosen();
    });
    pick.onDidAccept(() => {
      // Nothing checked: the highlighted row, else the top one (a multi-select list has no
      // highlight until the arrow keys move into it).
      const active = pick.activeItems[0]?.key ?? rows[0]?.key;
      resolve(chosen.length ? [...chosen] : active ? [active] : undefined);
      pick.hide();
    });
    pick.onDidHide(() => {
      if (timer) clearTimeout(timer);
      tokenSource?.cancel();
      resolve(undefined);
      pick.dispose();
    });
    search(query);
    pick.show();
  });
}

type ConfirmPick = vscode.QuickPickItem & { action: 'insert' | 'prefix' | 'locator'; command?: string };

/**
 * The confirmation step: one row per way to write the citation, each labelled with the exact text
 * the server will insert, plus rows that add a prefix or a locator and preview again.
 */
async function confirm(ctx: InsertContext, editor: vscode.TextEditor, keys: string[]): Promise<InsertOptions | undefined> {
  const options: InsertOptions = {};
  const document = editor.document;
  const position = editor.selection.active;
  for (;;) {
    let first: InsertCitationReply;
    try {
      first = await ask(ctx, document, position, keys, options);
    } catch (error) {
      void vscode.window.showErrorMessage(`Citelens could not prepare the citation: ${errorText(error)}`);
      return undefined;
    }
    const rows: ConfirmPick[] = [];
    if (!first.ok) {
      rows.push({ label: `$(warning) ${first.message}`, action: 'prefix', alwaysShow: true });
    } else {
      const saved = options.command ?? remembered(ctx, document, first);
      const best = saved ?? first.command;
      const commands = first.commands.length ? [...first.commands].sort((a, b) => Number(b === best) - Number(a === best)) : [undefined];
      for (const command of commands) {
        const reply = command === first.command ? first : await ask(ctx, document, position, keys, { ...options, ...(command ? { command } : {}) });
        if (!reply.ok) continue;
        rows.push({
          label: reply.text.trim(),
          description: command ? `\\${command}${first.package ? ` · ${first.package}` : ''}${command === saved ? ' · last used' : ''}` : 'insert',
          detail: previewDetail(document, reply),
          action: 'insert',
          ...(command ? { command } : {}),
        });
      }
    }
    rows.push({ label: '$(edit) Prefix…', description: options.prefix ? `“${options.prefix}”` : 'e.g. see, cf.', action: 'prefix' });
    rows.push({ label: '$(edit) Locator…', description: options.locator ? `“${options.locator}”` : 'e.g. p. 3, chap. 2', action: 'locator' });
    const choice = await vscode.window.showQuickPick(rows, { title: `Insert Citation: ${keys.join(', ')}`, placeHolder: 'Enter inserts the first text; the others are other ways to write it' });
    if (!choice) return undefined;
    if (choice.action === 'insert') return { ...options, ...(choice.command ? { command: choice.command } : {}) };
    const value = await vscode.window.showInputBox({
      title: choice.action === 'prefix' ? 'Citation prefix' : 'Citation locator',
      prompt: choice.action === 'prefix' ? 'Text before the first work, e.g. “see”. Empty for none.' : 'Where in the (last) work, e.g. “p. 3” or “chap. 2”. Empty for none.',
      value: options[choice.action] ?? '',
    });
    if (value !== undefined) options[choice.action] = value.trim() || undefined;
  }
}

/** Where the text goes: into the citation at the cursor, or as a new one. */
function previewDetail(document: vscode.TextDocument, reply: Ok): string {
  const line = document.lineAt(reply.range.start.line).text;
  const at = reply.range.start.character;
  const before = line.slice(Math.max(0, at - 30), at);
  const after = line.slice(reply.range.end.character, reply.range.end.character + 30);
  return `${before}⟨${reply.text}⟩${after}`;
}
