// The output channel's account of what was read: the server's log messages at info level.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('load log', () => {
  it('names each bibliography read with its entries and errors, and the load time', async () => {
    session = await start(writeFiles({ 'refs.bib': '@misc{a, title = {A}}\n@misc{b, title = {B}\n@misc{c, title = {C}}\n', 'paper.md': '[@a]\n' }));
    const s = session;
    const logs = () => s.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { type: number; message: string }));
    await waitFor(() => logs().find((l) => l.message.includes('Loaded')), 'the load summary');
    const read = await waitFor(() => logs().find((l) => l.message.startsWith('citelens: Read refs.bib')), 'the line for refs.bib');
    expect(read.type).toBe(3);
    expect(read.message).toMatch(/^citelens: Read refs\.bib \(bibtex\): \d entries, 1 error, the first on line \d+: .+\.$/);
  });

  it('reads the workspace once when the editor repeats unchanged settings at start, and again when they change', async () => {
    const folder = writeFiles({ 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': '[@a]\n' });
    const opened = join(mkdtempSync(join(tmpdir(), 'citelens-opens-')), 'opens.txt');
    writeFileSync(opened, '');
    let settings: Record<string, unknown> = {};
    session = await start(folder, {
      waitReady: false,
      onRequest: (method, params) => (method === 'workspace/configuration' ? ((params as { items: unknown[] }).items ?? []).map(() => settings) : undefined),
      nodeArgs: ['--require', join(__dirname, 'probes', 'countOpens.cjs')],
      env: { CITELENS_PROBE_OUT: opened, CITELENS_PROBE_SUFFIX: 'refs.bib' },
    });
    const s = session;
    const reads = () => readFileSync(opened, 'utf8').split('\n').filter(Boolean).length;
    // VS Code sends the settings unasked right after `initialized`, while the first load runs.
    s.notify('workspace/didChangeConfiguration', { settings: { citelens: {} } });
    await s.request('citelens/indexStatus', {});
    await new Promise((r) => setTimeout(r, 300));
    expect(reads()).toBe(1);
    // A real change of the settings reads the workspace again.
    settings = { style: 'ieee' };
    s.notify('workspace/didChangeConfiguration', { settings: { citelens: { style: 'ieee' } } });
    await waitFor(() => reads() === 2, 'the reload after a change of settings');
  });
});
