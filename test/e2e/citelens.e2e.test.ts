// Citelens as a writer meets it in VS Code: the sidebar, completion in LaTeX and Markdown, hover,
// unknown-key diagnostics and inserting from the tree, on the sample manuscripts in data/sample.
// The tests run in order in one workbench; edits only append to the end of a file, so positions
// read from the files on disk stay valid.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { resultsDir, startSession, uiTimeout, type Session } from './harness';
import { citedSpots, readSample, sampleEntries, sampleProblem, workspaceDir, type SampleEntry } from './sample';

const poll = { timeout: uiTimeout, interval: 500 };

describe('Citelens in VS Code (code-server)', () => {
  let session: Session | undefined;
  let entries: SampleEntry[] = [];
  const ui = (): Session => {
    if (!session) throw new Error('the workbench did not start');
    return session;
  };

  beforeAll(async () => {
    const missing = sampleProblem();
    if (missing) throw new Error(`The e2e suite needs the sample manuscripts: ${missing}`);
    entries = sampleEntries();
    session = await startSession({ workspace: workspaceDir });
  });
  afterAll(async () => {
    await session?.close();
  });
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(() => session?.saveFailureArtifacts(`citelens-${task.name}`));
  });

  /** An entry whose key is long enough that its first letters make a selective query. */
  function queryEntry(): SampleEntry {
    const entry = entries.find((e) => e.key.length >= 6 && /^[a-z]/i.test(e.key));
    if (!entry) throw new Error('no usable key in the sample bibliography');
    return entry;
  }

  test('the Citelens view lists theme groups with entry counts', async () => {
    const s = ui();
    await s.openFile('review.md');
    await s.openViewContainer('Citelens');
    const topLevel = async () => (await s.treeItems()).filter((i) => i.level === 1);
    await expect
      .poll(topLevel, poll)
      .toEqual(expect.arrayContaining([expect.objectContaining({ label: expect.stringMatching(/\(\d+\)$/) })]));
    const groups = await topLevel();
    const counts = groups.map((g) => Number(/\((\d+)\)$/.exec(g.label)?.[1] ?? 'NaN'));
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(counts.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
    // Expanding a group shows entries of the sample bibliography, each labelled with its key.
    const first = groups[0];
    if (!first) throw new Error('no group');
    await s.clickTreeItem(first.label);
    await expect.poll(async () => (await s.treeItems()).filter((i) => i.level === 2).length, poll).toBeGreaterThan(0);
    const children = (await s.treeItems()).filter((i) => i.level === 2);
    const keys = new Set(entries.map((e) => e.key));
    const childKeys = children.filter((c) => keys.has(c.label)).map((c) => c.label);
    expect(childKeys.length).toBeGreaterThan(0);
    // A wider sidebar shows whole labels and the keys beside them in the README's screenshot.
    await s.resizeSidebar(560);
    await s.screenshotSidebar(join(resultsDir, 'sidebar.png'));
  });

  test('hovering a cited key in Markdown shows the formatted reference', async () => {
    const s = ui();
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const spot = citedSpots(readSample('review.md'), new Set(byKey.keys())).find((c) => (byKey.get(c.key)?.titleWords.length ?? 0) >= 2);
    if (!spot) throw new Error('review.md cites no key of the sample bibliography that has a title');
    const entry = byKey.get(spot.key);
    if (!entry) throw new Error('unreachable');
    await s.openFile('review.md');
    const hover = await s.hoverAt(spot.line, spot.column + 1);
    expect(hover).toContain(entry.year);
    for (const word of entry.titleWords.slice(0, 2)) expect(hover.toLowerCase()).toContain(word.toLowerCase());
    await s.screenshotEditorWidget(join(resultsDir, 'hover.png'), s.page.locator('.monaco-hover:not(.hidden):visible'));
    await s.press('Escape');
  });

  test('typing \\cite{ and a query in LaTeX lists matching citation keys', async () => {
    const s = ui();
    const entry = queryEntry();
    await s.openFile('review.tex');
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText(`\\cite{${entry.key.slice(0, 5)}`);
    // The widget opens on `{` with the answer for an empty query and updates as the server
    // answers for the typed letters, so the list is read until it settles on the query's answer.
    await expect.poll(() => s.suggestions(), poll).toContain(entry.key);
    await s.screenshotEditorWidget(join(resultsDir, 'completion.png'), s.page.locator('.editor-widget.suggest-widget.visible'));
    await s.press('Escape');
  });

  test('typing [@ and a query in Markdown lists matching citation keys', async () => {
    const s = ui();
    const entry = queryEntry();
    await s.openFile('review.md');
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText(`See [@${entry.key.slice(0, 5)}`);
    await expect.poll(() => s.suggestions(), poll).toContain(entry.key);
    // Accepting the first item completes a key the bibliography has.
    await s.press('Enter');
    await expect.poll(() => s.editorText(), poll).toMatch(new RegExp(`See \\[@(${entries.map((e) => escape(e.key)).join('|')})`));
    await s.press('Escape');
  });

  test('an unknown key gets a squiggle and a Problems entry with code citation.unknown-key', async () => {
    const s = ui();
    await s.openFile('review.md');
    await s.press('Control+End');
    await s.press('Enter');
    const before = (await s.squiggleCount('error')) + (await s.squiggleCount('warning'));
    await s.typeText('Unknown [@nosuchkey2099');
    await s.press('Escape');
    await expect.poll(async () => (await s.squiggleCount('error')) + (await s.squiggleCount('warning')), poll).toBeGreaterThan(before);
    await expect
      .poll(async () => (await s.problems()).filter((p) => p.text.includes('nosuchkey2099') || p.message.includes('nosuchkey2099')), poll)
      .toEqual(expect.arrayContaining([expect.objectContaining({ code: 'citation.unknown-key', source: 'citelens' })]));
  });

  test('clicking an entry in the Citelens tree inserts [@key] at the cursor in Markdown', async () => {
    const s = ui();
    await s.openFile('review.md');
    await s.press('Control+End');
    await s.press('Enter');
    await s.typeText('Inserted: ');
    await s.openViewContainer('Citelens');
    const keys = new Set(entries.map((e) => e.key));
    let entryRows = (await s.treeItems()).filter((i) => keys.has(i.label));
    if (entryRows.length === 0) {
      const group = (await s.treeItems()).find((i) => i.level === 1);
      if (!group) throw new Error('the tree shows no group');
      await s.clickTreeItem(group.label);
      await expect.poll(async () => (await s.treeItems()).filter((i) => keys.has(i.label)).length, poll).toBeGreaterThan(0);
      entryRows = (await s.treeItems()).filter((i) => keys.has(i.label));
    }
    const row = entryRows[0];
    if (!row) throw new Error('no entry row');
    await s.clickTreeItem(row.label);
    await expect.poll(() => s.editorText(), poll).toContain(`Inserted: [@${row.label}]`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
