// Command-line entry: `citelens check | import | themes | demo`. Each command lives in cli/<name>.ts
// and exports `run(args: string[]): Promise<number>` returning the exit code.

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
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 2;
  },
);
