// The core must stay pure: no vscode, no LSP connection, no file system or process access.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = join(__dirname, '..', '..', 'server', 'src', 'core');
const forbidden = [/^vscode/, /^node:/, /^(fs|path|os|child_process|http|https|net)$/, /lsp\//, /\.\.\/\.\.\//];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('core boundary', () => {
  it('core modules import neither vscode, nor LSP, nor node built-ins', () => {
    const offenders: string[] = [];
    for (const file of files(coreDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        if (forbidden.some((re) => re.test(spec))) offenders.push(`${file}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
