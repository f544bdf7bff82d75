// A fuzzed LSP conversation: the real server process is fed seeded random and malformed JSON-RPC
// (wrong types, out-of-range positions, unknown methods, edits of unopened documents,
// cancellations, broken frames) for a bounded number of messages. It must never exit, and must
// answer a normal completion afterwards. Seeds that once broke the server stay in `seeds`.
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the benchmarks, shared for its seeded generator.
import { random } from '../../bench/generate.mjs';
import { start, writeFiles, type Session } from './lsp';

const bib = `@article{lundberg2017unified, author = {Lundberg, Scott M.}, title = {A Unified Approach}, year = 2017}
@article{gebru2021datasheets, author = {Gebru, Timnit and others}, title = {Datasheets for Datasets}, year = 2021}
`;
const markdown = '---\nbibliography: refs.bib\n---\nSee [@gebru2021datasheets] and [@lund\n';
const latex = '\\documentclass{article}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\cite{lundberg2017unified}\n\\end{document}\n';

/** Seeds of conversations to replay; add one here whenever a run finds a crash or a hang. */
const seeds = [1, 7, 42, 2024, 31337];
// `CITELENS_FUZZ_SEEDS=200 npx vitest run test/protocol/fuzz.test.ts` explores more seeds locally.
for (let i = 0; i < Number(process.env.CITELENS_FUZZ_SEEDS ?? 0); i++) seeds.push(100_000 + i);
const messagesPerSeed = 250;

const requests = [
  'textDocument/completion',
  'completionItem/resolve',
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/documentHighlight',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/documentLink',
  'textDocument/documentSymbol',
  'textDocument/codeAction',
  'textDocument/diagnostic',
  'citelens/themeTree',
  'citelens/indexStatus',
  'citelens/formatReferences',
  'citelens/citedKeys',
  'citelens/search',
  'citelens/importReferences',
  'workspace/symbol',
  'no/such/method',
];
const notifications = ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'workspace/didChangeWatchedFiles', 'workspace/didChangeConfiguration', '$/cancelRequest', 'no/such/notification'];

function conversation(s: Session, seed: number): { send: () => Promise<void> } {
  const next = random(seed) as () => number;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const uris = [s.uri('paper.md'), s.uri('paper.tex'), s.uri('refs.bib'), s.uri('nope.md'), 'untitled:x', '', 'not a uri', 'file:///etc/passwd'];
  const number = () => pick([0, 1, 3, -1, 2.5, 1e9, Number.MAX_SAFE_INTEGER, NaN]);
  const junk = (depth = 0): unknown => {
    const kind = Math.floor(next() * (depth > 2 ? 6 : 9));
    if (kind === 0) return null;
    if (kind === 1) return number();
    if (kind === 2) return pick(['', 'x', '3', '@', '\u0000', '\\cite{', 'é'.repeat(50)]);
    if (kind === 3) return next() < 0.5;
    if (kind === 4) return undefined;
    if (kind === 5) return pick(uris);
    if (kind === 6) return Array.from({ length: Math.floor(next() * 3) }, () => junk(depth + 1));
    return { line: junk(depth + 1), character: junk(depth + 1), uri: junk(depth + 1), textDocument: junk(depth + 1) };
  };
  const position = () => (next() < 0.6 ? { line: Math.floor(next() * 6), character: Math.floor(next() * 40) } : junk());
  const params = (): unknown => {
    const r = next();
    if (r < 0.15) return junk();
    return {
      textDocument: next() < 0.85 ? { uri: pick(uris), version: number() } : junk(),
      position: position(),
      newName: next() < 0.5 ? 'fresh2024' : junk(),
      range: next() < 0.5 ? { start: position(), end: position() } : junk(),
      context: next() < 0.5 ? { includeDeclaration: true, diagnostics: [] } : junk(),
      keys: next() < 0.5 ? ['gebru2021datasheets'] : junk(),
      query: next() < 0.5 ? 'geb' : junk(),
      format: pick(['text', 'html', 3, null]),
      groupBy: pick(['theme', 'year', 'type', 'file', 'nonsense', null]),
      parent: junk(),
      uri: pick(uris),
      text: next() < 0.5 ? markdown : junk(),
      into: next() < 0.1 ? s.uri('nope.bib') : undefined,
      contentChanges: next() < 0.5 ? [{ text: 'See [@geb' }] : [{ range: { start: position(), end: position() }, text: junk() }],
      changes: next() < 0.5 ? [{ uri: pick(uris), type: pick([1, 2, 3, 9]) }] : junk(),
      settings: junk(),
      id: Math.floor(next() * 50),
      languageId: pick(['markdown', 'latex', 'bibtex', 'rust', null]),
      version: number(),
      data: junk(),
    };
  };
  return {
    async send() {
      const r = next();
      if (r < 0.05) {
        // A frame whose body is not JSON, or not JSON-RPC: the reader must drop it and go on.
        s.raw(pick(['{"jsonrpc":"2.0","id":', '[1,2,3]', '"just a string"', '{"jsonrpc":"2.0","method":5}', '\u0000\u0001']));
        return;
      }
      if (r < 0.45) {
        s.notify(pick(notifications), params());
        return;
      }
      // Requests may fail with an error: that is the point; they must not go unanswered for long.
      await Promise.race([s.request(pick(requests), params()).catch(() => undefined), new Promise((res) => setTimeout(res, 5000))]);
    },
  };
}

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('fuzzed LSP conversation', () => {
  for (const seed of seeds) {
    it(`survives seed ${seed} and answers a normal completion afterwards`, async () => {
      session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': markdown, 'paper.tex': latex }));
      const s = session;
      s.open('paper.md', markdown, 'markdown');
      const talk = conversation(s, seed);
      let exited: number | null | 'alive' = 'alive';
      void s.exited.then((code) => (exited = code));
      for (let i = 0; i < messagesPerSeed && exited === 'alive'; i++) await talk.send();
      expect(exited).toBe('alive');
      // The editor's own view of paper.md may have been changed by the fuzz: open it afresh.
      s.notify('textDocument/didClose', { textDocument: { uri: s.uri('fresh.md') } });
      s.notify('textDocument/didOpen', { textDocument: { uri: s.uri('fresh.md'), languageId: 'markdown', version: 1, text: markdown } });
      const list = await Promise.race([
        s.request<{ items: { label: string }[] } | null>('textDocument/completion', { textDocument: { uri: s.uri('fresh.md') }, position: { line: 3, character: 37 } }),
        new Promise<null>((res) => setTimeout(() => res(null), 10_000)),
      ]);
      expect(list?.items.map((i) => i.label)).toContain('lundberg2017unified');
    }, 120_000);
  }
});
