// Starts the built language server (dist/server.js) over stdio and speaks LSP to it, as an
// editor other than VS Code would. Used by the protocol tests only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const serverPath = resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface Session {
  folder: string;
  uri(path: string): string;
  conn: MessageConnection;
  request<T = unknown>(method: string, params: unknown): Promise<T>;
  notify(method: string, params: unknown): void;
  /** Writes one frame with an arbitrary body (malformed JSON-RPC for the fuzz test). */
  raw(body: string): void;
  open(path: string, text: string, languageId: string): void;
  published: Map<string, unknown[]>;
  notifications: { method: string; params: unknown }[];
  /** Requests the server sent to the client. */
  requests: { method: string; params: unknown }[];
  /** Resolves with the exit code if the server process ends. */
  exited: Promise<number | null>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Settings returned for `workspace/configuration` (section citelens). */
  settings?: Record<string, unknown>;
  /** Advertise pull diagnostics (VS Code does); otherwise the server pushes them. */
  pull?: boolean;
  /** Wait until the server reports its first load done (default); false sends requests at once, as editors do. */
  waitReady?: boolean;
  /** Extra workspace capabilities (merged over the defaults). */
  workspace?: Record<string, unknown>;
  /** More workspace folders (absolute paths) besides the first. */
  moreFolders?: string[];
  /** Settings per folder path, answered for `workspace/configuration` items with that scopeUri. */
  folderSettings?: Record<string, Record<string, unknown>>;
  /** Sent as `initializationOptions` (Citelens' client sends every folder's settings there). */
  initializationOptions?: unknown;
  /** Answers server-to-client requests before the defaults do; return undefined to fall through. */
  onRequest?: (method: string, params: unknown) => unknown;
  /** Extra node options (`--require` a probe) and environment for the server process. */
  nodeArgs?: string[];
  /** Extra arguments for the server itself (after `--stdio`). */
  serverArgs?: string[];
  env?: Record<string, string>;
  /** How long to wait for the initial index (default 10 s). */
  readyTimeoutMs?: number;
  /** Leave the folder in place at close (it is not the test's own). */
  keepFolder?: boolean;
}

export function writeFiles(files: Map<string, string> | Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'citelens-proto-'));
  for (const [name, text] of files instanceof Map ? files : Object.entries(files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return folder;
}

export async function start(folder: string, options: StartOptions = {}): Promise<Session> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio', ...(options.serverArgs ?? [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Writes racing the server's own exit are expected at shutdown; they must not fail the run.
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published = new Map<string, unknown[]>();
  const notifications: { method: string; params: unknown }[] = [];
  conn.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
    if (method === 'textDocument/publishDiagnostics') {
      const p = params as { uri: string; diagnostics: unknown[] };
      published.set(p.uri, p.diagnostics);
    }
  });
  const requests: { method: string; params: unknown }[] = [];
  conn.onRequest((method: string, params: unknown) => {
    requests.push({ method, params });
    const answer = options.onRequest?.(method, params);
    if (answer !== undefined) return answer;
    if (method === 'workspace/configuration') {
      const items = (params as { items?: { scopeUri?: string }[] }).items ?? [{}];
      return items.map((item) => {
        for (const [path, settings] of Object.entries(options.folderSettings ?? {})) {
          const folder = pathToFileURL(path).href;
          if (item.scopeUri && (item.scopeUri === folder || item.scopeUri === `${folder}/`)) return settings;
        }
        return options.settings ?? {};
      });
    }
    return null;
  });
  conn.listen();
  const folderUri = pathToFileURL(folder).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'test' }, ...(options.moreFolders ?? []).map((f, i) => ({ uri: pathToFileURL(f).href, name: `more${i}` }))],
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true }, ...options.workspace },
      textDocument: {
        ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        completion: { completionItem: { snippetSupport: false, labelDetailsSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        rename: { prepareSupport: true },
        publishDiagnostics: { relatedInformation: true },
      },
    },
  });
  conn.sendNotification('initialized', {});
  const session: Session = {
    folder,
    uri: (path) => pathToFileURL(join(folder, path)).href,
    conn,
    request: (method, params) => conn.sendRequest(method, params),
    notify: (method, params) => void conn.sendNotification(method, params),
    raw: (body) => void child.stdin?.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`),
    open(path, text, languageId) {
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri: session.uri(path), languageId, version: 1, text } });
    },
    published,
    notifications,
    requests,
    exited,
    async close() {
      let code: number | null = null;
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
        code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      } catch {
        // The server may already be gone; the exit code below tells.
      }
      conn.dispose();
      if (child.exitCode === null) child.kill();
      if (!options.keepFolder) rmSync(folder, { recursive: true, force: true });
      if (code !== 0) throw new Error(`server did not exit cleanly after shutdown (code ${code}): ${stderr}`);
    },
  };
  if (options.waitReady !== false) await waitFor(async () => (await session.request<{ ready: boolean }>('citelens/indexStatus', {})).ready, 'server ready', options.readyTimeoutMs);
  return session;
}

/** Polls until the check returns a truthy value; never sleeps a fixed time before trying. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
