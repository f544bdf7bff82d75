// BibTeX writer: escaping, title protection, and read-back through the project's BibTeX reader.
import { describe, expect, it } from 'vitest';
import { readBibtex } from '../../../server/src/core/syntax/bib/bibtex';
import { type WritableEntry, writeBibtex } from '../../../server/src/core/syntax/bib/bibtexWriter';
import { entryPeople, fieldText } from '../../../server/src/core/syntax/bib/fields';

function roundTrip(entry: WritableEntry): void {
  const text = writeBibtex([entry]);
  const file = readBibtex(text, 'test.bib');
  expect(file.errors).toEqual([]);
  const read = file.entries[0];
  expect(read?.key).toBe(entry.key);
  for (const f of entry.fields) {
    if ('people' in f) {
      const names = entryPeople(read!, f.name === 'editor' ? 'editor' : 'author');
      expect(names.others).toBe(Boolean(f.others));
      expect(names.people.map((p) => p.literal ?? [p.prefix, p.family, '|', p.given].filter(Boolean).join(' '))).toEqual(
        f.people.map((p) => p.literal ?? [p.prefix, p.family, '|', p.given].filter(Boolean).join(' ')),
      );
    } else {
      expect(fieldText(read!, f.name)).toBe(f.value);
    }
  }
}

describe('writeBibtex', () => {
  it('escapes special characters and protects acronyms and proper names in titles', () => {
    const text = writeBibtex([{ key: 'k', type: 'article', fields: [{ name: 'title', value: 'Costs & 50% of #tags_x in $ for AI in Sweden' }] }]);
    expect(text).toContain('title = {Costs \\& 50\\% of \\#tags\\_x in \\$ for {AI} in {Sweden}}');
  });

  it('writes entries that read back equal', () => {
    roundTrip({
      key: 'rajpurkar2023current', type: 'article', fields: [
        { name: 'author', people: [{ family: 'Rajpurkar', given: 'P.' }, { family: 'Haak', prefix: 'van der', given: 'M.' }, { family: 'Costa Santos', given: 'C.' }, { family: 'US Food and Drug Administration', literal: 'US Food and Drug Administration' }], others: true },
        { name: 'title', value: 'The current state of AI: 50% & more — COVID-19, {braces}, D’Amico’s “data”_x' },
        { name: 'journal', value: 'N. Engl. J. Med.' },
        { name: 'pages', value: '1981–1990' },
        { name: 'url', value: 'https://example.org/a_b?x=1' },
      ],
    });
  });

  it('writes the seed bibliography so that it reads back without errors', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    if (!existsSync('data/transparency-review.bib')) return void console.warn('skipped: data/transparency-review.bib missing');
    const file = readBibtex(readFileSync('data/transparency-review.bib', 'utf8'), 'data/transparency-review.bib');
    expect(file.errors).toEqual([]);
    expect(file.entries).toHaveLength(254);
  });
});
