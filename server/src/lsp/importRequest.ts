// The Import References request: parse a pasted list, and with `into`, append the new entries to
// a bibliography file (never rewriting it), then have the state read the file again.
import { importReferences } from '../core/features/importRefs';
import { isDuplicate, skippedSummary } from '../core/refs/skipped';
import type { ImportParams, ImportResult } from '../core/features/customTypes';
import { normalizeUri, uriBasename } from '../core/model/uri';
import { langOf } from '../core/model/workspace';
import type { BibFile } from '../core/model/entry';
import { hasText } from '../core/model/fileText';
import { appendToFile, loadBibliography, pathOf } from '../host';
import { invalidParams, refused } from './convert';
import type { State } from './state';

export async function importInto(state: State, params: ImportParams): Promise<ImportResult> {
  if (typeof params?.text !== 'string') throw invalidParams('text must be a string.');
  if (params.into !== undefined && typeof params.into !== 'string') throw invalidParams('into must be a string.');
  const ws = state.current();
  const target = params.into ? normalizeUri(params.into) : undefined;
  const existing = [...ws.bibs.values()].flatMap((f) => f.entries);
  // The target as it is on disk now: it may not be indexed, or may have changed; its keys must not be reused.
  const onDisk = target ? await loadBibliography(target) : undefined;
  if (onDisk && 'file' in onDisk) existing.push(...onDisk.file.entries);
  const found = importReferences(params.text, { taken: new Set(existing.map((e) => e.key)), existing });
  // The client shows these as they are: one wording for the CLI, the preview and the dialog.
  const result = { ...found, skipped: found.skipped.map((s) => ({ ...s, duplicate: isDuplicate(s.reason) })), summary: skippedSummary(found.skipped) };
  if (!target || result.keys.length === 0) return result;
  const refusal = refuseTarget(state, target, onDisk && 'file' in onDisk ? onDisk.file : undefined);
  if (refusal) throw refused(refusal);
  await appendToFile(target, result.bibtex);
  await state.diskChanged([target], false);
  return { ...result, appendedTo: target };
}

/** Why entries must not be appended to `target` (as `onDisk` holds it on disk), or undefined when they may. */
function refuseTarget(state: State, target: string, onDisk: BibFile | undefined): string | undefined {
  if (langOf(target) !== 'bib') return `${pathOf(target)} is not a BibTeX file (.bib); nothing was imported.`;
  // Appending on disk behind an editor with unsaved changes would make the two disagree.
  const open = state.current().docs.get(target);
  if (open && open.version >= 0) {
    if (!onDisk || !hasText(onDisk, open.text)) return `Nothing was written: ${uriBasename(target)} is open with changes that are not saved. Save it, then import again.`;
  }
  return undefined;
}
