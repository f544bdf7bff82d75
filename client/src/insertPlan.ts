// Where the server's Insert Citation replies go in the editor, decided without VS Code: every
// reply must be for the document version in the editor, and no two may overlap; otherwise
// nothing is inserted and the writer reads why. Imports only the protocol types.
import type { InsertCitationReply } from '../../server/src/protocol';

type Ok = Extract<InsertCitationReply, { ok: true }>;
type Position = Ok['range']['start'];

export interface Placed {
  reply: Ok;
  /** Offsets of the reply's range in the document as it is before the edit. */
  start: number;
  end: number;
  /** The offset of the cursor after all the edits are applied. */
  caret: number;
}

/**
 * The replies sorted by position with their carets after the edit, or the sentence saying why none
 * is applied. `version` is the editor's document version; `offsetAt` converts in that version.
 */
export function planInsertions(replies: readonly Ok[], version: number, offsetAt: (p: Position) => number): { placed: Placed[] } | { refusal: string } {
  if (replies.some((r) => r.version !== version)) return { refusal: 'Nothing was inserted: the document changed while the citation was prepared. Try again.' };
  const sorted = replies.map((reply) => ({ reply, start: offsetAt(reply.range.start), end: offsetAt(reply.range.end) })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as Placed).start < (sorted[i - 1] as Placed).end) return { refusal: 'Nothing was inserted: two cursors would edit the same citation. Insert with one cursor there.' };
  }
  // Each cursor moves by what the insertions before it added.
  let shift = 0;
  const placed: Placed[] = [];
  for (const s of sorted) {
    placed.push({ ...s, caret: s.start + shift + s.reply.caret });
    shift += s.reply.text.length - (s.end - s.start);
  }
  return { placed };
}
