// Reads what the e2e tests expect from the sample manuscripts in data/sample: the keys and a few
// fields of the BibTeX entries, and where the Markdown file cites them. Deliberately naive (regular
// expressions, not the project's parser) so the tests do not share a bug with the code under test.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from './harness';

export const sampleDir = process.env.CITELENS_E2E_SAMPLE ?? join(repoRoot, 'data', 'sample');

export interface SampleEntry {
  key: string;
  year: string;
  /** Plain words of five letters or more from the title, in order. */
  titleWords: string[];
}

export interface CitedSpot {
  key: string;
  /** 1-based, as VS Code's Go to Line takes them. */
  line: number;
  column: number;
}

/**
 * The folder the workbench opens: the sample's parent, because the manuscripts refer to the
 * bibliography beside it (`../transparency-review.bib`).
 */
export const workspaceDir = dirname(sampleDir);

/** Says what is missing from data/sample, or undefined when the e2e suite can run. */
export function sampleProblem(): string | undefined {
  for (const name of ['review.md', 'review.tex']) {
    if (!existsSync(join(sampleDir, name))) return `${join(sampleDir, name)} does not exist`;
  }
  if (bibFiles().length === 0) return 'review.md and review.tex name no bibliography that exists';
  return undefined;
}

/** The bibliographies the manuscripts name (YAML `bibliography:` and `\addbibresource{}`). */
function bibFiles(): string[] {
  const md = readFileSync(join(sampleDir, 'review.md'), 'utf8');
  const tex = readFileSync(join(sampleDir, 'review.tex'), 'utf8');
  const named = [
    ...[...md.matchAll(/^bibliography:\s*(.+)$/gm)].map((m) => m[1] ?? ''),
    ...[...md.matchAll(/^\s*-\s*(\S+\.bib)\s*$/gm)].map((m) => m[1] ?? ''),
    ...[...tex.matchAll(/\\(?:addbibresource|bibliography)\{([^}]+)\}/g)].flatMap((m) => (m[1] ?? '').split(',')),
  ];
  const paths = named
    .map((n) => n.trim().replace(/^["']|["']$/g, ''))
    .filter((n) => n.length > 0)
    .map((n) => resolve(sampleDir, n.endsWith('.bib') ? n : `${n}.bib`));
  return [...new Set(paths)].filter((p) => existsSync(p));
}

export function sampleEntries(): SampleEntry[] {
  const entries: SampleEntry[] = [];
  for (const file of bibFiles()) {
    const text = readFileSync(file, 'utf8');
    const starts = [...text.matchAll(/^@(\w+)\s*\{\s*([^,\s]+)\s*,/gm)];
    starts.forEach((m, i) => {
      const type = (m[1] ?? '').toLowerCase();
      if (type === 'comment' || type === 'string' || type === 'preamble') return;
      const body = text.slice(m.index, starts[i + 1]?.index ?? text.length);
      const year = /\b(?:year|date)\s*=\s*[{"]?\s*(\d{4})/i.exec(body)?.[1] ?? '';
      const title = /\btitle\s*=\s*[{"](.*)$/im.exec(body)?.[1] ?? '';
      const titleWords = title.replace(/\\[a-zA-Z]+|[{}\\"]/g, '').split(/[^A-Za-z]+/).filter((w) => w.length >= 5);
      entries.push({ key: m[2] ?? '', year, titleWords });
    });
  }
  return entries;
}

/** Every Pandoc citation of a known key in a Markdown file, with the position of its first letter. */
export function citedSpots(markdown: string, keys: Set<string>): CitedSpot[] {
  const spots: CitedSpot[] = [];
  markdown.split('\n').forEach((text, index) => {
    for (const m of text.matchAll(/(?<![\w@])-?@([\w][\w:.#$%&+?<>~/-]*)/g)) {
      const key = (m[1] ?? '').replace(/[.:]+$/, '');
      if (!keys.has(key)) continue;
      spots.push({ key, line: index + 1, column: (m.index ?? 0) + m[0].indexOf('@') + 2 });
    }
  });
  return spots;
}

export function readSample(name: string): string {
  return readFileSync(join(sampleDir, name), 'utf8');
}
