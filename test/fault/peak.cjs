// Preloaded (`node --require`) into the processes the fault test runs: writes the process's peak
// resident memory and how it ended to the file named by CITELENS_PEAK_FILE, so the test can bound it.
const { writeFileSync } = require('node:fs');
const file = process.env.CITELENS_PEAK_FILE;
if (file) {
  process.on('exit', (code) => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, code }));
  });
}
