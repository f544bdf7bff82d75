import { describe, expect, it } from 'vitest';
import { overviewPage } from '../../../client/src/overviewHtml';
import type { OverviewResult } from '../../../server/src/protocol';

const data: OverviewResult = {
  unit: ['main.tex', 'chapter.tex'],
  entries: 4,
  cited: 1,
  unknown: ['no<such>'],
  themes: [
    { id: 'rule:imaging', name: 'Imaging <b>&</b>', entries: 3, cited: 1, depth: 0 },
    { id: 'rule:fair', name: '*Fairness*', entries: 2, cited: 0, depth: 0 },
  ],
  years: [
    { year: '2020', entries: 3, cited: 1 },
    { year: '', entries: 1, cited: 0 },
  ],
  uncited: [{ id: 'rule:fair', name: '*Fairness*', entries: 2, examples: [{ key: 'f1', label: 'Doe 2021 — <script>alert(1)</script>' }] }],
};

describe('overview page', () => {
  const html = overviewPage(data, { document: 'main.tex', nonce: 'abc123' });

  it('has a strict CSP, one nonce’d style and no script', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'nonce-abc123';`);
    expect(html).toContain('<style nonce="abc123">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('escapes bibliography text and draws one bar per theme and one column per year', () => {
    expect(html).toContain('Imaging &#60;b&#62;&#38;&#60;/b&#62;');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html.match(/<g class="theme/g)).toHaveLength(2);
    expect(html.match(/<g class="year"/g)).toHaveLength(2);
    expect(html).toContain('1/3');
    expect(html).toMatch(/main\.tex and 1 file compiled with it cites <strong class="cited-total">1<\/strong> of <strong class="entry-total">4<\/strong> entries \(25%\)/);
    expect(html).toContain('<li data-theme="rule:fair"><strong>*Fairness*</strong> — 2 entries, none cited');
  });
});
