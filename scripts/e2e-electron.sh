#!/usr/bin/env bash
# Desktop VS Code suite via @vscode/test-electron. It needs to download VS Code, which this
# project's machines cannot, so it only runs when CITELENS_E2E_ELECTRON=1 is set.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CITELENS_E2E_ELECTRON:-}" != 1 ]; then
  echo "e2e-electron: skipped (desktop VS Code cannot be downloaded here; set CITELENS_E2E_ELECTRON=1 where it can)"
  exit 0
fi
node esbuild.mjs
npx esbuild test/e2e/electron/runTest.ts test/e2e/electron/suite.ts --bundle --platform=node --format=cjs \
  --target=node20 --external:vscode --external:@vscode/test-electron --log-level=warning \
  --outdir=.vscode-test/e2e-electron
run=(node .vscode-test/e2e-electron/runTest.js)
# Electron needs a display; on a headless Linux machine borrow one from Xvfb.
if [ -z "${DISPLAY:-}" ] && [ "$(uname)" = Linux ] && command -v xvfb-run >/dev/null; then
  run=(xvfb-run -a "${run[@]}")
fi
"${run[@]}"
