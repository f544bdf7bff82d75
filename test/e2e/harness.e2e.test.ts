// Proves the harness against VS Code itself: the workbench opens a folder, built-in word
// completion shows in Markdown, and the packaged Citelens extension is installed.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { listExtensions, repoRoot, startSession, uiTimeout, type Session } from './harness';

describe('e2e harness in code-server', () => {
  let session: Session | undefined;
  const ui = (): Session => {
    if (!session) throw new Error('session did not start');
    return session;
  };

  beforeAll(async () => {
    session = await startSession({ workspace: join(repoRoot, 'test/e2e/fixtures/notes') });
  });
  afterAll(async () => {
    await session?.close();
  });
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(() => session?.saveFailureArtifacts(`harness-${task.name}`));
  });

  test('the packaged extension is installed and listed', async () => {
    const s = ui();
    expect(listExtensions(s.extensionsDir, s.userDataDir)).toContainEqual(expect.stringMatching(/^citelens\.citelens@/));
    await s.runCommand('View: Show Extensions');
    // The search box of the Extensions view takes focus when the view opens.
    await s.page.locator('.extensions-viewlet .suggest-input-container').waitFor({ timeout: uiTimeout });
    await s.page.keyboard.type('@installed citelens');
    const installed = s.page.locator('.extensions-viewlet .monaco-list-row .extension-list-item .name', { hasText: 'Citelens' });
    // The list is searched again after each typed character, so a row seen once can be re-rendered
    // away before it is counted: poll until the list for the whole query shows it.
    await expect.poll(() => installed.count(), { timeout: uiTimeout, interval: 200 }).toBeGreaterThan(0);
  });

  test('typing in a Markdown file shows VS Code word completion', async () => {
    const s = ui();
    await s.openFile('notes.md');
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText('Photo');
    await s.triggerSuggest();
    const items = await s.suggestions();
    expect(items).toEqual(expect.arrayContaining(['photosynthesis', 'Photosynthetic']));
    expect(await s.editorText()).toContain('Photo');
  });
});
