// Locates the shared real-data corpus for the bib tests; tests skip with a message when it is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `$CITELENS_SHARED/corpus`, else the `shared/corpus` folder beside the project, else undefined. */
export function corpusDir(): string | undefined {
  const candidates = [
    process.env.CITELENS_SHARED && join(process.env.CITELENS_SHARED, 'corpus'),
    process.env.CITELENS_SHARED,
    resolve(__dirname, '../../../../shared/corpus'),
  ];
  return candidates.find((dir): dir is string => !!dir && existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.bib')));
}

export const corpus = corpusDir();
if (!corpus) console.warn('bib corpus tests skipped: no shared/corpus beside the project and CITELENS_SHARED is not set');

export function corpusBytes(name: string): Uint8Array {
  return readFileSync(join(corpus ?? '.', name));
}

/** Expected entry counts, read from the corpus README table (`| file.bib | 92 | ...`). */
export function expectedCounts(): Map<string, number> {
  const readme = readFileSync(join(corpus ?? '.', 'README.md'), 'utf8');
  const counts = new Map<string, number>();
  for (const m of readme.matchAll(/^\|\s*([\w.-]+\.bib)\s*\|\s*(\d+)\s*\|/gm)) counts.set(m[1] as string, Number(m[2]));
  return counts;
}
