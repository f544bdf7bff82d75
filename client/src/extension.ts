// VS Code entry point: starts the language client. Placeholder until the client issue lands.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
