// Bundles the VS Code client, the language server and the CLI into dist/.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

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
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching client, server and cli');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
