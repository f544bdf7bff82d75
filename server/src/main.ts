// Node entry of the language server: IPC when VS Code starts it, `--stdio` for any other editor.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

if (process.argv.includes('--version')) {
  console.log('citelens-lsp 0.1.0');
  process.exit(0);
}
if (process.argv.includes('--help')) {
  console.log('usage: citelens-lsp --stdio | --node-ipc | --socket=<port>\nThe Citelens language server: citation completion, hover, diagnostics, navigation and rename.');
  process.exit(0);
}

startServer(createConnection(ProposedFeatures.all));
