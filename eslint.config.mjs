// The architecture's boundaries, enforced by ESLint in `npm test` (`npm run lint`).
// - server/src/core is pure: no Node built-ins, no vscode, no LSP runtime, no path out of core.
// - Inside core, layers import downwards only: model < syntax < libraries (search, format,
//   themes, refs) < analysis < features. A folder may import itself.
// - The client talks to the server only through server/src/protocol.ts.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import tsParser from '@typescript-eslint/parser';

const root = dirname(new URL(import.meta.url).pathname);
const core = resolve(root, 'server/src/core');
const server = resolve(root, 'server/src');

const layerRank = { model: 0, syntax: 1, search: 2, format: 2, themes: 2, refs: 2, analysis: 3, features: 4 };
const forbiddenPackages = [/^vscode(-|$)/, /^vscode-languageserver/, /^vscode-languageclient/, /^vscode-jsonrpc/];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The core folder (layer) of an absolute path, or undefined outside core. */
function layerOf(path) {
  const rel = relative(core, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep)[0];
}

function specifiersOf(node) {
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') {
    return node.source ? [node.source] : [];
  }
  if (node.type === 'ImportExpression') return node.source.type === 'Literal' ? [node.source] : [];
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const arg = node.arguments[0];
    return arg && arg.type === 'Literal' ? [arg] : [];
  }
  return [];
}

const coreBoundary = {
  meta: { type: 'problem', schema: [], messages: { bad: '{{why}}' } },
  create(context) {
    const file = context.filename;
    const fromLayer = layerOf(file);
    const inClient = !relative(resolve(root, 'client/src'), file).startsWith('..');
    const check = (node) => {
      for (const lit of specifiersOf(node)) {
        const spec = String(lit.value);
        const report = (why) => context.report({ node: lit, messageId: 'bad', data: { why } });
        if (fromLayer !== undefined) {
          if (builtins.has(spec) || spec.startsWith('node:')) report(`The core is pure: '${spec}' is a Node built-in; do I/O in server/src/host.ts.`);
          else if (forbiddenPackages.some((re) => re.test(spec))) report(`The core is pure: '${spec}' belongs to the editor or LSP layer.`);
          else if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            const toLayer = layerOf(target);
            if (toLayer === undefined) report(`The core may not import '${spec}': it leaves server/src/core.`);
            else if (toLayer !== fromLayer) {
              const a = layerRank[fromLayer];
              const b = layerRank[toLayer];
              if (a === undefined || b === undefined) report(`'${fromLayer}' or '${toLayer}' is not a known core layer (eslint.config.mjs).`);
              else if (b >= a) report(`core/${fromLayer} may not import core/${toLayer}: layers import downwards (model < syntax < libraries < analysis < features).`);
            }
          }
        }
        if (inClient && spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!relative(server, target).startsWith('..') && relative(server, target).replace(/\.ts$/, '') !== 'protocol') {
            report(`The client renders what the server sends: import only server/src/protocol.ts, not '${spec}'.`);
          }
        }
      }
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check, CallExpression: check };
  },
};

export default [
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench/.cache/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { citelens: { rules: { 'core-boundary': coreBoundary } } },
    rules: { 'citelens/core-boundary': 'error' },
  },
];
