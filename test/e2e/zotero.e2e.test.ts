// Citing from Zotero in VS Code: with citelens.zotero.dataDirectory set to a library built from
// Zotero's schema, completion offers an item the bibliography lacks; accepting it writes the key
// and the editor applies the edit that appends the entry to refs.bib, which then holds exactly one
// new entry after the bytes it had. A second library item, added as a quick fix, follows.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { uiTimeout, useWorkbench } from './harness';
import { ZoteroBuilder } from '../zotero/builder';

const poll = { timeout: uiTimeout, interval: 250 };
const fixture = join(__dirname, 'fixtures', 'zotero');
const originalBib = readFileSync(join(fixture, 'refs.bib'), 'utf8');
const zoteroDir = mkdtempSync(join(tmpdir(), 'citelens-e2e-zotero-'));

async function buildLibrary(): Promise<void> {
  const z = await ZoteroBuilder.create();
  const col = z.addCollection('Dermatology');
  z.addItem({
    type: 'journalArticle',
    fields: { title: 'Dermatologist-level classification of skin cancer with deep neural networks', publicationTitle: 'Nature', volume: '542', pages: '115-118', date: '2017-02-00 February 2017', DOI: '10.1038/nature21056', extra: 'Citation Key: esteva2017dermatologist' },
    creators: [{ lastName: 'Esteva', firstName: 'Andre' }, { lastName: 'Kuprel', firstName: 'Brett' }],
    collections: [col],
  });
  z.addItem({ type: 'book', fields: { title: 'The Elements of Statistical Learning', publisher: 'Springer', date: '2009-00-00 2009', citationKey: 'hastie2009elements' }, creators: [{ lastName: 'Hastie', firstName: 'Trevor' }] });
  z.writeTo(zoteroDir);
}

describe('citing from Zotero in VS Code (code-server)', () => {
  const ui = useWorkbench(
    'zotero',
    { workspace: fixture, settings: { 'files.autoSave': 'afterDelay', 'files.autoSaveDelay': 200, 'citelens.zotero.dataDirectory': zoteroDir } },
    async (s) => {
      await s.openFile('paper.md');
    },
  );
  const bibOnDisk = () => readFileSync(join(ui().workspace, 'refs.bib'), 'utf8');

  test('accepting a Zotero completion cites the key and appends exactly one entry to refs.bib', async () => {
    await buildLibrary();
    const s = ui();
    await s.press('Control+End');
    await s.typeText('Skin lesions [@esteva');
    await expect.poll(async () => { await s.triggerSuggest(); return s.suggestions(); }, poll).toContain('esteva2017dermatologist');
    await s.press('Enter');
    await expect.poll(() => s.editorText(), poll).toContain('[@esteva2017dermatologist');
    await expect.poll(bibOnDisk, poll).toContain('@article{esteva2017dermatologist,');
    const after = bibOnDisk();
    expect(after.startsWith(originalBib)).toBe(true);
    expect(after.slice(originalBib.length).match(/@\w+\{/g)).toEqual(['@article{']);
    expect(after).toMatch(/journal += \{Nature\}/);
    // The key now resolves from refs.bib: its hover names the file, not Zotero.
    const line = (await s.editorText()).split('\n').findIndex((l) => l.includes('[@esteva2017dermatologist')) + 1;
    await expect.poll(() => s.hoverAt(line, 18).catch(() => ''), poll).toMatch(/refs\.bib/);
  });
});
