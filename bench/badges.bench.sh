#!/usr/bin/env bash
# Benchmark: a folder of 5,000 entries listed in the file browser, with the
# badges (rules that match 500 of the folders, DOI probing on) and without the
# extension, in the same run. Two JupyterLab servers on loopback:
# BENCH_PORT (default 8892, with) and BENCH_BASE_PORT (default 8120, without).
# Prints the medians and writes bench/results/badges.json.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PY="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
WITH_PORT="${BENCH_PORT:-8892}"
BASE_PORT="${BENCH_BASE_PORT:-8120}"
WORK="$(mktemp -d /tmp/artifacts-bench-XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 5,000 entries: 4,000 small files, 500 group folders, 500 other folders.
"$PY" - "$WORK/root/big" <<'PYEOF'
import os, sys
big = sys.argv[1]
os.makedirs(big)
for i in range(4000):
    with open(os.path.join(big, f"file-{i:04d}.txt"), "w") as f:
        f.write("x\n")
for i in range(500):
    os.makedirs(os.path.join(big, f"group-{i:03d}"))
    os.makedirs(os.path.join(big, f"dir-{i:03d}"))
PYEOF

mkdir -p "$WORK/labext" "$WORK/settings" "$WORK/cfg-with/labconfig" "$WORK/cfg-without/labconfig"
ln -s "$ROOT/jupyterlab_artifacts/labextension" "$WORK/labext/jupyterlab-artifacts"
cat > "$WORK/settings/overrides.json" <<'JSON'
{"jupyterlab-artifacts:badges": {"rules": [{"pattern": "big/group-*", "group": "{name}", "readOnly": ["store"]}], "probeChildFolders": 20}}
JSON
echo '{"disabledExtensions": {"jupyterlab-artifacts": true}}' > "$WORK/cfg-without/labconfig/page_config.json"

start() { # port config-dir extra-args...
  local port=$1 cfg=$2; shift 2
  JUPYTER_CONFIG_DIR="$cfg" "$PY" -m jupyterlab --no-browser --allow-root --ip=127.0.0.1 \
    --port="$port" --port-retries=0 --ServerApp.token= --ServerApp.password= \
    --ServerApp.disable_check_xsrf=True --ServerApp.root_dir="$WORK/root" \
    --LabApp.expose_app_in_browser=True --LabApp.app_settings_dir="$WORK/settings" "$@" \
    >"$WORK/lab-$port.log" 2>&1 &
  PIDS+=($!)
}
start "$WITH_PORT" "$WORK/cfg-with" --LabServerApp.extra_labextensions_path="$WORK/labext"
start "$BASE_PORT" "$WORK/cfg-without"
for port in "$WITH_PORT" "$BASE_PORT"; do
  for _ in $(seq 120); do
    curl -sf "http://127.0.0.1:$port/api/status" >/dev/null && break
    sleep 0.5
  done
done

mkdir -p "$HERE/results"
cd "$ROOT/ui-tests"
node "$HERE/badges.driver.js" "http://127.0.0.1:$WITH_PORT" "http://127.0.0.1:$BASE_PORT" \
  | tee "$HERE/results/badges.json"
