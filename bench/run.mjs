// `npm run bench`: every benchmark in one run — parsing, completion search, themes, the language
// server over stdio, the other formats with CSL formatting, and the re-export soak — printing figures and, where a
// user's tools offer a peer, ratios to it. Needs the corpus (../shared) or CITELENS_SHARED.
// `node bench/run.mjs search server` runs only those.
import { run as parse } from './parse.mjs';
import { run as search } from './search.mjs';
import { run as themes } from './themes.mjs';
import { run as server } from './server.mjs';
import { run as formats } from './formats.mjs';
import { run as soak } from './soak.mjs';

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = { parse, search, themes, server, formats, soak };
for (const [name, bench] of Object.entries(all)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await bench();
}
