// Node entry of the language server (dist/server.js): runs the server's bundle, dist/serverMain.js.
// Given `--code-cache=<folder>` (VS Code's client passes one in the extension's storage), it
// compiles the bundle with a V8 code cache kept there, so every start after the first skips
// compiling it. It imports only node built-ins, never the server.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const bundle = join(__dirname, 'serverMain.js');
const cacheFolder = process.argv.find((a) => a.startsWith('--code-cache='))?.slice('--code-cache='.length);

/** A cache is written once per process: when the first minute is over, or at exit if that comes first. */
const writeAfterMs = 60_000;

if (cacheFolder) runCached(bundle, cacheFolder);
else createRequire(__filename)(bundle);

/**
 * Runs the bundle as `require` would, compiled with the cache named after its text and the
 * runtime. V8 checks a cache only against the source's length, so the name must say which text it
 * was made from. A cache that is missing or refused is made again from what this process compiled
 * by then (the functions that ran, not only the top level); a cache folder that cannot be read or
 * written only costs the time it would have saved.
 */
function runCached(file: string, folder: string): void {
  const source = readFileSync(file, 'utf8');
  const name = `serverMain-${createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 20)}.v8`;
  const cacheFile = join(folder, name);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(file, module);
  mod.filename = file;
  if (!cachedData || script.cachedDataRejected) {
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      save(folder, name, cachedDataOf(script));
    };
    setTimeout(write, writeAfterMs).unref();
    process.once('exit', write);
  }
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
}

/**
 * V8 refuses a cache made under other flags than the consuming process has, so flags the server
 * sets while it runs (lsp/memory.ts registers them here: their defaults and current values) are
 * put back to their defaults while the cache is made, else every start would compile anew.
 */
const RUNTIME_FLAGS = Symbol.for('citelens.runtimeFlags');

function cachedDataOf(script: Script): Buffer {
  const flags = (globalThis as Record<symbol, { defaults: string; current: string } | undefined>)[RUNTIME_FLAGS];
  if (flags) setFlagsFromString(flags.defaults);
  try {
    return script.createCachedData();
  } finally {
    if (flags) setFlagsFromString(flags.current);
  }
}

/** Writes the cache beside none of its predecessors (other bundles' caches are removed), atomically. */
function save(folder: string, name: string, data: Buffer): void {
  try {
    mkdirSync(folder, { recursive: true });
    const partial = join(folder, `${name}.${process.pid}.partial`);
    writeFileSync(partial, data);
    renameSync(partial, join(folder, name));
    for (const old of readdirSync(folder)) if (old !== name && /^serverMain-[0-9a-f]+\.v8$/.test(old)) rmSync(join(folder, old), { force: true });
  } catch {
    // The cache is an optimisation; the next start compiles without it.
  }
}
