// Rename in VS Code: when the server refuses (a taken or invalid key, a position inside a citation
// but not on a key), no other rename provider may act. VS Code asks its rename providers in turn,
// and a provider error *with a message* means "not mine, ask the next one": VS Code's Markdown
// rename would then rename `[@key]` as a link label and drop the `@`. So a refusal is shown by us
// and ends the rename: an empty edit for the rename itself, an error without a message for the
// prepare step (which VS Code treats as a failure, not a pass).
import * as vscode from 'vscode';
import { PrepareRenameRequest, ResponseError, type LanguageClient, type Middleware, type PrepareRenameResult } from 'vscode-languageclient/node';
import { readableError } from './sentences';

const folders = () => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());

interface Refusal {
  citelens: 'refused';
  claim?: unknown;
}

function refusal(error: unknown): string | undefined {
  if (!(error instanceof ResponseError)) return undefined;
  const data = error.data as Refusal | undefined;
  return data?.citelens === 'refused' ? error.message : undefined;
}

export function renameMiddleware(client: () => LanguageClient | undefined): Middleware {
  return {
    async prepareRename(document, position, token, next) {
      const c = client();
      if (!c) return next(document, position, token);
      let result: PrepareRenameResult | null;
      try {
        result = await c.sendRequest(PrepareRenameRequest.type, c.code2ProtocolConverter.asTextDocumentPositionParams(document, position), token);
      } catch (error) {
        const message = refusal(error);
        if (message === undefined) throw error;
        void vscode.window.showWarningMessage(`Citelens: ${readableError(message, folders())}`);
        throw new Error('');
      }
      if (!result) return null;
      if ('range' in result) return { range: c.protocol2CodeConverter.asRange(result.range), placeholder: result.placeholder };
      if ('start' in result) return c.protocol2CodeConverter.asRange(result);
      // `{ defaultBehavior }`: let the client's own handling decide.
      return next(document, position, token);
    },
    async provideRenameEdits(document, position, newName, token, next) {
      try {
        return await next(document, position, newName, token);
      } catch (error) {
        // A failure is shown as a sentence too (not the client's raw `Request ... failed` text
        // with file URIs), and ends the rename like a refusal does.
        const message = refusal(error) ?? (error instanceof ResponseError ? error.message : undefined);
        if (message === undefined) throw error;
        void vscode.window.showErrorMessage(`Citelens did not rename: ${readableError(message, folders())}`);
        return new vscode.WorkspaceEdit();
      }
    },
  };
}
