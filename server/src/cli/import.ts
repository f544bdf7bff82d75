// `citelens import refs.txt [--style auto] [--format bibtex|csl-json] [--into refs.bib] [--key-pattern ...]`:
// the thin IO layer around core/refs. Appending to --into never truncates the existing file.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeBibtex } from '../core/bib/bibtexWriter';
import { readBibtex } from '../core/bib/bibtex';
import { bibtexKeys } from '../core/bib/keys';
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
  const text = input === '-' ? readFileSync(0, 'utf8') : readFileSync(input, 'utf8');
  const bytes = into && existsSync(into) ? readFileSync(into) : Buffer.alloc(0);
  const existing = bytes.toString('utf8');
  // Appending UTF-8 to a file in another encoding would corrupt it: refuse, and touch nothing.
  if (into && !Buffer.from(existing, 'utf8').equals(bytes)) {
    console.error(`${into} is not UTF-8 text: nothing appended (convert it to UTF-8 first)`);
    return 1;
  }
  const result = importReferences(text, {
    style: style as 'auto' | RefStyle,
    keyPattern,
    taken: bibtexKeys(existing),
    existing: into ? indexEntries(readBibtex(existing, into).entries) : undefined,
  });

  for (const s of result.skipped) console.error(`skipped: ${s.reason}: ${s.text.slice(0, 100)}`);
  for (const r of result.imported) {
    if (r.lowConfidence.length > 0) console.error(`${r.key}: check ${r.lowConfidence.join(', ')} (${r.parsed.notes.join('; ')})`);
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
    console.error(`nothing appended to ${into}: ${skippedSummary(result.skipped) || 'the list is empty.'}`);
    return duplicates === result.skipped.length && duplicates > 0 ? 0 : 1;
  }
  // Append only: the existing text is never rewritten, and a missing final newline is added first.
  const separator = existing === '' ? '' : existing.endsWith('\n') ? '\n' : '\n\n';
  appendFileSync(into, separator + bib, 'utf8');
  console.error(`appended ${result.imported.length} entries to ${into}${result.skipped.length ? `; ${skippedSummary(result.skipped)}` : ''}`);
  return 0;
}

/** Resolves once the text has reached the OS: the dispatcher exits right after, which would cut a piped stdout short. */
function print(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}
