// Bundles the VS Code client, the language server and the CLI into dist/.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import fs, { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

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
 * Keeps a large JSON file out of a bundle: it is required at run time from beside the bundle, so
 * a command that never needs it (`citelens check`, 1.4 MB of reference-labeller model) does not
 * pay for parsing it at every start.
 */
function besideTheBundle(name) {
  return {
    name: `beside-${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`/${name.replace('.', '\\.')}$`) }, (args) => ({ path: `./${name}`, external: true }));
      build.onEnd(() => {
        const from = { 'labellerModel.json': 'server/src/core/refs/labellerModel.json' }[name];
        fs.copyFileSync(from, `dist/${name}`);
      });
    },
  };
}
// The reference labeller's model is 1.4 MB of JSON. As a JavaScript object literal V8 must parse
// all of it before the server can answer `initialize`; as a string given to JSON.parse it is
// scanned and parsed several times faster (measured with --cpu-prof on server start).
const jsonAsString = {
  name: 'json-as-string',
  setup(build) {
    build.onLoad({ filter: /labellerModel\.json$/ }, (args) => ({
      contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};
common.plugins = [jsonAsString];

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [besideTheBundle('labellerModel.json')] },
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
