// Manubot's citekey rules (manubot/cite/citekey.py, handlers.py): aliases, prefixes given or
// inferred, standard ids, and what `inspect` rejects.
import { describe, expect, it } from 'vitest';
import { linkAliases, manubotKey, namesManubot, yamlAliases } from '../../../server/src/core/syntax/cite/manubot';

const none = new Map<string, string>();

describe('manubotKey', () => {
  it('standardises the prefixes of its own handlers', () => {
    expect(manubotKey('pmid:20170387', none)).toEqual({ dealiased: 'pmid:20170387', standardId: 'pubmed:20170387', persistent: true });
    expect(manubotKey('pmcid:PMC4765623', none)?.standardId).toBe('pmc:PMC4765623');
    expect(manubotKey('doi:10.1371/Journal.PCBI.1007128', none)?.standardId).toBe('doi:10.1371/journal.pcbi.1007128');
    expect(manubotKey('https://example.org/x', none)?.standardId).toBe('url:https://example.org/x');
    expect(manubotKey('wikidata:Q56458321', none)?.persistent).toBe(true);
    // A Bioregistry CURIE prefix is handled too.
    expect(manubotKey('chebi:15377', none)?.persistent).toBe(true);
  });

  it('infers a prefix for a bare DOI, PMC id, PubMed id, Wikidata id or arXiv id', () => {
    expect(manubotKey('10.7717/peerj.705', none)?.standardId).toBe('doi:10.7717/peerj.705');
    expect(manubotKey('PMC6103790', none)?.standardId).toBe('pmc:PMC6103790');
    expect(manubotKey('30718888', none)?.standardId).toBe('pubmed:30718888');
    expect(manubotKey('1407.3561v2', none)?.standardId).toBe('arxiv:1407.3561v2');
    expect(manubotKey('manubot-paper', none)).toEqual({ dealiased: 'manubot-paper', standardId: 'manubot-paper', persistent: false });
    expect(manubotKey('10.7717/peerj.705', none, false)?.persistent).toBe(false);
  });

  it('replaces an alias by its target, one level deep', () => {
    const aliases = new Map([['tag:deep-review', 'doi:10.1098/rsif.2017.0387'], ['a', 'b'], ['b', 'doi:10.1/x']]);
    expect(manubotKey('tag:deep-review', aliases)?.standardId).toBe('doi:10.1098/rsif.2017.0387');
    expect(manubotKey('a', aliases)).toEqual({ dealiased: 'b', standardId: 'b', persistent: false });
  });

  it('leaves unhandled prefixes and pandoc-xnos labels alone', () => {
    expect(manubotKey('tag:unset', none)?.persistent).toBe(false);
    expect(manubotKey('raw:conversation', none)?.persistent).toBe(false);
    expect(manubotKey('fig:plot', none)).toBeUndefined();
    // pandoc-xnos prefixes are compared in exact case.
    expect(manubotKey('Fig:plot', none)?.persistent).toBe(false);
  });

  it("reports what Manubot's inspect rejects", () => {
    expect(manubotKey('doi:11.1/x', none)?.problem).toMatch(/DOIs must start with '10\.'/);
    expect(manubotKey('pmid:PMC123', none)?.problem).toMatch(/rather than PMC/);
    expect(manubotKey('pmid:0123', none)?.problem).toMatch(/no leading zeros/);
    expect(manubotKey('arxiv:nonsense', none)?.problem).toMatch(/arXiv identifiers/);
    expect(manubotKey('wikidata:P31', none)?.problem).toMatch(/must start with 'Q'/);
  });
});

describe('aliases and the filter options', () => {
  it('reads link reference aliases, the target on the same or the next line', () => {
    const text = 'Text [@a].\n\n[@issue]: url:https://github.com/x/y/pull/1\n[@bad-doi]:\n  doi:10.1016/S0022-2836(05)80360-2\n\n[@tag:x]: <doi:10.1/y>\n';
    expect([...linkAliases(text)]).toEqual([
      ['issue', 'url:https://github.com/x/y/pull/1'],
      ['bad-doi', 'doi:10.1016/S0022-2836(05)80360-2'],
      ['tag:x', 'doi:10.1/y'],
    ]);
  });

  it('reads citekey-aliases at the top level or under pandoc:', () => {
    expect([...yamlAliases('citekey-aliases:\n  meta-review: https://example.org/\n')]).toEqual([['meta-review', 'https://example.org/']]);
    expect([...yamlAliases('pandoc:\n  citekey-aliases:\n    x: doi:10.1/z\n')]).toEqual([['x', 'doi:10.1/z']]);
    expect([...yamlAliases('title: [unclosed')]).toEqual([]);
  });

  it('takes only the filter’s own fields as naming Manubot', () => {
    expect(namesManubot('---\ncitekey-aliases:\n  a: b\n')).toBe(true);
    expect(namesManubot('manubot-log-level: INFO')).toBe(true);
    expect(namesManubot('title: manubot-log-level: x')).toBe(false);
  });
});
