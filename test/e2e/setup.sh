#!/usr/bin/env bash
# Prepares the end-to-end test machine: Debian's chromium, libkrb5-dev and ripgrep, and
# code-server 4.100.3 (VS Code 1.100.3) unpacked into a cache outside the repo.
# Idempotent: a second run only checks that code-server starts. Works without network
# access beyond the npm registry and Debian's apt mirror.
set -euo pipefail

VERSION=4.100.3
CACHE="${CITELENS_E2E_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/citelens-e2e}"
TARGET="$CACHE/code-server-$VERSION"
START=$(date +%s)

log() { printf '[e2e-setup %3ss] %s\n' "$(($(date +%s) - START))" "$*"; }

# --- Debian packages -------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present (chromium, ripgrep, libkrb5-dev)"
fi

# --- code-server -----------------------------------------------------------------------
# The normal `npm install -g code-server` runs postinstall scripts that download things;
# instead unpack the tarball and install each of its three dependency trees with scripts
# off, then rebuild only the native modules that the server needs.
if [ -f "$TARGET/.citelens-ready" ]; then
  log "code-server $VERSION cached in $TARGET"
else
  log "installing code-server $VERSION into $TARGET (cold cache)"
  mkdir -p "$CACHE"
  WORK="$CACHE/.partial-$VERSION"
  rm -rf "$WORK" "$TARGET"
  mkdir -p "$WORK"
  (cd "$WORK" && npm pack "code-server@$VERSION" --silent >/dev/null)
  log "unpacking"
  tar -xzf "$WORK/code-server-$VERSION.tgz" -C "$WORK"
  PKG="$WORK/package"
  export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
  log "npm install (code-server)"
  (cd "$PKG" && npm install --omit=dev --ignore-scripts --no-package-lock --loglevel=error >/dev/null)
  log "npm install (lib/vscode)"
  (cd "$PKG/lib/vscode" && npm install --omit=dev --ignore-scripts --no-package-lock --loglevel=error >/dev/null)
  log "npm install (lib/vscode/extensions)"
  (cd "$PKG/lib/vscode/extensions" && npm install --omit=dev --ignore-scripts --no-package-lock --loglevel=error >/dev/null)
  log "rebuilding native modules (argon2, kerberos, @vscode/spdlog, native-watchdog)"
  # Build argon2 from source: its install script would otherwise try to download a prebuilt binary.
  (cd "$PKG" && npm_config_ignore_scripts=false npm_config_build_from_source=true npm rebuild argon2 --foreground-scripts --loglevel=error >/dev/null)
  (cd "$PKG/lib/vscode" && npm_config_ignore_scripts=false npm rebuild kerberos @vscode/spdlog native-watchdog --foreground-scripts --loglevel=error >/dev/null)
  log "linking Debian's ripgrep and node_modules.asar"
  mkdir -p "$PKG/lib/vscode/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$PKG/lib/vscode/node_modules.asar"
  mv "$PKG" "$TARGET"
  rm -rf "$WORK"
  touch "$TARGET/.citelens-ready"
  log "installed"
fi

# --- verify ------------------------------------------------------------------------------
# Start the server on a free loopback port and wait until /healthz answers.
ENTRY="$TARGET/out/node/entry.js"
log "code-server --version: $(node "$ENTRY" --config /dev/null --version 2>/dev/null | tail -n 1)"
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
TMP=$(mktemp -d)
node "$ENTRY" --config /dev/null --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --user-data-dir "$TMP/user" --extensions-dir "$TMP/ext" "$TMP" >"$TMP/log" 2>&1 &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT
ok=""
for _ in $(seq 1 120); do
  if ! kill -0 "$PID" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$PORT/healthz"; then
    ok=yes
    break
  fi
  sleep 0.5
done
if [ -z "$ok" ]; then
  echo "[e2e-setup] code-server did not start; its log:" >&2
  cat "$TMP/log" >&2
  exit 1
fi
log "code-server answers on 127.0.0.1:$PORT; setup done"
echo "CITELENS_CODE_SERVER=$ENTRY"
