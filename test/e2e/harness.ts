// Drives a real VS Code workbench (code-server 4.100.3 served to Debian's Chromium through
// playwright-core) for the end-to-end tests. Every wait polls the DOM; nothing sleeps a fixed time.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
const codeServerVersion = '4.100.3';
const cacheDir = process.env.CITELENS_E2E_CACHE ?? join(homedir(), '.cache', 'citelens-e2e');
const entryPath = join(cacheDir, `code-server-${codeServerVersion}`, 'out', 'node', 'entry.js');
const chromiumPath = process.env.CITELENS_E2E_CHROMIUM ?? '/usr/bin/chromium';

/**
 * How long a single UI wait may poll before the test fails: generous, because the machines have
 * two cores and often run other work beside the suite. Passing waits take a second or two.
 */
export const uiTimeout = 60_000;
/** How long code-server and the workbench may take to start. */
const startTimeout = 120_000;

export interface SessionOptions {
  /** Folder to open; it is copied to a temporary directory so tests never touch the original. */
  workspace: string;
  /** A ready-made .vsix to install instead of packaging the repository. */
  vsix?: string;
  /** Skip installing the Citelens extension (to test the harness alone). */
  withoutExtension?: boolean;
  /** Extra user settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
}

export interface TreeItem {
  label: string;
  description: string;
  level: number;
  ariaLabel: string;
}

export interface Problem {
  /** The row's accessible text: severity, message, position and source (not the code). */
  text: string;
  message: string;
  code: string;
  source: string;
}

export interface Session {
  page: Page;
  /** Absolute path of the temporary copy of the workspace. */
  workspace: string;
  /** Where the temporary user-data-dir, extensions-dir and logs live. */
  tempDir: string;
  userDataDir: string;
  extensionsDir: string;
  openFile(name: string): Promise<void>;
  goTo(line: number, column: number): Promise<void>;
  typeText(text: string): Promise<void>;
  press(keys: string): Promise<void>;
  editorText(): Promise<string>;
  runCommand(title: string): Promise<void>;
  triggerSuggest(): Promise<void>;
  suggestions(): Promise<string[]>;
  hoverAt(line: number, column: number): Promise<string>;
  squiggleCount(severity: 'error' | 'warning' | 'info'): Promise<number>;
  problems(): Promise<Problem[]>;
  openViewContainer(title: string): Promise<void>;
  treeItems(): Promise<TreeItem[]>;
  clickTreeItem(label: string | RegExp): Promise<void>;
  treeItemAction(label: string | RegExp, action: string): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** Screenshot of the activity bar and the sidebar only. */
  screenshotSidebar(path: string): Promise<void>;
  /** Screenshot of the editor around the cursor line and an open widget (suggest list, hover). */
  screenshotEditorWidget(path: string, widget: Locator): Promise<void>;
  /** Drags the sidebar's edge so that it is about `width` pixels wide; returns the width reached. */
  resizeSidebar(width: number): Promise<number>;
  saveFailureArtifacts(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Packages the repository as a .vsix with vsce, offline: dist/ already holds the bundles. */
export function buildVsix(outDir: string): string {
  const out = join(outDir, 'citelens.vsix');
  execFileSync(
    'npx',
    // The manifest names no repository, so vsce would refuse the README's relative image links
    // unless told to leave them alone, as `npm run package` does.
    ['--no-install', 'vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
      '--no-rewrite-relative-links', '-o', out],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 },
  );
  return out;
}

/** Lists the extensions installed in an extensions dir, as `id@version` lines. */
export function listExtensions(extensionsDir: string, userDataDir: string): string[] {
  const output = execFileSync(
    process.execPath,
    [entryPath, '--config', '/dev/null', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--list-extensions', '--show-versions'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return output.split('\n').map((line) => line.trim()).filter((line) => /^[\w.-]+@/.test(line));
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + startTimeout;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log()}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${startTimeout / 1000} s:\n${log()}`);
}

const defaultSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.hover.delay': 200,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
};

/** Kills a detached child and its whole process group (extension host, language server). */
function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * Starts code-server with a fresh user-data-dir and extensions-dir, installs the extension,
 * opens the workspace in Chromium and waits until the workbench shows the folder.
 */
export async function startSession(options: SessionOptions): Promise<Session> {
  if (!existsSync(entryPath)) {
    throw new Error(`code-server is not installed at ${entryPath}; run bash test/e2e/setup.sh`);
  }
  const tempDir = mkdtempSync(join(tmpdir(), 'citelens-e2e-'));
  const userDataDir = join(tempDir, 'user');
  const extensionsDir = join(tempDir, 'extensions');
  const workspace = join(tempDir, basename(options.workspace));
  cpSync(options.workspace, workspace, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2),
  );
  const common = ['--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (!options.withoutExtension) {
    const vsix = options.vsix ?? process.env.CITELENS_E2E_VSIX ?? buildVsix(tempDir);
    execFileSync(process.execPath, [entryPath, ...common, '--install-extension', vsix], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  }

  let serverLog = '';
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const killAll = (): void => killGroup(server);
  process.once('exit', killAll);

  const close = async (): Promise<void> => {
    try {
      await browser?.close();
    } catch {
      // The browser may already be gone; code-server must still be stopped below.
    }
    killAll();
    process.off('exit', killAll);
    rmSync(tempDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const port = await freePort();
    server = spawn(
      process.execPath,
      [entryPath, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-workspace-trust',
        '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: process.env.CI ?? '' } },
    );
    server.stdout?.on('data', (d: Buffer) => (serverLog += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (serverLog += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}/healthz`, server, () => serverLog);

    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
        '--disable-background-networking', '--disable-component-update'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: startTimeout });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: startTimeout });
    return makeSession(page, workspace, tempDir, close);
  } catch (error) {
    await close();
    throw error;
  }
}

