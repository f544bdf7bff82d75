// Checks Citelens through the VS Code API inside desktop VS Code (no mocha): completion, hover,
// unknown-key diagnostics and the sidebar command, on the sample workspace that runTest.ts opens.
import * as vscode from 'vscode';

type Check = [name: string, run: () => Promise<void>];

const waitLimitMs = 30_000;

/** Polls until `probe` returns a value that is not undefined, or fails after the wait limit. */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function openSample(name: string): Promise<vscode.TextEditor> {
  const [file] = await vscode.workspace.findFiles(name, undefined, 1);
  assert(file, `${name} is not in the workspace`);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}

async function bibKeys(): Promise<string[]> {
  const keys: string[] = [];
  for (const uri of await vscode.workspace.findFiles('*.bib')) {
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    for (const m of text.matchAll(/^@(?!comment|string|preamble)\w+\s*\{\s*([^,\s]+)\s*,/gim)) keys.push(m[1] ?? '');
  }
  return keys.filter((k) => k.length >= 6);
}

async function appendLine(editor: vscode.TextEditor, text: string): Promise<vscode.Position> {
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  await editor.edit((edit) => edit.insert(end, `\n${text}`));
  const last = editor.document.lineAt(editor.document.lineCount - 1);
  return last.range.end;
}

async function completionLabels(uri: vscode.Uri, at: vscode.Position, trigger: string): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at, trigger);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

const checks: Check[] = [
  ['the extension activates', async () => {
    const extension = vscode.extensions.getExtension('citelens.citelens');
    assert(extension, 'citelens.citelens is not installed');
    await extension.activate();
    assert(extension.isActive, 'citelens.citelens did not activate');
  }],
  ['\\cite{ completes keys in LaTeX', async () => {
    const [key] = await bibKeys();
    assert(key, 'the sample bibliography has no key');
    const editor = await openSample('**/review.tex');
    const at = await appendLine(editor, `\\cite{${key.slice(0, 5)}`);
    await until(`completion of ${key}`, async () => ((await completionLabels(editor.document.uri, at, '{')).includes(key) ? true : undefined));
  }],
  ['[@ completes keys in Markdown', async () => {
    const [key] = await bibKeys();
    assert(key, 'the sample bibliography has no key');
    const editor = await openSample('**/review.md');
    const at = await appendLine(editor, `See [@${key.slice(0, 5)}`);
    await until(`completion of ${key}`, async () => ((await completionLabels(editor.document.uri, at, '@')).includes(key) ? true : undefined));
  }],
  ['hover on a cited key shows its reference', async () => {
    const keys = await bibKeys();
    const editor = await openSample('**/review.md');
    const text = editor.document.getText();
    const key = keys.find((k) => text.includes(`@${k}`));
    assert(key, 'review.md cites no key of the sample bibliography');
    const at = editor.document.positionAt(text.indexOf(`@${key}`) + 2);
    const hovers = await until('a hover', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      return found.length > 0 ? found : undefined;
    });
    const shown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert(/\b(1[89]|20)\d\d\b/.test(shown), `hover shows no year: ${shown}`);
  }],
  ['an unknown key is reported as citation.unknown-key', async () => {
    const editor = await openSample('**/review.md');
    await appendLine(editor, 'Unknown [@nosuchkey2099]');
    await until('the unknown-key diagnostic', async () => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).find((d) => {
        const code = typeof d.code === 'object' ? d.code.value : d.code;
        return code === 'citation.unknown-key' && d.message.includes('nosuchkey2099');
      });
      return found;
    });
  }],
  ['the sidebar insert command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert(commands.includes('citelens.entry.insert'), 'citelens.entry.insert is missing');
  }],
];

/** Entry point called by @vscode/test-electron; a rejected promise fails the run. */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`  ok   ${name}`);
    } catch (error) {
      failures.push(name);
      console.log(`  FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${checks.length - failures.length} passed, ${failures.length} failed`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
}
