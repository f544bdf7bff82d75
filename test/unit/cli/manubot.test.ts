// `citelens check` on Manubot manuscripts: keys resolved as pandoc-manubot-cite resolves them
// before citeproc, and bibliography paths read from the folder pandoc runs in.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, workspace } from './workspace';

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'check', '--format', 'json', ...args], { cwd, encoding: 'utf8' });
  const report = JSON.parse(r.stdout) as { citations: { key: string; resolved: boolean }[]; diagnostics: { code: string; message: string }[] };
  return { status: r.status, unresolved: [...new Set(report.citations.filter((c) => !c.resolved).map((c) => c.key))].sort(), cited: report.citations.length, diagnostics: report.diagnostics };
}

const rootstock = `%! build/pandoc/defaults/common.yaml
from: markdown
filters:
- pandoc-manubot-cite
- citeproc
%! content/metadata.yaml
title: A manuscript
pandoc:
  citekey-aliases:
    meta-review: https://greenelab.github.io/meta-review/
%! content/manual-references.json
[{"id": "url:https://example.org/manual", "type": "webpage", "title": "Manual"}, {"id": "plain-key", "type": "book", "title": "Plain"}]
%! content/01.intro.md
Ids [@doi:10.1371/journal.pcbi.1007128; @pmid:30718888; @10.7717/peerj.705; @arxiv:1407.3561].
Aliases [@deep-review; @tag:later; @meta-review], manual [@https://example.org/manual; @plain-key].
Not known: [@tag:undefined; @nowhere; @doi:11.1/not-a-doi]. Labels: @fig:plot.

[@deep-review]: doi:10.1098/rsif.2017.0387
%! content/02.more.md
[@tag:later]:
  pmcid:PMC6103790

\`\`\`
[@tag:in-code]: doi:10.1/x
\`\`\`
Cited in code is not cited; defined in code is not defined [@tag:in-code].
`;

describe('citelens check on a Manubot rootstock manuscript', () => {
  it('resolves persistent ids, aliases from every part and metadata.yaml, and manual references', () => {
    const folder = workspace(rootstock);
    const r = check(join(folder, 'content'), '01.intro.md');
    expect(r.unresolved).toEqual(['doi:11.1/not-a-doi', 'nowhere', 'tag:undefined']);
    // The link reference definition `[@deep-review]: ...` is a citation to pandoc too.
    expect(r.cited).toBe(13);
    expect(r.status).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('citation.no-bibliography');
    expect(check(folder, 'content/02.more.md').unresolved).toEqual(['tag:in-code']);
  });

  it('is an ordinary Markdown document without the Manubot build', () => {
    const folder = workspace(rootstock.replace('- pandoc-manubot-cite\n', ''));
    const r = check(folder, 'content/01.intro.md');
    expect(r.unresolved).toContain('doi:10.1371/journal.pcbi.1007128');
    expect(r.unresolved).toContain('deep-review');
  });
});

describe('citelens check on a document run through pandoc-manubot-cite', () => {
  const single = `%! docs/paper/input.md
---
citekey-aliases:
  tag:review: doi:10.1098/rsif.2017.0387
references:
- id: raw:conversation
  type: personal_communication
  title: A conversation
bibliography:
- docs/paper/refs.bib
manubot-log-level: INFO
...
[@tag:review; @raw:conversation; @pmid:20170387; @inbib; @issue; @missing]

[@issue]: url:https://github.com/manubot/manubot/pull/189
%! docs/paper/refs.bib
@misc{inbib, title = {In the bibliography}}
`;

  it('resolves aliases, inline references and ids, and reads the bibliography from the folder pandoc runs in', () => {
    const folder = workspace(single);
    const r = check(folder, 'docs/paper/input.md');
    expect(r.unresolved).toEqual(['missing']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['citation.unknown-key']);
  });

  it('still reports a bibliography that no folder above has', () => {
    const folder = workspace(single.replace('- docs/paper/refs.bib', '- docs/paper/gone.bib'));
    const r = check(folder, 'docs/paper/input.md');
    expect(r.diagnostics.map((d) => d.message)).toContain('Bibliography file not found: docs/paper/gone.bib');
  });

  it('without the filter options, a persistent id is an unknown key', () => {
    const folder = workspace(single.replace('manubot-log-level: INFO\n', '').replace(/citekey-aliases:\n.*\n/, ''));
    expect(check(folder, 'docs/paper/input.md').unresolved).toEqual(['issue', 'missing', 'pmid:20170387', 'tag:review']);
  });
});
