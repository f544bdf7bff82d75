// The sidebar's header at the default width: the title, the grouping and the buttons share about
// 300 pixels, and VS Code cuts what does not fit. Few buttons and a short description leave room.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupByChoices, viewDescription } from '../../../client/src/labels';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } };

/** The buttons shown in the view's title bar when `context` holds (a `when` of `view == …` and `[!]key` terms only). */
function buttons(context: Record<string, boolean>): string[] {
  const holds = (when: string) =>
    when.split('&&').every((term) => {
      const t = term.trim();
      if (t.startsWith('view ==')) return t === 'view == citelens.bibliography';
      return t.startsWith('!') ? !context[t.slice(1)] : Boolean(context[t]);
    });
  return (manifest.contributes.menus['view/title'] ?? []).filter((m) => m.group?.startsWith('navigation') && holds(m.when ?? '')).map((m) => m.command);
}

describe('the Bibliography view header', () => {
  it('shows at most three buttons of its own (collapse-all and the overflow menu come on top)', () => {
    expect(buttons({})).toEqual(['citelens.tree.filter', 'citelens.tree.showOnlyCited', 'citelens.tree.groupBy']);
    expect(buttons({ 'citelens.onlyCited': true })).toHaveLength(3);
    // Clear Filter joins them only while a filter is on.
    expect(buttons({ 'citelens.filtered': true })).toHaveLength(4);
  });
  it('keeps Refresh and the overview in the overflow menu', () => {
    const overflow = (manifest.contributes.menus['view/title'] ?? []).filter((m) => !m.group?.startsWith('navigation')).map((m) => m.command);
    expect(overflow).toEqual(expect.arrayContaining(['citelens.tree.refresh', 'citelens.showOverview']));
  });
  it('describes every grouping in at most 17 characters', () => {
    for (const c of groupByChoices) for (const cited of [false, true]) expect(viewDescription(c.value, cited).length, c.value).toBeLessThanOrEqual(17);
  });
});
