#!/usr/bin/env bash
# Start the hub stage's JupyterHub in a fresh temporary folder. Playwright
# (playwright.config.js webServer) runs this and sends SIGTERM at the end; the
# hub then stops alice's server, the culler and the proxy itself. Anything
# left behind (hub killed hard) is stopped here by the pids it recorded.
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
[ -x "$HERE/node_modules/.bin/configurable-http-proxy" ] || (cd "$HERE" && npm ci --no-audit --no-fund) || exit 1
export HUB_STAGE_DIR="${HUB_STAGE_DIR:-$(mktemp -d /tmp/artifacts-hub-XXXXXX)}"
: "${HUB_TEST_TOKEN:?set by playwright.config.js}"
cd "$HUB_STAGE_DIR"

PY="${HUB_PYTHON:-$HERE/../../.venv/bin/python}"
[ -x "$PY" ] || PY=python3
# In a session of its own: only this script signals it, once.
setsid "$PY" -m jupyterhub -f "$HERE/jupyterhub_config.py" &
HUB=$!
stop() {
  kill -TERM "$HUB" 2>/dev/null
  wait "$HUB" 2>/dev/null
  for pidfile in "$HUB_STAGE_DIR"/*.pid; do
    [ -f "$pidfile" ] && kill -TERM "$(cat "$pidfile")" 2>/dev/null
  done
  rm -rf "$HUB_STAGE_DIR"
  exit 0
}
trap stop TERM INT
wait "$HUB"
