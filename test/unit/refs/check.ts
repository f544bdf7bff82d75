// Shared by the fixture tests of the importer: pastes a list through the whole import path
// (split, parse, entries) with the style left to be detected and compares what came out.
import { expect } from 'vitest';
import { importReferences } from '../../../server/src/core/refs/toEntry';

export interface Expected {
  names?: string[];
  title?: string;
  editors?: string[];
  type?: string;
  container?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  year?: string;
  arxiv?: string;
  doi?: string;
  publisher?: string;
  /** Fields the import must report as needing a look. */
  unsure?: string[];
}

/** Imports `list` and compares each imported reference, in order, with `expected`; nothing may be skipped. */
export function check(list: string, expected: Expected[]): void {
  const { imported, skipped } = importReferences(list);
  expect(skipped).toEqual([]);
  const got = imported.map((r, i) => {
    const want = expected[i] ?? {};
    const p = r.parsed;
    const out: Expected = {};
    if (want.editors) out.editors = [...p.editors.map((a) => (a.literal ? `{${a.literal}}` : `${a.family}|${a.initials ?? ''}`)), ...(p.editorsOthers ? ['others'] : [])];
    if (want.type) out.type = r.entry.type;
    if (want.names) out.names = [...p.authors.map((a) => (a.literal ? `{${a.literal}}` : `${a.prefix ? `${a.prefix} ` : ''}${a.family}|${a.initials ?? ''}`)), ...(p.others ? ['others'] : [])];
    for (const f of ['title', 'container', 'volume', 'issue', 'pages', 'year', 'arxiv', 'doi', 'publisher'] as const) if (f in want) out[f] = p[f];
    if (want.unsure) out.unsure = want.unsure.filter((f) => r.lowConfidence.includes(f as never));
    return out;
  });
  expect(got).toEqual(expected);
}
