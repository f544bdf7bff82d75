// Writes the fault-input corpus: one small workspace folder per hostile input (a bibliography that
// is deep, huge, cyclic, quadratic, mis-encoded or not a file at all, and manuscripts that point at
// it), for test/fault/fault.test.ts to run the reader, the CLI and the server over.
// Deterministic (seeded), regenerated on demand, never committed (tens of MB):
//   node scripts/fault-corpus.mjs [outDir]     (default: test-results/fault-corpus)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { random } from '../bench/generate.mjs';

const out = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'test-results', 'fault-corpus'));


const range = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('');
const nest = (n, open, inner, close = '}') => `${open.repeat(n)}${inner}${close.repeat(n)}`;
const markdown = (bib = 'refs.bib', cites = '[@a; @k0; @same; @k1]') => `---\nbibliography: ${bib}\n---\n# Paper\n\nSee ${cites} and @a.\n`;
const latex = (bib = 'refs.bib', cites = '\\cite{a,k0,same}') => `\\documentclass{article}\n\\addbibresource{${bib}}\n\\begin{document}\n${cites}\n\\end{document}\n`;

/** name -> files of the workspace; a value that is a function is called with the folder to make special files. */
const inputs = {};
const bib = (name, text, extra = {}) => (inputs[name] = { 'refs.bib': text, 'paper.md': markdown(), 'paper.tex': latex(), ...extra });

// Deep nesting (issue 16, item 2).
bib('braces-5k', `@article{a, title = {${nest(5000, '{', 'x')}}, author = {${nest(5000, '{', 'Doe, J')}}}\n`);
bib('braces-200k', `@article{a, title = {${nest(200_000, '{', 'x')}}}\n`);
bib('quoted-braces-50k', `@article{a, title = "${nest(50_000, '{', 'x')}"}\n`);
bib('accents-20k', `@article{a, title = {${nest(20_000, '\\"{', 'o')}}, author = {${nest(20_000, "\\'{", 'e')}}}\n`);
bib('math-20k', `@article{a, title = {$${nest(20_000, '{', '\\alpha')}$}}\n`);
bib('quote-commands-20k', `@article{a, title = {${nest(20_000, '\\mkbibquote{', 'q')}}}\n`);
bib('unbalanced-open-100k', `@article{a, title = {${'{'.repeat(100_000)}}\n@article{k0, title = {K}}\n`);
bib('unbalanced-close-100k', `@article{a, title = {x}${'}'.repeat(100_000)}\n@article{k0, title = {K}}\n`);
bib('crossref-chain-2500', range(2500, (i) => `@book{k${i}, ${i < 2499 ? `crossref = {K${i + 1}}, ` : ''}note = {n${i}}}\n`) + '@article{a, crossref = {k0}}\n');
bib('crossref-chain-20k', range(20_000, (i) => `@inbook{k${i}, ${i < 19_999 ? `crossref = {k${i + 1}}, ` : ''}title = {t${i}}, f${i} = {v}}\n`));
bib('xdata-chain-3750', range(3750, (i) => `@xdata{k${i}, ${i < 3749 ? `xdata = {k${i + 1}}, ` : ''}publisher = {p${i}}}\n`) + '@book{a, xdata = {k0}}\n');
bib('xdata-fan-300', range(300, (i) => `@xdata{k${i}, xdata = {${range(300, (j) => `k${j},`)}}, f${i} = {v}}\n`));
bib('crossref-cycle-5000', range(5000, (i) => `@misc{k${i}, crossref = {k${(i + 1) % 5000}}, xdata = {k${(i + 7) % 5000}}}\n`));
bib('crossref-self', '@misc{a, crossref = {a}, xdata = {a,a,a}}\n');

// Duplicates (item 3).
bib('duplicates-2000', range(2000, (i) => `@misc{same, note = {${i}}}\n`));
bib('duplicates-10000', range(10_000, (i) => `@misc{same, note = {${i}}}\n`));
{
  const big = range(100_000, (i) => `@article{k${i}, author = {Author${i % 977}, A.}, title = {Title number ${i}}, year = ${1900 + (i % 120)}}\n`);
  inputs['duplicates-100k-and-backup'] = { 'refs.bib': big, 'refs-backup.bib': big, 'paper.md': markdown('[refs.bib, refs-backup.bib]'), 'paper.tex': latex('refs.bib}\n\\addbibresource{refs-backup.bib') };
}

