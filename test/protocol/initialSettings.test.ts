// Settings at start, through the real process over stdio: given every folder's settings in
// `initializationOptions` (as Citelens' VS Code client sends them), the server loads the workspace
// with them while the editor has not yet answered `workspace/configuration`, and still follows
// later changes; without them (Neovim and other editors) it asks and waits for the answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session, type StartOptions } from './lsp';

const bib = '@article{lipton2018mythos, author = {Lipton, Zachary C.}, title = {The Mythos of Model Interpretability}, year = 2018}\n';
const text = 'Cites [@nowhere2020].\n';

let session: Session | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  release?.();
  await session?.close();
  session = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let release: (() => void) | undefined;

/**
 * Two folders with a citation of an unknown key each, and an editor whose answers to
 * `workspace/configuration` are held until `release()`; then it answers with `answers` as they are.
 */
function twoFolders(answers: { a: Record<string, unknown>; b: Record<string, unknown> }): { a: string; b: string; options: StartOptions } {
  const a = writeFiles({ 'refs.bib': bib, 'a.md': text });
  const b = mkdtempSync(join(tmpdir(), 'citelens-proto-b-'));
  cleanup.push(b);
  writeFileSync(join(b, 'b.md'), text);
  writeFileSync(join(b, 'refs.bib'), bib);
  const held = new Promise<void>((r) => (release = r));
  const answer = (scopeUri: string | undefined) => (scopeUri?.startsWith(pathToFileURL(b).href) ? answers.b : answers.a);
  const onRequest = (method: string, params: unknown) =>
    method === 'workspace/configuration' ? held.then(() => ((params as { items: { scopeUri?: string }[] }).items).map((i) => answer(i.scopeUri))) : undefined;
  return { a, b, options: { moreFolders: [b], onRequest, waitReady: false } };
}

const severityOf = (n: string) => ({ diagnostics: { severity: { 'citation.unknown-key': n } } });
type Diagnostics = { code: string; severity: number }[];

async function severities(s: Session, uri: string, wanted?: number): Promise<number[]> {
  const got = await waitFor(() => {
    const d = s.published.get(uri) as Diagnostics | undefined;
    return d && (wanted === undefined || d[0]?.severity === wanted) ? d : undefined;
  }, `diagnostics of ${uri}`);
  return got.map((d) => d.severity);
}

describe('settings at start', () => {
  it('loads with the settings given in initializationOptions, per folder, before the editor answers workspace/configuration, and follows later changes', async () => {
    const { a, b, options } = twoFolders({ a: severityOf('warning'), b: severityOf('hint') });
    session = await start(a, {
      ...options,
      initializationOptions: { settings: {}, folderSettings: { [pathToFileURL(a).href]: {}, [pathToFileURL(b).href]: severityOf('hint') } },
    });
    const s = session;
    const bUri = pathToFileURL(join(b, 'b.md')).href;
    await waitFor(async () => (await s.request<{ ready: boolean }>('citelens/indexStatus', {})).ready, 'the first load, with no configuration answered');
    s.open('a.md', text, 'markdown');
    s.notify('textDocument/didOpen', { textDocument: { uri: bUri, languageId: 'markdown', version: 1, text } });
    expect(await severities(s, s.uri('a.md'))).toEqual([1]);
    expect(await severities(s, bUri)).toEqual([4]);
    // The settings changed since: the editor's answers (the server still asks) win.
    release?.();
    s.notify('workspace/didChangeConfiguration', { settings: null });
    expect(await severities(s, s.uri('a.md'), 2)).toEqual([2]);
    expect(await severities(s, bUri)).toEqual([4]);
  });

  it('without initializationOptions asks for each folder\u2019s settings and waits for the answer', async () => {
    const { a, b, options } = twoFolders({ a: {}, b: severityOf('hint') });
    session = await start(a, options);
    const s = session;
    const asked = await waitFor(() => s.requests.find((r) => r.method === 'workspace/configuration'), 'a configuration request');
    const scopes = (asked.params as { items: { scopeUri?: string }[] }).items.map((i) => i.scopeUri);
    expect(scopes.some((u) => u?.startsWith(pathToFileURL(b).href))).toBe(true);
    expect((await s.request<{ ready: boolean }>('citelens/indexStatus', {})).ready).toBe(false);
    release?.();
    const bUri = pathToFileURL(join(b, 'b.md')).href;
    s.open('a.md', text, 'markdown');
    s.notify('textDocument/didOpen', { textDocument: { uri: bUri, languageId: 'markdown', version: 1, text } });
    expect(await severities(s, s.uri('a.md'))).toEqual([1]);
    expect(await severities(s, bUri)).toEqual([4]);
  });
});
