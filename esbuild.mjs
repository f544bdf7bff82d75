// Bundles the VS Code client, the language server and the CLI into dist/.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

/**
 * Keeps the reference labeller's model (1.4 MB of JSON) out of the bundles and out of their start:
 * it ships beside them (dist/labellerModel.json) and is read and parsed on the first import, which
 * is the only feature that needs it. Bundled, even as a string given to JSON.parse, it cost about
 * 140 ms of every server start (compiling the bundle, parsing the model, collecting the garbage;
 * measured with --cpu-prof), before the server could answer `initialize`.
 */
const lazyModel = {
  name: 'lazy-labeller-model',
  setup(build) {
    build.onResolve({ filter: /\/labellerModel\.json$/ }, (args) => ({ path: args.path, namespace: 'lazy-model' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-model' }, () => ({
      contents: `let value;
module.exports = {
  __esModule: true,
  get default() {
    value ??= JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'labellerModel.json'), 'utf8'));
    return value;
  },
};`,
      loader: 'js',
    }));
    build.onEnd(() => {
      mkdirSync('dist', { recursive: true });
      copyFileSync('server/src/core/refs/labellerModel.json', 'dist/labellerModel.json');
    });
  },
};

/**
 * citation-js and citeproc (1.1 MB, needed only to format a reference or read RIS) live in a bundle
 * of their own, dist/citation.js, loaded on the first `require` of one of them (core/syntax/
 * citationJs.ts is their one door). In the server's bundle they cost compile time at every start,
 * before `initialize` could be answered.
 */
const citationModules = ['@citation-js/core', '@citation-js/plugin-ris', '@citation-js/plugin-ris/lib/spec/types.json', '@citation-js/plugin-csl', '@citation-js/plugin-csl/lib/locales.json', 'citeproc'];
const citationApart = {
  name: 'citation-apart',
  setup(build) {
    const filter = new RegExp(`^(${citationModules.map((m) => m.replace(/[/.-]/g, (c) => `\\${c}`)).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'citation-apart' }));
    build.onResolve({ filter: /^\.\/citation\.js$/ }, () => ({ path: './citation.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'citation-apart' }, (args) => ({ contents: `module.exports = require('./citation.js')(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};
const citationBundle = {
  ...common,
  stdin: {
    contents: `const modules = {\n${citationModules.map((m) => `  ${JSON.stringify(m)}: () => require(${JSON.stringify(m)}),`).join('\n')}\n};\nmodule.exports = (name) => modules[name]();\n`,
    resolveDir: '.',
    sourcefile: 'citation-entry.js',
    loader: 'js',
  },
  outfile: 'dist/citation.js',
  // Its own modules are bundled here, not sent back to this bundle by citationApart.
  plugins: [],
};
common.plugins = [lazyModel, citationApart];

const builds = [
  citationBundle,
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  // dist/server.js is the entry (it runs serverMain.js with a V8 code cache, see server/src/start.ts).
  { ...common, entryPoints: ['server/src/start.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/serverMain.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

// sql.js's WebAssembly SQLite (the Zotero reader) ships beside the server, so it works offline.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client, server and cli');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
