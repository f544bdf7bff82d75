// applyWal() in place (`own`) gives the bytes a copy gives, and without `own` leaves the caller's
// bytes alone: a log that grows the database, one that shrinks it, one whose tail is torn, none.
import { describe, expect, it } from 'vitest';
import { applyWal } from '../../../server/src/zotero/wal';
import { asWalMode, makeWal } from '../../zotero/wal';
import { ZoteroBuilder } from '../../zotero/builder';

async function versions() {
  const z = await ZoteroBuilder.create();
  z.addItem({ type: 'book', fields: { title: 'First book', extra: 'Citation Key: first2024' } });
  const base = z.bytes();
  for (let i = 0; i < 12; i++) z.addItem({ type: 'journalArticle', fields: { title: `A long enough title to need new pages ${i} `.repeat(8) } });
  const grown = z.bytes();
  z.run('DELETE FROM itemDataValues');
  z.run('VACUUM');
  const shrunk = z.bytes();
  return { base, grown, shrunk };
}

describe('applyWal', () => {
  it('in place equals a copy, and without own the caller’s bytes stay as they were', async () => {
    const { base, grown, shrunk } = await versions();
    const torn = makeWal(base, [grown]);
    torn[torn.length - 10] = (torn[torn.length - 10]! + 1) % 256;
    const cases: [Uint8Array, Uint8Array | undefined][] = [
      [base, makeWal(base, [grown])],
      [grown, makeWal(grown, [shrunk])],
      [base, torn],
      [base, undefined],
    ];
    for (const [start, wal] of cases) {
      const db = asWalMode(start);
      const untouched = Uint8Array.from(db);
      const copied = applyWal(db, wal);
      expect(Buffer.from(db).equals(Buffer.from(untouched))).toBe(true);
      const inPlace = applyWal(Uint8Array.from(db), wal, true);
      expect(Buffer.from(inPlace).equals(Buffer.from(copied))).toBe(true);
    }
  });
});
