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
        // The function stays; the flag goes back, since V8 refuses a code cache made under
        // other flags than the next start's (server/src/start.ts).
        setFlagsFromString('--no-expose-gc');
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

let tight = false;

/**
 * How far (in percent) the old generation may grow past what a full collection left live before
 * the next one. V8 picks 10% to 300% from how fast it collects; at a 100k-entry library (190 MB
 * live) its choice let the server sit at 500-750 MB while requests kept coming. Measured with
 * bench/soak.mjs (6 rewrites, quiet machine, 2026-12-02): peak RSS 384-386 MB at 5%, 397-399 MB
 * at 10%, with storm completion p95 23-42 and 18 ms. The first read runs at V8's own pace: at 20%
 * from the start its collections cost the first completion 200-300 ms, so this is set a second
 * after the first read, once its requests are answered.
 */
export const HEAP_GROWING_PERCENT = 5;

/** Holds the heap close to what is live from now on (see HEAP_GROWING_PERCENT); once per process. */
export function holdHeapClose(): void {
  if (tight) return;
  tight = true;
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    // start.ts puts it back to V8's default while it makes the code cache (see RUNTIME_FLAGS there).
    (globalThis as Record<symbol, unknown>)[Symbol.for('citelens.runtimeFlags')] = { defaults: '--heap-growing-percent=0', current: `--heap-growing-percent=${HEAP_GROWING_PERCENT}` };
  } catch {
    // A runtime that refuses the flag keeps its own growth; only the memory figures change.
    return;
  }
  // V8 sets the next limit at each full collection: until one runs, the first read's limit holds.
  collector()?.();
}
