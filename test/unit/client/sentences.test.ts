// Errors the client shows read as sentences with workspace-relative paths.
import { describe, expect, it } from 'vitest';
import { readableError } from '../../../client/src/sentences';

describe('readableError', () => {
  const folders = ['file:///home/w/thesis'];
  it('drops the language client wrapper and shows paths relative to the workspace', () => {
    const raw = new Error('Request textDocument/rename failed with message: cannot rename in file:///home/w/thesis/chapters/ch%201.tex: the file changed on disk');
    expect(readableError(raw, folders)).toBe('Cannot rename in chapters/ch 1.tex: the file changed on disk.');
  });
  it('keeps a path outside the workspace absolute, and a finished sentence as it is', () => {
    expect(readableError('Could not read file:///tmp/refs.bib.', folders)).toBe('Could not read /tmp/refs.bib.');
    expect(readableError('', folders)).toBe('Something went wrong; see Citelens: Show Output.');
  });
});
