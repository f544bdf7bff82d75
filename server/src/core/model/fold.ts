// The one text fold of the core: lower case, accents stripped, and the letters Unicode does not
// decompose written as a writer types them in ASCII. Search, themes, field matching and key
// generation all fold through here, so `Đorđe`, `Łukasz` and `Straße` read the same everywhere.

/** Letters NFD leaves whole, as their usual ASCII spelling (lower case; fold lower-cases first). */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ȷ: 'j', ŋ: 'ng', ħ: 'h', ĳ: 'ij', ŀ: 'l', ŧ: 't', ſ: 's',
};
const SPECIAL_RE = /[ßæœøłđðþıȷŋħĳŀŧſ]/g;
const MARKS_RE = /\p{M}+/gu;
const NON_ASCII_RE = /[^\x00-\x7f]/;

/** Lower case without accents: `Gödel`, `GÖDEL` and `godel` fold alike. */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most bibliography text is ASCII; skipping normalisation for it keeps index builds fast.
  if (!NON_ASCII_RE.test(lower)) return lower;
  return lower.normalize('NFKD').replace(MARKS_RE, '').replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c);
}

/** Lower-case ASCII letters and digits only, for keys: `Đorđe` -> `dorde`, `D’Amico` -> `damico`. */
export function foldToAscii(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}
