// Protocol tests of formatted references: the real server over stdio. `and others` is the style's
// "et al." in hover, completion documentation and the Copy Bibliography request; a document's own
// `csl:` file wins over the setting in all three; the style list carries titles; the citation at
// the cursor is formatted in the document's style.
import { afterEach, describe, expect, it } from 'vitest';
import { start, waitFor, writeFiles, type Session } from './lsp';

const bib = `@article{esteva2017, author = {Esteva, Andre and Kuprel, Brett and others}, title = {Dermatologist-level classification of skin cancer with deep neural networks}, journal = {Nature}, volume = 542, pages = {115--118}, year = 2017}
@article{lundberg2017, author = {Lundberg, Scott M. and Lee, Su-In}, title = {A unified approach to interpreting model predictions}, journal = {NeurIPS}, year = 2017}
`;
const journalStyle = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>Journal of Tests</title><id>http://example.org/jot</id><updated>2020-01-01T00:00:00+00:00</updated></info>
<citation><layout prefix="[" suffix="]" delimiter="; "><names variable="author"><name form="short" et-al-min="2" et-al-use-first="1"/></names></layout></citation>
<bibliography><layout><names variable="author" suffix=": "><name et-al-min="5" et-al-use-first="1" initialize-with="."/><et-al term="and others"/></names><text variable="title" text-case="uppercase"/></layout></bibliography></style>`;

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

type Completion = { items: { label: string; data: unknown }[] };

describe('formatted references over the LSP', () => {
  it('renders `and others` as the style\'s et al. in hover, completion documentation and Copy Bibliography', async () => {
    const md = '---\nbibliography: refs.bib\n---\nSee [@esteva2017] and [@lund';
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.md': md }), { settings: { style: 'nature' } });
    const s = session;
    const uri = s.uri('paper.md');
    s.open('paper.md', md, 'markdown');
    const hover = await waitFor(
      () => s.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 8 } }),
      'hover on esteva2017',
    );
    expect(hover.contents.value).toContain('Esteva, A., Kuprel, B., et al. Dermatologist-level');
    const completion = await s.request<Completion>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 6 } });
    const item = completion.items.find((i) => i.label === 'esteva2017');
    const resolved = await s.request<{ documentation?: { value: string } }>('completionItem/resolve', item);
    expect(resolved.documentation?.value).toContain('Esteva, A., Kuprel, B., et al. Dermatologist-level');
    const copied = await s.request<{ text: string; style: string }>('citelens/formatReferences', { keys: ['esteva2017'], uri, format: 'text', style: 'apa' });
    expect(copied.text).toBe('Esteva, A., Kuprel, B., et al. (2017). Dermatologist-level classification of skin cancer with deep neural networks. Nature, 542, 115–118.');
    expect(copied.style).toBe('American Psychological Association 7th edition');
  });

  it('uses the document\'s csl: file for hover, Copy Bibliography and the formatted citation, and lists style titles', async () => {
    const md = '---\nbibliography: refs.bib\ncsl: styles/jot.csl\n---\nSee [@esteva2017; @lundberg2017].\n';
    session = await start(writeFiles({ 'refs.bib': `${bib}@book{undated, author = {Doe, Jane and others}, title = {Undated}}\n`, 'paper.md': md, 'styles/jot.csl': journalStyle }), { settings: { style: 'nature' } });
    const s = session;
    const uri = s.uri('paper.md');
    s.open('paper.md', md, 'markdown');
    const hover = await waitFor(
      () => s.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 8 } }),
      'hover on esteva2017',
    );
    // Two names and the marker: `delimiter-precedes-et-al` is contextual, so a comma comes first.
    expect(hover.contents.value).toContain('A. Esteva, B. Kuprel, and others\\: DERMATOLOGIST-LEVEL');
    expect(hover.contents.value).toContain('*Style:* Journal of Tests');
    const copied = await s.request<{ text: string; style: string }>('citelens/formatReferences', { keys: ['lundberg2017', 'esteva2017'], uri, format: 'text' });
    expect(copied.style).toBe('Journal of Tests');
    expect(copied.text.split('\n')).toEqual(['S.M. Lundberg, S.-I. Lee: A UNIFIED APPROACH TO INTERPRETING MODEL PREDICTIONS', 'A. Esteva, B. Kuprel, and others: DERMATOLOGIST-LEVEL CLASSIFICATION OF SKIN CANCER WITH DEEP NEURAL NETWORKS']);
    const citation = await s.request<{ text: string; keys: string[]; style: string } | null>('citelens/formatCitation', { uri, position: { line: 4, character: 20 }, format: 'text' });
    expect(citation).toEqual({ text: '[Esteva et al.; Lundberg et al.]', keys: ['esteva2017', 'lundberg2017'], missing: [], style: 'Journal of Tests' });
    const styles = await s.request<{ styles: { id: string; title: string; current: boolean }[] }>('citelens/styles', { uri });
    expect(styles.styles[0]).toMatchObject({ title: 'Journal of Tests', current: true });
    expect(styles.styles.find((x) => x.id === 'chicago-author-date')?.title).toBe('Chicago Manual of Style 17th edition (author-date)');
    expect(styles.styles.length).toBeGreaterThan(20);
  });
});

describe('a Typst document\'s style over the LSP', () => {
  it('reads the .csl file its bibliography names for hover and Copy Bibliography', async () => {
    const typ = 'See @esteva2017 here.\n#bibliography("refs.bib", style: "styles/jot.csl")\n';
    session = await start(writeFiles({ 'refs.bib': bib, 'paper.typ': typ, 'styles/jot.csl': journalStyle }), { settings: { style: 'nature' } });
    const s = session;
    const uri = s.uri('paper.typ');
    s.open('paper.typ', typ, 'typst');
    const hover = await waitFor(async () => {
      const h = await s.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
      return h?.contents.value.includes('Journal of Tests') ? h : null;
    }, 'hover in the style of the Typst bibliography');
    expect(hover.contents.value).toContain('A. Esteva, B. Kuprel, and others\\: DERMATOLOGIST-LEVEL');
    const copied = await s.request<{ text: string; style: string }>('citelens/formatReferences', { keys: ['esteva2017'], uri, format: 'text' });
    expect(copied).toMatchObject({ style: 'Journal of Tests', text: 'A. Esteva, B. Kuprel, and others: DERMATOLOGIST-LEVEL CLASSIFICATION OF SKIN CANCER WITH DEEP NEURAL NETWORKS' });
  });
});

describe('style files over the LSP', () => {
  it('joins a dependent style to its bundled parent with its own locale, and reads a .csl named by the setting', async () => {
    const dependent = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="de-DE"><info><title>Zeitschrift für Tests</title><id>http://example.org/zft</id>
<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/><updated>2020-01-01T00:00:00+00:00</updated></info></style>`;
    const md = '---\nbibliography: refs.bib\ncsl: csl/dependent/zft.csl\n---\n[@undated]\n';
    const other = '---\nbibliography: refs.bib\n---\n[@esteva2017]\n';
    session = await start(writeFiles({ 'refs.bib': `${bib}@book{undated, author = {Doe, Jane and others}, title = {Undated}}\n`, 'paper.md': md, 'other.md': other, 'csl/dependent/zft.csl': dependent, 'styles/jot.csl': journalStyle }), {
      settings: { style: 'styles/jot.csl' },
    });
    const s = session;
    s.open('paper.md', md, 'markdown');
    s.open('other.md', other, 'markdown');
    const hoverOf = (name: string, line: number) =>
      waitFor(() => s.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: s.uri(name) }, position: { line, character: 4 } }), `hover in ${name}`);
    const german = (await hoverOf('paper.md', 4)).contents.value;
    // APA's rules in the dependent style's German locale: "o. J." for no date (APA keeps "et al." in German).
    expect(german).toMatch(/Doe, J\. et al\. \\\(o\.\sJ\.\\\)\. Undated\./);
    expect(german).toContain('*Style:* Zeitschrift für Tests — Style from csl\\: csl/dependent/zft.csl \\(paper.md\\). A dependent style\\: the rules of American Psychological Association 7th edition.');
    const setting = (await hoverOf('other.md', 3)).contents.value;
    expect(setting).toContain('A. Esteva, B. Kuprel, and others\\: DERMATOLOGIST-LEVEL');
    expect(setting).toContain('*Style:* Journal of Tests');
  });
});
