// How a reference that was not imported is reported, in one wording for the CLI, the editor's
// preview and its confirm dialog. No imports: the client bundles this file as it is.

export const ALREADY_THERE = 'already in the bibliography as';
export const LISTED_TWICE = 'listed twice: the same work as';

export function isDuplicate(reason: string): boolean {
  return reason.startsWith(ALREADY_THERE) || reason.startsWith(LISTED_TWICE);
}

/** "3 skipped: 2 already there, 1 not understood." — or '' when nothing was skipped. */
export function skippedSummary(skipped: readonly { reason: string }[]): string {
  const n = skipped.length;
  if (n === 0) return '';
  const known = skipped.filter((s) => isDuplicate(s.reason)).length;
  const parts = [known ? `${known} already there` : '', n - known ? `${n - known} not understood` : ''].filter(Boolean);
  return `${n} skipped: ${parts.join(', ')}.`;
}