function makeSession(page: Page, workspace: string, tempDir: string, close: () => Promise<void>): Session {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const quickInput = page.locator('.quick-input-widget');

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = quickInput.locator('input');
    await input.waitFor({ timeout: uiTimeout });
    await input.fill(`>${title}`);
    // Pick the row whose label is exactly the title: the first row is often a fuzzier match.
    const exact = new RegExp(`^${escapeRegExp(title)}$`);
    const row = quickInput.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ timeout: uiTimeout });
    await row.click();
    await quickInput.waitFor({ state: 'hidden', timeout: uiTimeout });
  }

  async function openFile(name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = quickInput.locator('input');
    await input.waitFor({ timeout: uiTimeout });
    await input.fill(name);
    // Click the row whose file name matches: the list may still show recently opened files first.
    const exact = new RegExp(`^${escapeRegExp(basename(name))}$`);
    const row = quickInput.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor({ timeout: uiTimeout });
    await row.click();
    await page.locator(`.tab.active[data-resource-name="${basename(name)}"]`).waitFor({ timeout: uiTimeout });
    await editor.locator('.view-lines').waitFor({ timeout: uiTimeout });
    await focusEditor();
  }

  async function focusEditor(): Promise<void> {
    await editor.locator('textarea, .native-edit-context').first().focus();
  }

  async function goTo(line: number, column: number): Promise<void> {
    await page.keyboard.press('Control+G');
    const input = quickInput.locator('input');
    await input.waitFor({ timeout: uiTimeout });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: uiTimeout });
    await focusEditor();
  }

  async function suggestions(): Promise<string[]> {
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    await widget.locator('.monaco-list-row').first().waitFor({ timeout: uiTimeout });
    return widget.locator('.monaco-list-row .label-name').allTextContents();
  }

  async function hoverAt(line: number, column: number): Promise<string> {
    await goTo(line, column);
    // Moving the real mouse onto the cursor's spot triggers VS Code's own hover handling.
    const cursor = editor.locator('.cursors-layer .cursor').first();
    await cursor.waitFor({ state: 'attached', timeout: uiTimeout });
    const box = await cursor.boundingBox();
    if (!box) throw new Error('editor cursor has no position');
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents');
    await page.mouse.move(box.x + 3, box.y + box.height / 2, { steps: 3 });
    try {
      await hover.first().waitFor({ timeout: 5_000 });
    } catch {
      await runCommand('Show or Focus Hover');
      await hover.first().waitFor({ timeout: uiTimeout });
    }
    // The hover first shows "Loading..." while the language server answers.
    const deadline = Date.now() + uiTimeout;
    for (;;) {
      const text = (await hover.allInnerTexts()).join('\n').trim();
      const loading = text.split('\n').every((line) => /^\s*(Loading\.\.\.|…)?\s*$/.test(line));
      if (!loading || Date.now() > deadline) return text;
      await page.waitForTimeout(200);
    }
  }

  async function problems(): Promise<Problem[]> {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      // Ctrl+Shift+M toggles the Problems panel, so it is pressed only while the panel is hidden.
      await page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ timeout: uiTimeout });
    }
    const rows = panel.locator('.monaco-list-row:has(.marker-message-details, .marker-message)');
    const count = await rows.count();
    const result: Problem[] = [];
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      result.push({
        text: (await row.getAttribute('aria-label')) ?? (await row.innerText()),
        message: await textOf(row.locator('.marker-message-details .monaco-highlighted-label, .marker-message').first()),
        code: await textOf(row.locator('.marker-code').first()),
        source: await textOf(row.locator('.marker-source').first()),
      });
    }
    return result;
  }

  async function openViewContainer(title: string): Promise<void> {
    const item = page.locator(`.part.activitybar .action-item:has(a[aria-label^="${title}"]), .part.activitybar .action-item[aria-label^="${title}"]`).first();
    await item.waitFor({ timeout: uiTimeout });
    // A click on the container already shown hides it, and after a reload VS Code may show the
    // remembered container a moment after the first look. So: click only while the item is not the
    // checked one, look again, and repeat until the title is visible (a click that raced the restore
    // and hid the container is undone by the next round).
    const shown = page.locator('.part.sidebar .composite.title', { hasText: new RegExp(title, 'i') });
    const deadline = Date.now() + uiTimeout;
    let checkedButHidden = 0;
    for (;;) {
      if (await shown.isVisible().catch(() => false)) return;
      const checked = await item.evaluate((el) => el.classList.contains('checked') || el.querySelector('[aria-pressed="true"]') !== null).catch(() => false);
      // Checked yet hidden for two rounds: the state is stuck, and a click is the only way out.
      checkedButHidden = checked ? checkedButHidden + 1 : 0;
      if (!checked || checkedButHidden >= 2) {
        await item.click();
        checkedButHidden = 0;
      }
      const seen = await shown.waitFor({ timeout: 3000 }).then(() => true, () => false);
      if (seen) return;
      if (Date.now() > deadline) throw new Error(`the ${title} view container did not show within ${uiTimeout} ms`);
    }
  }

  function treeRows(): Locator {
    return page.locator('.part.sidebar .pane-body .monaco-list-row');
  }

  async function treeItems(): Promise<TreeItem[]> {
    await treeRows().first().waitFor({ timeout: uiTimeout });
    // All rows in one reading of the DOM: the tree re-renders its rows (after a reload, as data
    // arrives), and rows counted first and then read one by one could be gone by the time they are read.
    return treeRows().evaluateAll((rows) =>
      rows.map((row) => ({
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(row.getAttribute('aria-level') ?? '0'),
        ariaLabel: row.getAttribute('aria-label') ?? '',
      })),
    );
  }

  function treeRow(label: string | RegExp): Locator {
    return treeRows().filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  }

  async function clickTreeItem(label: string | RegExp): Promise<void> {
    const row = treeRow(label);
    await row.waitFor({ timeout: uiTimeout });
    await row.click();
  }

  async function treeItemAction(label: string | RegExp, action: string): Promise<void> {
    const row = treeRow(label);
    await row.waitFor({ timeout: uiTimeout });
    await row.hover();
    const button = row.locator(`.actions .action-label[aria-label^="${action}"]`).first();
    await button.waitFor({ timeout: uiTimeout });
    await button.click();
  }

  async function editorText(): Promise<string> {
    const lines = editor.locator('.view-lines .view-line');
    // Sort by vertical position: Monaco renders lines out of order while scrolling.
    const tops = await lines.evaluateAll((els) =>
      els.map((el) => ({ top: parseFloat((el as { style: { top: string } }).style.top), text: el.textContent ?? '' })),
    );
    return tops.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, ' ')).join('\n');
  }

  async function squiggleCount(severity: 'error' | 'warning' | 'info'): Promise<number> {
    return editor.locator(`.view-overlays .squiggly-${severity}`).count();
  }

  async function screenshot(path: string): Promise<void> {
    mkdirSync(resolve(path, '..'), { recursive: true });
    await page.screenshot({ path });
  }

  async function clipTo(path: string, box: Box): Promise<void> {
    const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
    const x = Math.max(0, Math.floor(box.x));
    const y = Math.max(0, Math.floor(box.y));
    const clip = {
      x,
      y,
      width: Math.min(viewport.width, Math.ceil(box.x + box.width)) - x,
      height: Math.min(viewport.height, Math.ceil(box.y + box.height)) - y,
    };
    mkdirSync(resolve(path, '..'), { recursive: true });
    await page.screenshot({ path, clip });
  }

  async function boxOf(locator: Locator): Promise<Box> {
    const box = await locator.first().boundingBox({ timeout: uiTimeout });
    if (!box) throw new Error(`${locator.toString()} is not visible`);
    return box;
  }

  async function screenshotSidebar(path: string): Promise<void> {
    await clipTo(path, union([await boxOf(page.locator('.part.activitybar')), await boxOf(page.locator('.part.sidebar'))]));
  }

  async function screenshotEditorWidget(path: string, widget: Locator): Promise<void> {
    const editorBox = await boxOf(editor);
    const widgetBox = await boxOf(widget);
    // The current line's highlight, else the cursor: VS Code does not always draw the highlight
    // (CI once had it hidden while the list was open); the widget alone is the last resort.
    let line: Box | null = null;
    for (const where of ['.view-overlays .current-line', '.cursors-layer .cursor']) {
      line = await editor.locator(where).first().boundingBox({ timeout: 2000 }).catch(() => null);
      if (line) break;
    }
    line ??= { x: widgetBox.x, y: widgetBox.y, width: 0, height: 20 };
    const around = union([widgetBox, line]);
    // A few lines of text above and below show where the widget belongs.
    const context = 4 * line.height;
    await clipTo(path, {
      x: editorBox.x,
      y: Math.max(editorBox.y, around.y - context),
      width: Math.min(editorBox.x + editorBox.width, around.x + around.width + 24) - editorBox.x,
      height: Math.min(editorBox.y + editorBox.height, around.y + around.height + context) - Math.max(editorBox.y, around.y - context),
    });
  }

  async function resizeSidebar(width: number): Promise<number> {
    const sidebar = page.locator('.part.sidebar');
    const before = await boxOf(sidebar);
    // The sash that resizes the sidebar is the vertical one lying on its right edge.
    const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2, top: r.y, height: r.height };
      }),
    );
    const edge = before.x + before.width;
    const sash = sashes.find((s) => Math.abs(s.x - edge) <= 4 && s.height >= before.height / 2);
    if (!sash) return before.width;
    await page.mouse.move(sash.x, sash.y);
    await page.mouse.down();
    await page.mouse.move(sash.x + (width - before.width), sash.y, { steps: 8 });
    await page.mouse.up();
    // The layout follows the drag asynchronously; wait until the sidebar has its new width.
    await page
      .waitForFunction(
        `Math.abs((document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) - ${width}) <= 40`,
        undefined,
        { timeout: uiTimeout, polling: 100 },
      )
      .catch(() => undefined);
    return (await boxOf(sidebar)).width;
  }

  async function saveFailureArtifacts(name: string): Promise<void> {
    const safe = name.replace(/[^\w.-]+/g, '_').slice(0, 120);
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: join(resultsDir, `${safe}.failure.png`) }).catch(() => undefined);
    const html = await page.content().catch(() => '');
    writeFileSync(join(resultsDir, `${safe}.failure.html`), html);
  }

  return {
    page,
    workspace,
    tempDir,
    userDataDir: join(tempDir, 'user'),
    extensionsDir: join(tempDir, 'extensions'),
    openFile,
    goTo,
    typeText: async (text) => {
      await focusEditor();
      await page.keyboard.type(text, { delay: 20 });
    },
    press: (keys) => page.keyboard.press(keys),
    editorText,
    runCommand,
    triggerSuggest: () => page.keyboard.press('Control+Space'),
    suggestions,
    hoverAt,
    squiggleCount,
    problems,
    openViewContainer,
    treeItems,
    clickTreeItem,
    treeItemAction,
    screenshot,
    screenshotSidebar,
    screenshotEditorWidget,
    resizeSidebar,
    saveFailureArtifacts,
    close,
  };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function union(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

async function textOf(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '';
  return ((await locator.textContent()) ?? '').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One workbench for a test file: started before its tests, closed after them, with a screenshot
 * and the page's HTML saved for each failing test. Returns the running session.
 */
export function useWorkbench(name: string, options: SessionOptions, ready?: (s: Session) => Promise<void>): () => Session {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await startSession(options);
    await ready?.(session);
  });
  afterAll(async () => {
    await session?.close();
  });
  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(() => session?.saveFailureArtifacts(`${name}-${task.name}`));
  });
  return () => {
    if (!session) throw new Error('the workbench did not start');
    return session;
  };
}