// Macro expansion (item 6).
bib('string-bomb', range(40, (i) => (i === 0 ? '@string{s0 = "xx"}\n' : `@string{s${i} = s${i - 1} # s${i - 1}}\n`)) + '@article{a, title = s39, journal = s39 # s39 # s39}\n');
bib('string-fanout', '@string{big = "' + 'x'.repeat(1 << 20) + '"}\n' + range(5000, (i) => `@misc{k${i}, title = big, note = big # big}\n`));
bib('string-chain-10k', range(10_000, (i) => `@string{s${i} = ${i ? `s${i - 1} # ` : ''}"y"}\n`) + '@misc{a, title = s9999}\n');
bib('string-self', '@string{a = a # a}\n@string{b = b}\n@misc{a, title = a # b}\n');

// Size and shape.
bib('field-20mb', `@article{a, title = {${'word '.repeat(4_000_000)}}, url = {https://x.org/${'y'.repeat(1_000_000)}}}\n`);
bib('key-1mb', `@article{${'k'.repeat(1 << 20)}, title = {T}}\n@article{a, title = {A}}\n`);
bib('fields-100k', `@misc{a, ${range(100_000, (i) => `f${i} = {${i}}, `)}}\n`);
bib('authors-100k', `@misc{a, author = {${range(100_000, (i) => `${i ? ' and ' : ''}Person${i}, First`)}}, editor = {${' and '.repeat(50_000)}}}\n`);
bib('names-deep-braces', `@misc{a, author = {${nest(20_000, '{', 'Doe')}, ${nest(20_000, '{', 'J')} and ${'{'.repeat(5000)}}}\n`);
bib('ats-100k', '@'.repeat(100_000) + '\n@misc{a, title = {A}}\n' + '@\n'.repeat(50_000));
bib('entries-unclosed-50k', range(50_000, (i) => `@misc{k${i}, title = {T${i}\n`));
bib('comments-unclosed', `@comment{${'{'.repeat(50_000)}\n@preamble{${'"'.repeat(10_000)}\n@misc{a, title = {A}}\n`);
bib('long-line-10mb', `@misc{a, title = {A}} ${'% '.repeat(5_000_000)}\n`);

// Bytes and encodings (item 9).
{
  const rnd = random(16);
  const bytes = (n, f) => Buffer.from(Array.from({ length: n }, f));
  bib('random-bytes-1mb', bytes(1 << 20, () => Math.floor(rnd() * 256)));
  bib('random-bib-chars', Array.from({ length: 500_000 }, () => '@{}()"#,=%\\ \n\tabc~$'.charAt(Math.floor(rnd() * 20))).join(''));
  bib('nuls', Buffer.concat([Buffer.from('@misc{a, title = {A\0B}}\n'), Buffer.alloc(100_000), Buffer.from('\n@misc{k0, title = {K}}\n')]));
  const sample = '@article{a, author = {Müller, Jürgen and Łukasiewicz, Jan}, title = {東京 – Über}}\n@misc{k0, title = {K}}\n';
  bib('utf16le-bom', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]));
  bib('utf16le-nobom', Buffer.from(sample, 'utf16le'));
  bib('utf16be-bom', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sample, 'utf16le').swap16()]));
  bib('utf16-odd-bytes', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le'), Buffer.from([0x41])]));
  bib('latin1', Buffer.from('@article{a, author = {Müller, Jürgen}, title = {Abschluß}}\n', 'latin1'));
  bib('crlf-and-cr', '@article{a,\r\n title = {A},\r\n year = 2020}\r@misc{k0,\rtitle={K}}\r');
  bib('bom-then-garbage', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfe, 0xff]), Buffer.from('@misc{a, title = {A}}')]));
  bib('escapes', '@article{a\u001b[31m, title = {\u001b]0;pwned\u0007\u009b2J\u202eevil}}\n@article{a\u001b[31m, title = {dup}}\n@misc{k0, journal = m\u001b[2J}\n', {
    'paper.md': markdown('refs.bib', '[@a\u001b[31m; @k\u001b]0;x\u0007y]'),
  });
  bib('truncated', '@article{a, author = {Doe, J}, title = {Trunc');
  bib('empty', '');
}

