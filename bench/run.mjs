// `npm run bench`: every benchmark in one run — parsing, completion search, themes and the
// language server over stdio — each printing its figures as ratios against the libraries a
// user's tools run today. Needs the corpus beside the project (../shared) or CITELENS_SHARED.
import { run as parse } from './parse.mjs';
import { run as search } from './search.mjs';
import { run as themes } from './themes.mjs';
import { run as server } from './server.mjs';

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = { parse, search, themes, server };
for (const [name, bench] of Object.entries(all)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await bench();
}
