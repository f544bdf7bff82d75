// Error text for people: the language client's `Request textDocument/rename failed with message:`
// wrapper removed, file URIs shown as workspace-relative paths, one capitalised sentence with a
// full stop. Pure (no vscode) so it can be unit-tested.

export function readableError(error: unknown, folders: readonly string[]): string {
  let text = error instanceof Error ? error.message : String(error);
  text = text.replace(/^Request [\w/$.-]+ failed(?: with message:|\.)\s*/i, '').trim();
  text = text.replace(/file:\/\/[^\s'"`)\]]+/g, (uri) => relativePath(uri.replace(/[.,;:]+$/, ''), folders) + uri.slice(uri.replace(/[.,;:]+$/, '').length));
  if (text === '') return 'Something went wrong; see Citelens: Show Output.';
  text = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function relativePath(uri: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (uri.startsWith(prefix)) return decode(uri.slice(prefix.length));
  }
  return decode(uri.slice('file://'.length));
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