// Other formats under a .bib-like scope.
inputs['csl-json-deep'] = { 'refs.json': `${'['.repeat(50_000)}${']'.repeat(50_000)}`, 'paper.md': markdown('refs.json') };
inputs['csl-json-huge-array'] = { 'refs.json': `[${range(50_000, (i) => `${i ? ',' : ''}{"id":"same","title":"T${i}"}`)}]`, 'paper.md': markdown('refs.json') };
inputs['csl-yaml-deep'] = { 'refs.yaml': `references:\n${range(2000, (i) => `${'  '.repeat(i + 1)}- id: k${i}\n`)}`, 'paper.md': markdown('refs.yaml') };
inputs['csl-yaml-aliases'] = { 'refs.yaml': 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + range(12, (i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${range(9, () => `*${String.fromCharCode(97 + i)},`)}]\n`) + 'references: []\n', 'paper.md': markdown('refs.yaml') };
inputs['ris-garbage'] = { 'refs.ris': range(100_000, (i) => (i % 3 ? `TY  - JOUR\nAU  - ${'x'.repeat(i % 50)}\n` : 'ER  - \n')), 'paper.md': markdown('refs.ris') };

// Manuscripts.
inputs['md-100k-citations'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': markdown('refs.bib', range(100_000, (i) => `[@a; @k${i}] `)) };
inputs['md-deep-brackets'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': markdown('refs.bib', nest(50_000, '[', '@a', ']')) };
inputs['tex-unclosed-cites'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.tex': latex('refs.bib', '\\cite{a,'.repeat(50_000)) };
inputs['tex-deep-braces'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.tex': latex('refs.bib', nest(50_000, '{', '\\cite{a}')) };
inputs['tex-include-cycle'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.tex': latex('refs.bib', '\\input{paper}\\input{b}\\cite{a}'), 'b.tex': '\\input{paper}\\input{b}\\cite{a}\n' };
inputs['md-yaml-bomb'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': `---\na: &a ["x","x","x","x","x","x","x","x","x"]\n${range(12, (i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${range(9, () => `*${String.fromCharCode(97 + i)},`)}]\n`)}bibliography: refs.bib\n---\n[@a]\n` };
inputs['md-10k-bibliographies'] = { 'refs.bib': '@misc{a, title = {A}}\n', 'paper.md': `---\nbibliography:\n${range(10_000, (i) => `  - missing${i}.bib\n`)}  - refs.bib\n---\n[@a]\n` };
inputs['themes-deep'] = { 'refs.bib': '@misc{a, title = {A}, keywords = {x}}\n', 'paper.md': markdown(), '.citelens/themes.json': `{"themes":[${nest(20_000, '{"name":"t","children":[', '', ']}')}]}` };

// Not regular files (item 1): made after the folders exist.
const special = {
  'fifo-bib': (dir) => execFileSync('mkfifo', [join(dir, 'refs.bib')]),
  'fifo-themes': (dir) => {
    mkdirSync(join(dir, '.citelens'), { recursive: true });
    execFileSync('mkfifo', [join(dir, '.citelens', 'themes.json')]);
  },
  'symlink-dev-zero': (dir) => symlinkSync('/dev/zero', join(dir, 'refs.bib')),
  'symlink-dev-urandom': (dir) => symlinkSync('/dev/urandom', join(dir, 'refs.bib')),
  'folder-as-bib': (dir) => mkdirSync(join(dir, 'refs.bib')),
  'dangling-symlink': (dir) => symlinkSync(join(dir, 'nowhere.bib'), join(dir, 'refs.bib')),
  'symlink-loop': (dir) => {
    symlinkSync(join(dir, 'loop2.bib'), join(dir, 'refs.bib'));
    symlinkSync(join(dir, 'refs.bib'), join(dir, 'loop2.bib'));
  },
};
inputs['dev-zero-declared'] = { 'paper.md': markdown('/dev/zero'), 'paper.tex': latex('/dev/zero') };
for (const name of Object.keys(special)) inputs[name] = { 'paper.md': markdown(), 'paper.tex': latex() };

if (existsSync(out)) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let bytes = 0;
for (const [name, files] of Object.entries(inputs)) {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), content);
    bytes += content.length;
  }
  try {
    special[name]?.(dir);
  } catch (err) {
    // mkfifo may be missing; the input is then left out rather than run as something else.
    rmSync(dir, { recursive: true, force: true });
    console.error(`left out ${name}: ${err.message}`);
  }
}
console.log(`${Object.keys(inputs).length} inputs, ${(bytes / 1e6).toFixed(0)} MB, in ${out}`);
