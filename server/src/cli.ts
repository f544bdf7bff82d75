// Command-line entry: `citelens check | import | themes | demo`. Each command lives in cli/<name>.ts
// and exports `run(args: string[]): Promise<number>` returning the exit code.

import { printable } from './cli/terminal';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  check: () => import('./cli/check'),
  import: () => import('./cli/import'),
  demo: () => import('./cli/demo'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(`usage: citelens <${Object.keys(commands).join('|')}> [options]`);
    return 2;
  }
  return (await load()).run(rest);
}

// Setting the exit code instead of calling process.exit() lets piped output drain first.
// A failure is one sentence, never a stack trace (CITELENS_DEBUG=1 adds it, for bug reports).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    console.error(printable(`citelens: ${message}`));
    if (process.env.CITELENS_DEBUG && err instanceof Error && err.stack) console.error(err.stack);
    process.exitCode = 2;
  },
);
