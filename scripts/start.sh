#!/usr/bin/env bash
# Sets everything up (see setup.sh), then starts JupyterLab with nbschedule on http://localhost:8888.
# The server extension starts the scheduler sidecar itself, on SQLite in <jupyter data dir>/nbschedule.
# Extra arguments go to `jupyter lab`, e.g. scripts/start.sh --notebook-dir ~/work
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
args=(--ip=127.0.0.1 --port=8888 --no-browser)
[ "$(id -u)" = 0 ] && args+=(--allow-root)
exec .venv/bin/jupyter lab "${args[@]}" "$@"
