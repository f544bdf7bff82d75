// The Markdown citation finder against Pandoc itself: for every document of the corpus in
// test/fixtures/markdown-citations/, the keys we find must be the ids of the `Cite` elements of
// `pandoc -f markdown -t json`, the same multiset in the same order. Skipped when Pandoc is absent.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../../server/src/core/syntax/cite/index';
import { isQuartoCrossRef, scanBlocks } from '../../../server/src/core/syntax/cite/markdown';
import type { Span } from '../../../server/src/core/model/types';

const corpus = join(__dirname, '../../fixtures/markdown-citations');
const documents = readdirSync(corpus)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .sort();

const probe = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
const pandocVersion = probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
if (!pandocVersion) console.warn('Pandoc is absent: the comparison of the Markdown citation corpus with Pandoc is skipped.');

/**
 * Keys we report and Pandoc does not, each with the reason we keep ours. A key listed here is
 * excused only while Pandoc leaves it out, so a Pandoc that agrees with us needs no entry.
 */
const deviations: Record<string, { onlyOurs: string[]; why: string }> = {
  'line-broken-groups.md': {
    onlyOurs: ['kappa2010'],
    why:
      'Pandoc 2.17 reads "[see @iota2009;" + blank line + "@kappa2010]." as one paragraph ' +
      '"[see @iota2009;]." and drops the text between (`pandoc -t native` shows Str "it;]"). The ' +
      'manual says a blank line ends a paragraph, so @kappa2010 is an in-text citation.',
  },
};

/** Every `Cite` element's citation ids, in tree order. */
function citeIds(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) citeIds(child, out);
  else if (node && typeof node === 'object') {
    const element = node as { t?: unknown; c?: unknown };
    if (element.t === 'Cite' && Array.isArray(element.c)) {
      for (const citation of element.c[0] as { citationId: string }[]) out.push(citation.citationId);
    }
    for (const value of Object.values(node)) citeIds(value, out);
  }
  return out;
}

function runPandoc(text: string): { meta: string[]; body: string[] } {
  const run = spawnSync('pandoc', ['-f', 'markdown', '-t', 'json'], { input: text, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`pandoc failed: ${run.stderr}`);
  const doc = JSON.parse(run.stdout) as { meta: unknown; blocks: unknown };
  // Pandoc reads `@fig-x` as a citation; Quarto makes it a cross-reference, and so do we.
  const keep = (ids: string[]) => ids.filter((id) => !isQuartoCrossRef(id));
  // Pandoc resolves citations in every metadata string; we read front matter's `nocite:` only, on
  // purpose (handles and addresses in author fields would become unknown keys), so only that compares.
  const meta = (doc.meta ?? {}) as Record<string, unknown>;
  return { meta: keep(citeIds(meta.nocite ?? [])), body: keep(citeIds(doc.blocks)) };
}

/**
 * Where Pandoc's tree puts each note definition `[^id]: ...`: at its first `[^id]` reference.
 * A definition runs to the next definition or to the first line after a blank line that is not
 * indented four columns (Pandoc's rule for the blocks of a note).
 */
function noteDefinitions(text: string): { span: Span; reference: number }[] {
  const lines = text.split('\n');
  const out: { span: Span; reference: number }[] = [];
  let at = 0;
  let open: { label: string; start: number } | undefined;
  let blank = false;
  const close = (end: number) => {
    if (!open) return;
    const label = `[^${open.label}]`;
    let reference = text.indexOf(label);
    while (reference >= 0 && text[reference + label.length] === ':') reference = text.indexOf(label, reference + 1);
    if (reference >= 0) out.push({ span: { start: open.start, end }, reference });
    open = undefined;
  };
  for (const line of lines) {
    const definition = /^ {0,3}\[\^([^\]\s]+)\]:/.exec(line);
    if (definition) {
      close(at);
      open = { label: definition[1] as string, start: at };
    } else if (open && blank && line.trim() !== '' && !/^( {4}|\t)/.test(line)) close(at);
    blank = line.trim() === '';
    at += line.length + 1;
  }
  close(text.length);
  return out;
}

/** Our keys split like Pandoc's tree: YAML metadata (`nocite:`), then the body in Pandoc's order. */
function ourKeys(text: string): { meta: string[]; body: string[] } {
  const { citations } = findCitations(text, 'markdown');
  const yaml = scanBlocks(text).yaml;
  const inside = (spans: Span[], offset: number) => spans.find((s) => s.start <= offset && offset < s.end);
  const notes = noteDefinitions(text);
  const meta: string[] = [];
  const body: { key: string; order: [number, number] }[] = [];
  for (const c of citations) {
    if (inside(yaml, c.span.start)) meta.push(c.key);
    else {
      const note = notes.find((n) => n.span.start <= c.span.start && c.span.start < n.span.end);
      body.push({ key: c.key, order: note ? [note.reference, c.span.start] : [c.span.start, c.span.start] });
    }
  }
  body.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return { meta, body: body.map((b) => b.key) };
}

function count(keys: string[], key: string): number {
  return keys.filter((k) => k === key).length;
}

/**
 * Compares one document. Metadata is a map with sorted keys in Pandoc's JSON, so its citations
 * compare as a multiset; body citations compare in order.
 */
function check(name: string) {
  const text = readFileSync(join(corpus, name), 'utf8');
  const pandoc = runPandoc(text);
  const ours = ourKeys(text);
  expect(pandoc.meta.length + pandoc.body.length, 'a document without citations compares nothing').toBeGreaterThan(0);
  for (const key of deviations[name]?.onlyOurs ?? []) {
    expect(ours.body, `${key} is listed as a deviation`).toContain(key);
    if (count(pandoc.body, key) < count(ours.body, key)) ours.body.splice(ours.body.lastIndexOf(key), 1);
  }
  expect([...ours.meta].sort(), 'citations in YAML metadata').toEqual([...pandoc.meta].sort());
  expect(ours.body, 'citations in the body').toEqual(pandoc.body);
  return pandoc.meta.length + pandoc.body.length;
}

describe('the Markdown citation corpus', () => {
  it('has at least 20 documents, one of them with Windows line endings', () => {
    expect(documents.length).toBeGreaterThanOrEqual(20);
    expect(readFileSync(join(corpus, 'crlf-line-endings.md'), 'utf8')).toContain('\r\n');
  });

  it('orders note citations where Pandoc puts the note', () => {
    const text = 'A[^n] then @b.\n\n[^n]: Note @a\n\n    more @c\n\nAfter @d.';
    expect(ourKeys(text).body).toEqual(['a', 'c', 'b', 'd']);
  });
});

describe.skipIf(!pandocVersion)(`Markdown citations agree with ${pandocVersion ?? 'Pandoc'}`, () => {
  let compared = 0;
  it.each(documents)('%s', (name) => {
    compared += check(name);
  });

  it('compared every document', () => {
    console.info(`Compared ${compared} citations in ${documents.length} documents with ${pandocVersion}.`);
    expect(compared).toBeGreaterThan(documents.length);
  });
});

// Without Pandoc the run reports a skipped test that says why, besides the warning above.
if (!pandocVersion) it.skip('Pandoc is absent: install pandoc to compare the Markdown citation corpus with it', () => {});
