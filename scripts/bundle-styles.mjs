// Copies the bundled CSL styles and locales into data/ from Debian's packages
// `citation-style-language-styles` and `citation-style-language-locales`
// (apt-get install -y citation-style-language-styles citation-style-language-locales).
// A dependent style is joined to its parent (the parent's rules, the dependent's id and locale).
// Run: node scripts/bundle-styles.mjs [styles-dir] [locales-dir]
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stylesDir = process.argv[2] ?? '/usr/share/citation-style-language/styles';
const localesDir = process.argv[3] ?? '/usr/share/citation-style-language/locales';

/** The most used styles (Zotero's and Mendeley's lists), by the file name in the CSL repository. */
export const bundled = [
  'apa',
  'chicago-author-date',
  'chicago-note-bibliography',
  'modern-language-association',
  'harvard-cite-them-right',
  'ieee',
  'vancouver',
  'american-medical-association',
  'nature',
  'science',
  'american-chemical-society',
  'elsevier-harvard',
  'elsevier-with-titles',
  'elsevier-vancouver',
  'springer-basic-author-date',
  'springer-basic-brackets',
  'cell',
  'plos',
  'the-lancet',
  'bmj',
  'association-for-computing-machinery',
  'american-sociological-association',
  'american-political-science-association',
  'pnas',
];

function styleFile(name) {
  for (const p of [join(stylesDir, `${name}.csl`), join(stylesDir, 'dependent', `${name}.csl`)]) if (existsSync(p)) return p;
  throw new Error(`${name}.csl is not in ${stylesDir}`);
}

const outStyles = join(root, 'data', 'styles');
for (const f of readdirSync(outStyles)) if (f.endsWith('.csl')) rmSync(join(outStyles, f));
const rows = [];
for (const name of bundled) {
  let xml = readFileSync(styleFile(name), 'utf8');
  const parent = /<link[^>]*rel="independent-parent"[^>]*href="([^"]*)"/.exec(xml)?.[1] ?? /<link[^>]*href="([^"]*)"[^>]*rel="independent-parent"/.exec(xml)?.[1];
  let note = '';
  if (parent) {
    const parentName = parent.split('/').pop();
    const locale = /<style[^>]*default-locale="([^"]*)"/.exec(xml)?.[1];
    xml = readFileSync(styleFile(parentName), 'utf8');
    if (locale) xml = xml.replace(/<style\b([^>]*?)(\s+default-locale="[^"]*")?([^>]*)>/, `<style$1$3 default-locale="${locale}">`);
    note = `dependent style, joined to its parent ${parentName}`;
  }
  writeFileSync(join(outStyles, `${name}.csl`), xml);
  const title = /<title>([^<]*)<\/title>/.exec(xml)?.[1] ?? name;
  const updated = /<updated>([^<]*)<\/updated>/.exec(xml)?.[1]?.slice(0, 10) ?? '';
  rows.push(`| \`${name}\` | ${title.replace(/&amp;/g, '&')} | ${updated} | ${note} |`);
}

const outLocales = join(root, 'data', 'locales');
mkdirSync(outLocales, { recursive: true });
for (const f of readdirSync(outLocales)) if (f.endsWith('.xml')) rmSync(join(outLocales, f));
const locales = readdirSync(localesDir).filter((f) => /^locales-.*\.xml$/.test(f)).sort();
for (const f of locales) copyFileSync(join(localesDir, f), join(outLocales, f));

console.log(rows.join('\n'));
console.log(`${bundled.length} styles, ${locales.length} locales`);
