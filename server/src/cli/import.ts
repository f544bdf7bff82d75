// `citelens import refs.txt [--style auto] [--format bibtex|csl-json] [--into refs.bib] [--key-pattern ...]`:
// the thin IO layer around core/refs. Appending to --into never truncates the existing file.
import { readFileSync } from 'node:fs';
import { decodeBytes } from '../core/syntax/bib/encoding';
import { appendToFile, readRegularFile, uriOf } from '../host';
import { printable, printableLine } from './terminal';
import { writeBibtex } from '../core/syntax/bib/bibtexWriter';
import { bibtexKeys } from '../core/syntax/bib/keys';
import { readBibtex } from '../core/syntax/bib/bibtex';
import { indexEntries } from '../core/refs/sameWork';
import { skippedSummary } from '../core/refs/skipped';
import { importReferences, toCslItem } from '../core/refs/toEntry';
import type { RefStyle } from '../core/refs/types';

const STYLES = new Set(['auto', 'nature', 'vancouver', 'apa', 'ieee', 'harvard', 'chicago']);
const USAGE = 'usage: citelens import <refs.txt|-> [--style auto|nature|vancouver|apa|ieee|harvard|chicago] [--format bibtex|csl-json] [--into refs.bib] [--key-pattern "[auth][year][title]"]';

export async function run(args: string[]): Promise<number> {
  let input: string | undefined;
  let style = 'auto';
  let format = 'bibtex';
  let into: string | undefined;
  let keyPattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = () => args[++i];
    if (a === '--style') style = value() ?? '';
    else if (a === '--format') format = value() ?? '';
    else if (a === '--into') into = value();
    else if (a === '--key-pattern') keyPattern = value();
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return 0;
    } else if (!input) input = a;
    else {
      console.error(`unexpected argument: ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (!input || !STYLES.has(style) || (format !== 'bibtex' && format !== 'csl-json') || (into && format !== 'bibtex')) {
    console.error(USAGE + (into && format !== 'bibtex' ? '\n--into writes BibTeX only' : ''));
    return 2;
  }
  let text: string;
  if (input === '-') text = readFileSync(0, 'utf8');
  else {
    const read = await readRegularFile(input);
    if (!('bytes' in read)) {
      console.error(`citelens: cannot read ${input}: ${'refused' in read ? `it ${read.refused}` : read.missing === 'ENOENT' ? 'no such file' : read.missing}`);
      return 2;
    }
    text = decodeBytes(read.bytes).text;
  }
  let existing = '';
  if (into) {
    const read = await readRegularFile(into);
    if ('refused' in read) {
      console.error(`citelens: nothing was written to ${into}: it ${read.refused}`);
      return 2;
    }
    // The keys already there must not be reused, whatever the file's encoding.
    if ('bytes' in read) existing = decodeBytes(read.bytes).text;
  }
  const result = importReferences(text, {
    style: style as 'auto' | RefStyle,
    keyPattern,
    taken: bibtexKeys(existing),
    existing: into ? indexEntries(readBibtex(existing, into).entries) : undefined,
  });

  for (const s of result.skipped) console.error(printableLine(`skipped: ${s.reason}: ${s.text.slice(0, 100)}`));
  for (const r of result.imported) {
    if (r.lowConfidence.length > 0) console.error(printableLine(`${r.key}: check ${r.lowConfidence.join(', ')} (${r.parsed.notes.join('; ')})`));
  }
  if (format === 'csl-json') {
    await print(JSON.stringify(result.imported.map((r) => toCslItem(r.parsed, r.key)), null, 2) + '\n');
    return 0;
  }
  const bib = writeBibtex(result.imported.map((r) => r.entry));
  if (!into) {
    await print(bib);
    return 0;
  }
  const duplicates = result.skipped.filter((s) => s.duplicateOf).length;
  if (result.imported.length === 0) {
    // Nothing new: the file is left exactly as it was.
    console.error(printable(`nothing appended to ${into}: ${skippedSummary(result.skipped) || 'the list is empty.'}`));
    return duplicates === result.skipped.length && duplicates > 0 ? 0 : 1;
  }
  // Append only, in the file's own encoding: the existing bytes are never rewritten (host.ts).
  try {
    await appendToFile(uriOf(into), bib);
  } catch (err) {
    console.error(printable(`citelens: ${(err as Error).message}`));
    return 1;
  }
  console.error(printable(`appended ${result.imported.length} entries to ${into}${result.skipped.length ? `; ${skippedSummary(result.skipped)}` : ''}`));
  return 0;
}

/** Resolves once the text has reached the OS: the dispatcher exits right after, which would cut a piped stdout short. */
function print(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}
