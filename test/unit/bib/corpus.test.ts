// The reader on real bibliographies: exact entry counts, no syntax errors, and decoded names/titles.
import { fileText } from '../../../server/src/core/model/fileText';
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import type { BibFile } from '../../../server/src/core/model/entry';
import { decodeBytes } from '../../../server/src/core/syntax/bib/encoding';
import { entryPeople, entryTitle, fieldText } from '../../../server/src/core/syntax/bib/fields';
import { corpus, corpusBytes, expectedCounts } from './corpus';

function read(name: string): BibFile {
  return readBibtex(decodeBytes(corpusBytes(name)).text, name);
}

/** Looks up `key` in a corpus file and compares a few decoded values. */
function check(bib: BibFile, key: string, expected: { authors?: string[]; title?: string; field?: [string, string] }) {
  const entry = bib.entries.find((e) => e.key === key);
  expect(entry, `entry ${key}`).toBeDefined();
  if (!entry) return;
  if (expected.authors) expect(entryPeople(entry).people.map((p) => [p.given, p.prefix, p.family].filter(Boolean).join(' '))).toEqual(expected.authors);
  if (expected.title !== undefined) expect(entryTitle(entry)).toBe(expected.title);
  if (expected.field) expect(fieldText(entry, expected.field[0])).toBe(expected.field[1]);
}

describe.skipIf(!corpus)('real bibliographies in shared/corpus', () => {
  it('reads every corpus file with the entry count of its README and no syntax error', () => {
    const counts = expectedCounts();
    expect(counts.size).toBeGreaterThanOrEqual(8);
    for (const [name, count] of counts) {
      const bib = read(name);
      expect(`${name}: ${bib.entries.length}`).toBe(`${name}: ${count}`);
      expect(bib.errors.filter((e) => e.code === 'bib.syntax'), name).toEqual([]);
      // Every entry's span starts at its own `@` and contains its key.
      for (const e of bib.entries) expect(fileText(bib).slice(e.keySpan.start, e.keySpan.end)).toBe(e.key);
    }
  });

  it('reports the real warnings of the corpus: repeated fields and macros defined in other files', () => {
    const history = read('printing-history.bib');
    expect(history.errors.map((e) => e.code)).toEqual(['bib.duplicate-field', 'bib.duplicate-field']);
    expect(read('font.bib').errors.every((e) => e.code === 'bib.undefined-string')).toBe(true);
  });

  it('decodes accented names and titles of biblatex-examples.bib', () => {
    const bib = read('biblatex-examples.bib');
    check(bib, 'aksin', { authors: ['Özge Aksın', 'Hayati Türkmen', 'Levent Artok', 'Bekir Çetinkaya', 'Chaoying Ni', 'Orhan Büyükgüngör', 'Erhan Özkal'] });
    check(bib, 'herrmann', { authors: ['Wolfgang A. Herrmann', 'Karl Öfele', 'Sabine K. Schneider', 'Eberhardt Herdtweck', 'Stephan D. Hoffmann'] });
    check(bib, 'kastenholz', { authors: ['M. A. Kastenholz', 'Philippe H. Hünenberger'] });
    check(bib, 'malinowski', { authors: ['Bronisław Malinowski'], title: 'Argonauts of the Western Pacific' });
    check(bib, 'vazques-de-parga', { authors: ['Luis Vázques de Parga', 'José María Lacarra', 'Juan Uría Ríu'] });
    check(bib, 'almendro', { authors: ['José L. Almendro', 'Jacinto Martín', 'Alberto Sánchez', 'Fernando Nozal'] });
    check(bib, 'spiegelberg', { title: '“Intention” und “Intentionalität” in der Scholastik, bei Brentano und Husserl' });
    check(bib, 'averroes/hannes', { field: ['shorttitle', 'Über die Möglichkeit der Conjunktion'] });
    check(bib, 'aksin', { field: ['journaltitle', 'J.\u00a0Organomet. Chem.'] });
    check(bib, 'jaffe', { field: ['editor', 'Jaffé, Philipp'] });
  });

  it('reads the Latin-1 jbtest.bib without mojibake', () => {
    const bytes = corpusBytes('jbtest.bib');
    expect(decodeBytes(bytes).encoding).toBe('windows-1252');
    const bib = read('jbtest.bib');
    check(bib, 'eujenfrank', { title: 'Anfechtung der Bevollmächtigung nach Abschluß des Vertretergeschäftes\u2009?' });
    check(bib, 'kkstrr', { authors: ['Kurt Kodal', 'Joachim Krämer'], title: 'Straßenrecht' });
    check(bib, 'proelss', { authors: ['Jürgen Prölss'] });
    check(bib, 'alexy', { authors: ['Robert Alexy'], field: ['school', 'Göttingen'] });
    expect(fileText(bib)).not.toMatch(/Ã|\uFFFD/);
  });
});
