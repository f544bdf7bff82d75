// The architecture's boundaries are enforced by ESLint (eslint.config.mjs); this test runs it over
// the tree, and shows on planted files that the rule catches what the README's invariants forbid.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('architecture lint', () => {
  it('the whole tree passes', async () => {
    const results = await eslint.lintFiles(['server/src', 'client/src']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  }, 60_000);

  it('refuses Node built-ins in the core, with or without node:, and through require()', async () => {
    const found = await problems('server/src/core/syntax/planted.ts', "import { readFile } from 'fs/promises';\nimport 'node:os';\nconst p = require('path');\nexport { readFile, p };\n");
    expect(found).toHaveLength(3);
    expect(found.every((m) => m.includes('Node built-in'))).toBe(true);
  });

  it('refuses relative paths out of the core and editor packages', async () => {
    const found = await problems('server/src/core/features/planted.ts', "import '../../host';\nimport '../../lsp/convert';\nimport 'vscode-languageserver';\nimport 'vscode';\n");
    expect(found).toHaveLength(4);
  });

  it('lets layers import downwards only', async () => {
    expect(await problems('server/src/core/syntax/planted.ts', "import '../analysis/scope';\n")).toHaveLength(1);
    expect(await problems('server/src/core/model/planted.ts', "import '../syntax/bib/read';\n")).toHaveLength(1);
    expect(await problems('server/src/core/features/planted.ts', "import '../analysis/scope';\nimport '../model/workspace';\n")).toEqual([]);
  });

  it('keeps the client on the protocol', async () => {
    expect(await problems('client/src/planted.ts', "import '../../server/src/core/analysis/scope';\n")).toHaveLength(1);
    expect(await problems('client/src/planted.ts', "import '../../server/src/protocol';\n")).toEqual([]);
  });
});
