// Returning superseded bibliographies to the system. Once a re-export has replaced a large
// bibliography, the old parse is garbage, but V8 lets garbage grow to a multiple of the live heap
// before it collects: with Zotero rewriting a 60 MB file on every change, the process would sit
// at gigabytes. After large replacements, and once the server has been idle a moment, one full
// collection brings the heap back to what is live.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;
let timer: NodeJS.Timeout | undefined;
let pendingBytes = 0;

function collector(): (() => void) | undefined {
  if (!collect) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) collect = existing;
    else {
      try {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as () => void;
      } catch {
        collect = () => undefined;
      }
    }
  }
  return collect;
}

/** Notes that `bytes` of parsed text were superseded; past a threshold, collects when idle. */
export function superseded(bytes: number, idleMs = 1000, thresholdBytes = 4_000_000): void {
  pendingBytes += bytes;
  if (pendingBytes < thresholdBytes) return;
  clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    pendingBytes = 0;
    collector()?.();
  }, idleMs);
  timer.unref();
}
