// Writes a SQLite write-ahead log from two versions of a database, frame by frame as SQLite lays
// it out (https://www.sqlite.org/fileformat2.html#walformat), so tests can give the reader a
// database whose newest transactions are still in zotero.sqlite-wal, as Zotero leaves it.

function checksum(bytes: Uint8Array, start: number, length: number, s: [number, number]): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let [s0, s1] = s;
  for (let i = start; i < start + length; i += 8) {
    // Magic 0x377f0683: big-endian words.
    s0 = (s0 + view.getUint32(i) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4) + s0) >>> 0;
  }
  return [s0, s1];
}

/** One transaction per entry of `versions` (each a whole database), logged against `base`. */
export function makeWal(base: Uint8Array, versions: Uint8Array[], pageSize = 4096): Uint8Array {
  const frames: { page: number; data: Uint8Array; commit: number }[] = [];
  let prev = base;
  for (const next of versions) {
    const pages = next.length / pageSize;
    const changed: number[] = [];
    for (let p = 0; p < pages; p++) {
      const a = prev.subarray(p * pageSize, (p + 1) * pageSize);
      const b = next.subarray(p * pageSize, (p + 1) * pageSize);
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) changed.push(p + 1);
    }
    if (!changed.includes(1)) changed.unshift(1);
    changed.forEach((p, i) => frames.push({ page: p, data: next.subarray((p - 1) * pageSize, p * pageSize), commit: i === changed.length - 1 ? pages : 0 }));
    prev = next;
  }
  const out = new Uint8Array(32 + frames.length * (24 + pageSize));
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x377f0683);
  view.setUint32(4, 3007000);
  view.setUint32(8, pageSize);
  view.setUint32(12, 0);
  view.setUint32(16, 0x12345678);
  view.setUint32(20, 0x9abcdef0);
  let s = checksum(out, 0, 24, [0, 0]);
  view.setUint32(24, s[0]);
  view.setUint32(28, s[1]);
  frames.forEach((f, i) => {
    const at = 32 + i * (24 + pageSize);
    view.setUint32(at, f.page);
    view.setUint32(at + 4, f.commit);
    view.setUint32(at + 8, 0x12345678);
    view.setUint32(at + 12, 0x9abcdef0);
    out.set(f.data, at + 24);
    // The main file of a WAL database says so in bytes 18 and 19 (2 = WAL).
    if (f.page === 1) { out[at + 24 + 18] = 2; out[at + 24 + 19] = 2; }
    s = checksum(out, at, 8, s);
    s = checksum(out, at + 24, pageSize, s);
    view.setUint32(at + 16, s[0]);
    view.setUint32(at + 20, s[1]);
  });
  return out;
}

/** The database file of a WAL-mode database: bytes 18 and 19 set to 2. */
export function asWalMode(db: Uint8Array): Uint8Array {
  const copy = new Uint8Array(db);
  copy[18] = 2;
  copy[19] = 2;
  return copy;
}
