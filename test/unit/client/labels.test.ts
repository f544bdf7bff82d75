// What the status bar, quick picks and tree groups say for server data.
import { describe, expect, it } from 'vitest';
import { entryRow, entryTooltip, escapeMarkdown, groupDescription, groupLabel, searchRow, shortPath, statusText, typeIcon, viewDescription } from '../../../client/src/labels';
import type { IndexStatus } from '../../../server/src/protocol';

function status(entries: number, files: number, errors: number): IndexStatus {
  return {
    ready: true,
    entries,
    files: Array.from({ length: files }, (_, i) => ({ uri: `file:///w/${i}.bib`, entries: 1, errors: 0 })),
    errors: Array.from({ length: errors }, (_, i) => ({ uri: 'file:///w/0.bib', line: i, message: 'bad' })),
  };
}

describe('statusText', () => {
  it('shows the entry count with a book icon', () => {
    expect(statusText(status(254, 2, 0))).toMatchObject({ text: '$(book) 254 entries', warning: false });
    expect(statusText(status(1, 1, 0)).text).toBe('$(book) 1 entry');
  });
  it('shows errors with a warning icon', () => {
    expect(statusText(status(254, 2, 3))).toMatchObject({ text: '$(warning) 254 entries, 3 errors', warning: true });
    expect(statusText(status(5, 1, 1)).text).toBe('$(warning) 5 entries, 1 error');
  });
  it('says when it is still indexing or found nothing', () => {
    expect(statusText(undefined).text).toContain('sync~spin');
    expect(statusText({ ...status(0, 0, 0), ready: false }).text).toContain('sync~spin');
    expect(statusText(status(0, 0, 0)).text).toBe('$(book) No bibliography');
  });
});

describe('labels', () => {
  it('groups show their count', () => {
    expect(groupLabel({ label: 'Explainability', count: 12 })).toBe('Explainability (12)');
  });
  it('search rows show who, when, key, title and themes', () => {
    expect(searchRow({ key: 'lundberg2017', authors: 'Lundberg, Lee', year: '2017', title: 'A unified approach', themes: ['XAI', 'SHAP'] })).toEqual({
      label: 'Lundberg, Lee 2017',
      description: 'lundberg2017',
      detail: 'A unified approach · XAI, SHAP',
    });
    expect(searchRow({ key: 'k', authors: '', year: '', title: '', themes: [] })).toEqual({ label: 'k', description: 'k', detail: '(no title)' });
  });
  it('the view description names the grouping and cited-only in a few characters', () => {
    expect(viewDescription('theme', false)).toBe('by theme');
    expect(viewDescription('year', true)).toBe('by year · cited');
    expect(viewDescription('zotero', false)).toBe('by Zotero');
  });
  it('entry rows show the key as the label and who, when and what beside it, with a tick when cited', () => {
    expect(entryRow({ key: 'lundberg2017', label: 'Lundberg 2017 — A unified approach', cited: false })).toEqual({ label: 'lundberg2017', description: 'Lundberg 2017 — A unified approach' });
    expect(entryRow({ key: 'a', label: 'A', cited: true }).description).toBe('✓ A');
    expect(groupDescription({ count: 9, cited: 3 })).toBe('3 cited');
    expect(groupDescription({ count: 9, cited: 0 })).toBe('');
  });
  it('entry types get their own icons, BibTeX and CSL names alike', () => {
    expect(typeIcon('article')).toBe(typeIcon('article-journal'));
    expect(typeIcon('inproceedings')).toBe(typeIcon('paper-conference'));
    expect(typeIcon('Book')).toBe('book');
    expect(new Set(['article', 'book', 'inproceedings', 'phdthesis', 'online', 'software', 'dataset', 'misc'].map(typeIcon)).size).toBe(8);
  });
  it('tooltips escape bibliography text, so titles never become emphasis, links or HTML', () => {
    expect(escapeMarkdown('*Stars* _and_ [a](b) <b>x</b> `c` #1')).toBe('\\*Stars\\* \\_and\\_ \\[a\\]\\(b\\) \\<b\\>x\\</b\\> \\`c\\` \\#1');
    const md = entryTooltip({ key: 'k_1', type: 'article', cited: true, tooltip: 'plain' }, { text: 'Doe, J. (2020). *Stars* in the sky.', style: 'APA' });
    expect(md).toBe('**k\\_1** · article · cited\n\nDoe, J\\. \\(2020\\)\\. \\*Stars\\* in the sky\\.\n\n*APA*');
    expect(entryTooltip({ key: 'k', type: 'misc', cited: false, tooltip: 'A *b*.' }, undefined)).toBe('**k** · misc\n\nA \\*b\\*\\.');
  });
  it('paths are shown relative to a workspace folder', () => {
    expect(shortPath('file:///w/refs%20a.bib', ['file:///w'])).toBe('refs a.bib');
    expect(shortPath('file:///elsewhere/r.bib', ['file:///w'])).toBe('/elsewhere/r.bib');
  });
});
