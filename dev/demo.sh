#!/usr/bin/env bash
# The demo: the Zenodo stand-in on loopback with sample artifacts, and JupyterLab
# with this checkout's extension configured to use it. Ctrl-C stops both.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

LAB_PORT="${LAB_PORT:-8899}"
STANDIN_PORT="${STANDIN_PORT:-5555}"
DEMO="$ROOT/.demo"
STANDIN_URL="http://127.0.0.1:$STANDIN_PORT"

mkdir -p "$DEMO/settings" "$DEMO/labextensions" "$DEMO/work"
ln -sfn "$ROOT/jupyterlab_artifacts/labextension" "$DEMO/labextensions/jupyterlab-artifacts"
python dev/make_demo_workspace.py "$DEMO/work"
cat > "$DEMO/settings/overrides.json" <<JSON
{
  "jupyterlab-artifacts:zenodo": {
    "baseUrl": "$STANDIN_URL",
    "community": "artifacts-demo"
  },
  "@jupyterlab/apputils-extension:notification": {
    "fetchNews": "false",
    "checkForUpdates": false
  }
}
JSON

# The stand-in keeps what was published in .demo/standin (Zenodo does not
# forget either): remove that folder to start from the sample artifacts alone.
node dev/standin/cli.js --host 127.0.0.1 --port "$STANDIN_PORT" --seed demo --state "$DEMO/standin" &
STANDIN_PID=$!
trap 'kill $STANDIN_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "$STANDIN_URL/api/records?size=1" >/dev/null 2>&1 && break
  sleep 0.2
done

TOKEN="$(python -c 'import secrets; print(secrets.token_hex(16))')"
cat <<MSG

  Zenodo stand-in:  $STANDIN_URL  (a token for it: $(node dev/standin/cli.js --print-demo-token))
  JupyterLab:       http://127.0.0.1:$LAB_PORT/lab?token=$TOKEN

  Open the JupyterLab URL in your browser. Ctrl-C stops both servers.

MSG
# The server companion from this checkout (not an installed copy), allowed to
# talk to the stand-in only. No "a newer version is available" toast: the
# server never checks (check_for_updates_class) and the page never asks.
PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}" \
jupyter lab --no-browser --ip 127.0.0.1 --port "$LAB_PORT" --allow-root \
  --ServerApp.root_dir="$DEMO/work" \
  --ServerApp.jpserver_extensions="{'jupyterlab_artifacts': True}" \
  --ArtifactsCompanion.zenodo_url="$STANDIN_URL" \
  --IdentityProvider.token="$TOKEN" \
  --LabApp.app_settings_dir="$DEMO/settings" \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabServerApp.extra_labextensions_path="$DEMO/labextensions"
