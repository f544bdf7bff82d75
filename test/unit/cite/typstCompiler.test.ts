// The Typst reading against the Typst compiler itself (Typst 0.14 through the npm package
// @myriaddreamin/typst-ts-node-compiler). For every project of the corpus, each root is compiled
// twice: as it is, where the compiler's "key `x` does not exist in the bibliography", "label
// `<x>` does not exist in the document" and "label `<x>` occurs both in the document and its
// bibliography" errors must be exactly our unknown-key and label-and-key diagnostics, at the same
// places; and with every bibliography file replaced by one holding a single unrelated entry, where
// every citation becomes such an error, so the compiler lists every citation it sees and ours must
// be the same. Skipped, with a message, where the compiler cannot load.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { citationsOf } from '../../../server/src/core/analysis/citations';
import { typstPath, typstRoot } from '../../../server/src/core/analysis/typstProject';
import { readTypst } from '../../../server/src/core/syntax/cite/typst';
import { diagnose } from '../../../server/src/core/features/diagnostics';
import { lineStarts, positionAt } from '../../../server/src/core/model/types';
import { normalizeUri } from '../../../server/src/core/model/uri';
import { defaultSettings, type Workspace } from '../../../server/src/core/model/workspace';
import { loadWorkspace } from '../../../server/src/load';

interface CompilerDiagnostic {
  message: string;
  path: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } } | null;
  severity: number;
}

interface Compiler {
  mapShadow(path: string, content: Buffer): void;
  resetShadow(): void;
  compile(opts: { mainFilePath: string }): { takeDiagnostics(): unknown };
  fetchDiagnostics(error: unknown): CompilerDiagnostic[];
}

function loadCompiler(): { create(args: { workspace: string }): Compiler } | string {
  try {
    const required = createRequire(__filename)('@myriaddreamin/typst-ts-node-compiler') as { NodeCompiler: { create(args: { workspace: string }): Compiler } };
    return required.NodeCompiler;
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] ?? String(err) : String(err);
  }
}

const compiler = loadCompiler();
if (typeof compiler === 'string') console.warn(`The Typst compiler package cannot load here (${compiler}): the comparison with Typst is skipped.`);

/** Our corpus, real projects on this machine that contain Typst files, and folders named in CITELENS_TYPST_CORPUS. */
const corpusDir = join(__dirname, '../../fixtures/typst-corpus');

function projects(): string[] {
  const found = readdirSync(corpusDir)
    .map((d) => join(corpusDir, d))
    .filter((d) => statSync(d).isDirectory());
  const realworld = '/work/shared/realworld';
  if (existsSync(realworld)) {
    const withTypst = readdirSync(realworld)
      .map((d) => join(realworld, d))
      .filter((d) => statSync(d).isDirectory() && typstFiles(d).length > 0);
    if (withTypst.length === 0) console.warn(`${realworld} holds no Typst project; only our own corpus is compared with Typst.`);
    found.push(...withTypst);
  } else console.warn(`${realworld} is absent; only our own corpus is compared with Typst.`);
  for (const extra of (process.env.CITELENS_TYPST_CORPUS ?? '').split(':').filter(Boolean)) found.push(extra);
  return found;
}

function typstFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) typstFiles(full, out);
    else if (e.name.endsWith('.typ')) out.push(full);
  }
  return out;
}

function bibFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) bibFiles(full, out);
    else if (/\.(bib|ya?ml)$/i.test(e.name)) out.push(full);
  }
  return out;
}

/** One citation or unknown key, as `file:line:col key`, where `col` is where the compiler's range starts. */
type Place = { file: string; line: number; start: number; end: number; key: string; viaHelper?: boolean };

const keyError = /^key `(.+)` does not exist in the bibliography/;
const labelError = /^label `<(.+)>` does not exist in the document/;
const bothError = /^label `<(.+)>` occurs both in the document and its bibliography/;
/** Says no key: the key is read from the source under the compiler's range. */
const noBibliography = /^the document does not contain a bibliography/;

function compilerPlaces(c: Compiler, main: string, dir: string): { places: Place[]; other: string[] } {
  const result = c.compile({ mainFilePath: main });
  const error = result.takeDiagnostics();
  const places: Place[] = [];
  const other: string[] = [];
  if (!error) return { places, other };
  for (const d of c.fetchDiagnostics(error)) {
    const m = keyError.exec(d.message) ?? labelError.exec(d.message) ?? bothError.exec(d.message);
    if ((!m && !noBibliography.test(d.message)) || !d.range) {
      if (d.severity === 1) other.push(d.message);
      continue;
    }
    const text = readFileSync(d.path, 'utf8');
    const starts = lineStarts(text);
    const offset = (p: { line: number; character: number }) => (starts[p.line] ?? 0) + utf16(text, starts[p.line] ?? 0, p.character);
    const start = offset(d.range.start);
    const end = offset(d.range.end);
    const written = /<([^<>\s]+)>|label\("([^"]*)"\)/.exec(text.slice(start, end));
    const key = m ? (m[1] as string) : (written?.[1] ?? written?.[2] ?? '');
    places.push({ file: relative(dir, d.path), line: d.range.start.line + 1, start, end, key });
  }
  return { places, other };
}

