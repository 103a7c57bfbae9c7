#!/usr/bin/env bash
# Starts a throwaway JupyterLab with nbschedule for the browser tests: a fresh root dir holding
# the test notebooks, a fresh data dir (so the sidecar's SQLite file is new) and isolated
# settings, on 127.0.0.1:$E2E_PORT with token $E2E_TOKEN.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$repo/artifacts/e2e-work-$E2E_PORT
rm -rf "$work" && mkdir -p "$work/root/reports" "$work/data" "$work/config" "$work/runtime" "$work/settings" "$work/workspaces"
"$repo/.venv/bin/python" "$repo/tests/e2e/make_notebooks.py" "$work/root"
args=(--no-browser --ip=127.0.0.1 --port="$E2E_PORT" --IdentityProvider.token="$E2E_TOKEN"
  --ServerApp.root_dir="$work/root" --LabApp.user_settings_dir="$work/settings"
  --LabApp.workspaces_dir="$work/workspaces" --ServerApp.open_browser=False)
[ "$(id -u)" = 0 ] && args+=(--allow-root)
export NBSCHEDULE_DATA_DIR="$work/data" JUPYTER_CONFIG_DIR="$work/config" JUPYTER_RUNTIME_DIR="$work/runtime"
exec "$repo/.venv/bin/jupyter" lab "${args[@]}"
