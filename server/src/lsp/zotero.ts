// Keeps the snapshot's Zotero library current: finds the data directory the setting names,
// watches its database files (a folder watcher, and a one-second check of their signatures,
// since Zotero writes in place and some file systems do not report it), and re-reads the library
// when they change, one read at a time. Every reading reaches the snapshot through lsp/state.
import { watchFiles } from '../host';
import type { ZoteroState } from '../core/model/zotero';
import { dataDirectory, librarySignature, libraryFiles, readLibrary } from '../zotero/source';
import type { State } from './state';

export interface ZoteroWatch {
  /** Applies the `citelens.zotero.dataDirectory` setting (undefined: the default). */
  configure(setting: string | undefined): Promise<void>;
  close(): void;
}

export function startZotero(state: State, log: (level: 'info' | 'warn' | 'error', message: string) => void, pollMs = 1000): ZoteroWatch {
  let dir: string | undefined;
  let setting: string | undefined | null = null;
  let signature = '';
  let reading: Promise<void> | undefined;
  let again = false;
  let poll: NodeJS.Timeout | undefined;
  const watcher = watchFiles(() => changed(), 50);

  const publish = (next: ZoteroState) => state.zotero(next);

  async function read(): Promise<void> {
    const from = dir;
    if (!from) return;
    const started = Date.now();
    signature = await librarySignature(from);
    const result = await readLibrary(from, 5, 200, state.current().zotero?.data);
    if (from !== dir) return;
    const previous = state.current().zotero?.data;
    if ('data' in result) {
      // The copy's own signature: a write that was still going when the read began, and ended
      // before the copy, is in this reading and must not cause another.
      signature = result.signature;
      const n = result.data.libraries.reduce((k, l) => k + l.file.entries.length, 0);
      const part = result.data.incremental ? `, ${result.data.itemsRead ?? 0} changed since the last read` : '';
      const retries = result.retried.length ? `; copied ${result.retried.length + 1} times, since ${[...new Set(result.retried)].join('; ')}` : '';
      log('info', `Read the Zotero library in ${from}: ${n} items in ${result.data.libraries.length} libraries${part} (${Date.now() - started} ms${retries}).`);
      publish({ lookedFor: from, data: result.data });
    } else {
      log('warn', `The Zotero library in ${from} could not be read: ${result.problem}.`);
      publish({ lookedFor: from, problem: result.problem, ...(previous ? { data: previous } : {}) });
    }
  }

  /** Reads now, or once more after the read in flight (a write during a read must not be missed). */
  function changed(): void {
    if (reading) {
      again = true;
      return;
    }
    reading = read()
      .catch((err: unknown) => log('error', `Reading the Zotero library failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        reading = undefined;
        if (!again) return;
        again = false;
        // Zotero's write sends several events; one read of the copy they led to is enough. Only
        // files whose signature moved since that read began are worth reading again.
        readIfMoved();
      });
  }

  /** Reads again when the files' signature moved since the last read began. */
  function readIfMoved(): void {
    const at = dir;
    if (!at) return;
    void librarySignature(at).then((s) => {
      if (at === dir && s !== signature) changed();
    });
  }

  function stop(): void {
    watcher.set([]);
    clearInterval(poll);
    poll = undefined;
  }

  return {
    async configure(next) {
      if (next === setting) return;
      setting = next;
      const found = await dataDirectory(next);
      if ('off' in found) {
        dir = undefined;
        stop();
        publish({ lookedFor: found.off });
        return;
      }
      if (found.dir === dir) return;
      dir = found.dir;
      watcher.set(libraryFiles(dir));
      clearInterval(poll);
      poll = setInterval(() => {
        if (!reading) readIfMoved();
      }, pollMs);
      poll.unref();
      changed();
      await reading;
    },
    close() {
      stop();
      watcher.close();
    },
  };
}
