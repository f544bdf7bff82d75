// The Import References request: parse a pasted list, and with `into`, append the new entries to
// a bibliography file (never rewriting it), then have the state read the file again.
import { importReferences } from '../core/features/importRefs';
import { isDuplicate, skippedSummary } from '../core/refs/skipped';
import type { ImportParams, ImportResult } from '../core/features/customTypes';
import { normalizeUri, uriBasename } from '../core/model/uri';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { langOf } from '../core/model/workspace';
import { appendToFile, loadBibliography, loadDoc, pathOf } from '../host';
import { invalidParams } from './convert';
import type { State } from './state';

export async function importInto(state: State, params: ImportParams): Promise<ImportResult> {
  if (typeof params?.text !== 'string') throw invalidParams('text must be a string.');
  if (params.into !== undefined && typeof params.into !== 'string') throw invalidParams('into must be a string.');
  const ws = state.current();
  const target = params.into ? normalizeUri(params.into) : undefined;
  const existing = [...ws.bibs.values()].flatMap((f) => f.entries);
  if (target) {
    // The target may not be indexed (or may have changed on disk): its keys must not be reused.
    const loaded = await loadBibliography(target);
    if ('file' in loaded) existing.push(...loaded.file.entries);
  }
  const found = importReferences(params.text, { taken: new Set(existing.map((e) => e.key)), existing });
  // The client shows these as they are: one wording for the CLI, the preview and the dialog.
  const result = { ...found, skipped: found.skipped.map((s) => ({ ...s, duplicate: isDuplicate(s.reason) })), summary: skippedSummary(found.skipped) };
  if (!target || result.keys.length === 0) return result;
  const refusal = await refuseTarget(state, target);
  if (refusal) throw new ResponseError(LSPErrorCodes.RequestFailed, refusal, { citelens: 'refused' });
  await appendToFile(target, result.bibtex);
  await state.diskChanged([target], false);
  return { ...result, appendedTo: target };
}

/** Why entries must not be appended to `target`, or undefined when they may. */
async function refuseTarget(state: State, target: string): Promise<string | undefined> {
  if (langOf(target) !== 'bib') return `${pathOf(target)} is not a BibTeX file (.bib); nothing was imported.`;
  // Appending on disk behind an editor with unsaved changes would make the two disagree.
  const open = state.current().docs.get(target);
  if (open && open.version >= 0) {
    const disk = await loadDoc(target);
    if (!disk || disk.text !== open.text) return `Nothing was written: ${uriBasename(target)} is open with changes that are not saved. Save it, then import again.`;
  }
  return undefined;
}
