// What the output channel says about bibliographies read from disk: one sentence per file with
// its entries, errors and the time taken, so a writer can see what Citelens loaded and why a key
// is missing. Sentences only; the session sends them at info level.
import type { BibFile } from '../core/model/entry';
import { lineStartsOf, positionAt } from '../core/model/types';
import { relativeTo } from '../core/model/uri';

/** At most this many files are named one by one; a library of hundreds gets a summary line. */
const namedFiles = 20;

export interface ReadReport {
  bibs: readonly BibFile[];
  missing: readonly string[];
  unreadable: readonly { uri: string; reason: string }[];
  /** How long the reading took, when it is not already said elsewhere. */
  ms?: number;
}

export function describeReads(folders: readonly string[], read: ReadReport): string[] {
  const where = (uri: string) => relativeTo(folders.find((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`)), uri);
  const lines: string[] = [];
  for (const bib of read.bibs.slice(0, namedFiles)) {
    const n = bib.entries.length;
    const first = bib.errors[0];
    const errors = bib.errors.length === 0 ? 'no errors' : `${bib.errors.length} ${bib.errors.length === 1 ? 'error' : 'errors'}, the first on line ${positionAt(lineStartsOf(bib), first!.span.start).line + 1}: ${first!.message}`;
    lines.push(`Read ${where(bib.file)} (${bib.format}): ${n} ${n === 1 ? 'entry' : 'entries'}, ${errors}.`);
  }
  if (read.bibs.length > namedFiles) {
    const rest = read.bibs.slice(namedFiles);
    lines.push(`Read ${rest.length} more bibliographies with ${rest.reduce((s, b) => s + b.entries.length, 0)} entries.`);
  }
  for (const uri of read.missing) lines.push(`${where(uri)} does not exist; citations of its keys are reported as unknown.`);
  for (const u of read.unreadable) lines.push(`${where(u.uri)} was not read: ${u.reason}`);
  if (read.ms !== undefined && read.bibs.length + read.missing.length + read.unreadable.length > 0) lines.push(`Reading took ${read.ms} ms.`);
  return lines;
}
