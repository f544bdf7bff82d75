// Loaded into the server process with `node --require`: appends the path of every file the server
// opens whose path ends with CITELENS_PROBE_SUFFIX to the file CITELENS_PROBE_OUT, so a protocol
// test can count how often a file was read.
const fsp = require('node:fs/promises');
const { appendFileSync } = require('node:fs');

const out = process.env.CITELENS_PROBE_OUT;
const suffix = process.env.CITELENS_PROBE_SUFFIX;
const open = fsp.open;
fsp.open = function (path, ...rest) {
  if (out && suffix && String(path).endsWith(suffix)) appendFileSync(out, `${path}\n`);
  return open.call(this, path, ...rest);
};