/**
 * The compiler counts columns in UTF-16 code units like LSP; this keeps that assumption in one
 * place (and checks it: a column past the line's end would be a different counting).
 */
function utf16(text: string, lineStart: number, character: number): number {
  const lineEnd = text.indexOf('\n', lineStart);
  expect(lineStart + character).toBeLessThanOrEqual(lineEnd < 0 ? text.length : lineEnd);
  return character;
}

function fileOf(uri: string, dir: string): string {
  return relative(dir, decodeURIComponent(uri.replace(/^file:\/\//, '')));
}

/**
 * Pairs each of ours with a compiler place of the same file and key whose range holds our key. A
 * citation through a citing function (`#see(<key>)`) is reported by the compiler inside that
 * function, so it pairs with a place of the same key anywhere, after the direct ones.
 */
function compare(ours: Place[], theirs: Place[]): { onlyOurs: string[]; onlyTheirs: string[] } {
  const left = [...theirs];
  const onlyOurs: string[] = [];
  for (const o of [...ours.filter((p) => !p.viaHelper), ...ours.filter((p) => p.viaHelper)]) {
    const i = left.findIndex((t) => t.key === o.key && (o.viaHelper || (t.file === o.file && t.start <= o.start && o.end <= t.end)));
    if (i >= 0) left.splice(i, 1);
    else onlyOurs.push(`${o.file}:${o.line} ${o.key}`);
  }
  return { onlyOurs, onlyTheirs: left.map((t) => `${t.file}:${t.line} ${t.key}`) };
}

function placesOf(ws: Workspace, dir: string, uris: string[], pick: 'unknown' | 'cited'): Place[] {
  const out: Place[] = [];
  for (const uri of uris) {
    const doc = ws.docs.get(uri);
    if (!doc) continue;
    const starts = lineStarts(doc.text);
    const citations = citationsOf(ws, doc);
    const direct = new Set(['@', '#cite', '#ref']);
    const place = (key: string, span: { start: number; end: number }) => {
      const viaHelper = citations.some((c) => c.span.start === span.start && !direct.has(c.command));
      return { file: fileOf(uri, dir), line: positionAt(starts, span.start).line + 1, start: span.start, end: span.end, key, viaHelper };
    };
    if (pick === 'unknown') {
      const codes = new Set(['citation.unknown-key', 'citation.label-and-key', 'citation.no-bibliography']);
      for (const d of diagnose(ws, uri)) if (codes.has(d.code) && d.data?.key) out.push(place(d.data.key, d.span));
    } else for (const c of citations) if (!c.all) out.push(place(c.key, c.span));
  }
  return out;
}

/**
 * Typst does not lay out the supplement of a reference that fails, so a citation inside
 * `@a[see @b]` goes unreported when `@a` is unknown: such nested citations cannot be compared.
 */
function nestedInFailing(ws: Workspace, dir: string, uris: string[]): Set<string> {
  const out = new Set<string>();
  for (const uri of uris) {
    const doc = ws.docs.get(uri);
    if (!doc) continue;
    const list = citationsOf(ws, doc);
    const starts = lineStarts(doc.text);
    for (const inner of list) {
      if (list.some((outer) => outer !== inner && outer.groupSpan.start < inner.span.start && inner.span.end <= outer.groupSpan.end)) {
        out.add(`${fileOf(uri, dir)}:${positionAt(starts, inner.span.start).line + 1} ${inner.key}`);
      }
    }
  }
  return out;
}

/**
 * Citations the compiler sees and we do not, per project, each with the reason. A place listed here
 * is excused only while the compiler reports it and we do not, so an entry that is fixed fails.
 */
const deviations: Record<string, { onlyTheirs?: string[]; onlyOurs?: string[]; why: string }> = {
  'code-heavy': {
    onlyOurs: ['main.typ:12 untaken-but-parsed'],
    why:
      'A citation in the branch of an `#if` that is not taken is never evaluated, so the compiler ' +
      'does not see it; we read every branch, as an editor must while the condition may change.',
  },
};

/** A bibliography with one entry of its own (two files of one bibliography may not share a key). */
const stub = (file: string, n: number) => (file.endsWith('.bib') ? `@misc{citelens-stub-${n}, title = {Stub}}\n` : `citelens-stub-${n}:\n  type: misc\n  title: Stub\n`);
const expected = (messages: string[]) => messages.filter((m) => !/^cannot reference/.test(m));

describe.skipIf(typeof compiler === 'string')('Typst citations against the Typst compiler', () => {
  for (const dir of projects()) {
    it(`agrees on ${relative(join(__dirname, '../..'), dir) || dir}`, async () => {
      const c = (compiler as Exclude<typeof compiler, string>).create({ workspace: dir });
      const folder = `${normalizeUri(pathToFileURL(dir).href)}/`;
      const { ws } = await loadWorkspace({ folders: [folder], settings: defaultSettings });
      const uris = [...ws.docs.values()].filter((d) => d.lang === 'typst').map((d) => d.uri);
      // A root is a file nobody includes or imports: a template module is not a document.
      const imported = new Set(uris.flatMap((u) => readTypst(ws.docs.get(u)?.text ?? '').imports.map((i) => typstPath(ws, u, i.path))));
      const roots = uris.filter((u) => typstRoot(ws, u) === u && !imported.has(u));
      expect(roots.length).toBeGreaterThan(0);
      const report: string[] = [];
      // Our own documents must compile; someone else's may need packages or fonts this offline
      // compiler lacks, and such a root is left out with a message instead.
      const ownCorpus = !relative(corpusDir, dir).startsWith('..');
      const differences: { root: string; unknown: ReturnType<typeof compare>; cited: ReturnType<typeof compare> }[] = [];
      for (const root of roots) {
        const members = uris.filter((u) => typstRoot(ws, u) === root);
        const main = decodeURIComponent(root.replace(/^file:\/\//, ''));

        // The compiler would fetch `@preview/...` packages from the network; this test never does.
        const packages = members.flatMap((u) => readTypst(ws.docs.get(u)?.text ?? '').imports.filter((i) => i.path.startsWith('@')).map((i) => i.path));
        if (packages.length > 0) {
          console.warn(`${main} imports Typst packages (${packages.join(', ')}), which this offline test does not fetch, so it is not compared.`);
          continue;
        }
        c.resetShadow();
        const real = compilerPlaces(c, main, dir);
        if (!ownCorpus && expected(real.other).length > 0) {
          console.warn(`${main} does not compile here for reasons other than citations, so it is not compared: ${expected(real.other).join('; ')}`);
          continue;
        }
        expect(expected(real.other), `${main} must compile apart from citations`).toEqual([]);
        const unknown = compare(placesOf(ws, dir, members, 'unknown'), real.places);

        bibFiles(dir).forEach((bib, n) => c.mapShadow(bib, Buffer.from(stub(bib, n))));
        const all = compilerPlaces(c, main, dir);
        c.resetShadow();
        expect(expected(all.other), `${main} must compile with stub bibliographies apart from citations`).toEqual([]);
        const nested = nestedInFailing(ws, dir, members);
        const cited = compare(placesOf(ws, dir, members, 'cited'), all.places);
        const excused = cited.onlyOurs.filter((p) => nested.has(p));
        cited.onlyOurs = cited.onlyOurs.filter((p) => !nested.has(p));
        differences.push({ root: relative(dir, main), unknown, cited });
        report.push(`${relative(dir, main)}: ${all.places.length} citations, ${real.places.length} unknown${excused.length ? `, ${excused.length} inside a failing supplement not comparable` : ''}`);
      }
      if (!ownCorpus && report.length === 0) console.warn(`${dir}: no root could be compiled here; nothing was compared.`);
      const deviation = deviations[relative(corpusDir, dir)];
      if (deviation) {
        for (const side of ['onlyTheirs', 'onlyOurs'] as const) {
          const listed = deviation[side] ?? [];
          const seen = differences.flatMap((d) => [...d.cited[side], ...d.unknown[side]]);
          expect(seen, `the deviation noted for ${dir} still holds`).toEqual(expect.arrayContaining(listed));
          for (const d of differences) {
            d.cited[side] = d.cited[side].filter((p) => !listed.includes(p));
            d.unknown[side] = d.unknown[side].filter((p) => !listed.includes(p));
          }
        }
      }
      const none = { onlyOurs: [], onlyTheirs: [] };
      expect(differences).toEqual(differences.map((d) => ({ root: d.root, unknown: none, cited: none })));
      console.log(`${relative(join(__dirname, '../..'), dir)}: ${report.join('; ')}`);
    });
  }
});
