// Insert Citation in the client: the server's replies are applied only to the document version
// they were computed for, never overlapping, with each cursor after its own insertion.
import { describe, expect, it } from 'vitest';
import { planInsertions } from '../../../client/src/insertPlan';
import type { InsertCitationReply } from '../../../server/src/protocol';

type Ok = Extract<InsertCitationReply, { ok: true }>;

/** The text after applying `replies` (offsets into `text`, computed for `replyVersion`) to the editor at `editorVersion`, with `|` at each caret; or the refusal. */
function check(text: string, editorVersion: number, replies: { start: number; end?: number; text: string; caret?: number; version?: number }[]): string {
  const lines = text.split('\n');
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: (before.at(-1) as string).length };
  };
  const offsetAt = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const ok: Ok[] = replies.map((r) => ({ ok: true, range: { start: position(r.start), end: position(r.end ?? r.start) }, text: r.text, caret: r.caret ?? r.text.length, version: r.version ?? editorVersion, commands: [] }));
  const plan = planInsertions(ok, editorVersion, offsetAt);
  if ('refusal' in plan) return `refused: ${plan.refusal}`;
  let out = text;
  for (const p of [...plan.placed].reverse()) out = out.slice(0, p.start) + p.reply.text + out.slice(p.end);
  for (const caret of plan.placed.map((p) => p.caret).sort((a, b) => b - a)) out = `${out.slice(0, caret)}|${out.slice(caret)}`;
  return out;
}

describe('planInsertions', () => {
  it('refuses every reply when one was computed for another document version', () => {
    expect(check('See  and .', 7, [{ start: 4, text: '[@a]', version: 6 }])).toBe('refused: Nothing was inserted: the document changed while the citation was prepared. Try again.');
    expect(check('See  and .', 7, [{ start: 4, text: '[@a]' }, { start: 9, text: '[@a]', version: 8 }])).toMatch(/^refused: Nothing was inserted: the document changed/);
  });
  it('applies replies for the current version at every cursor, each caret after its own text', () => {
    expect(check('See  and .', 7, [{ start: 9, text: '[@a]' }, { start: 4, text: '[@a]' }])).toBe('See [@a]| and [@a]|.');
    expect(check('[@a\nx [@b]', 2, [{ start: 3, text: '; @x]', caret: 4 }, { start: 9, text: '; @x', caret: 4 }])).toBe('[@a; @x|]\nx [@b; @x|]');
  });
  it('refuses two replies that replace overlapping text', () => {
    expect(check('[@a; @b', 1, [{ start: 3, end: 7, text: '; @x; @b]' }, { start: 5, end: 7, text: 'b; @x]' }])).toMatch(/^refused: Nothing was inserted: two cursors would edit the same citation/);
  });
});
