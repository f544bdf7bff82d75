// The output channel's account of what was read: the server's log messages at info level.
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
});
