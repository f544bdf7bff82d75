// Runs the desktop VS Code suite through @vscode/test-electron, where VS Code can be downloaded.
// Built to CommonJS by scripts/e2e-electron.sh; the code-server suite is the one that runs here.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '../..');
  // Work on a copy: the suite edits documents and VS Code may save them.
  const temp = mkdtempSync(join(tmpdir(), 'citelens-electron-'));
  const workspace = join(temp, 'data');
  // The manuscripts name the bibliography beside their folder, so the whole parent is opened.
  const sample = process.env.CITELENS_E2E_SAMPLE ?? join(repoRoot, 'data', 'sample');
  cpSync(dirname(sample), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.CITELENS_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(__dirname, 'suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
