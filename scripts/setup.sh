#!/usr/bin/env bash
# Installs everything nbschedule needs into this checkout, idempotently:
# .venv (JupyterLab, nbconvert, ipykernel, this extension), Node dependencies,
# the built sidecar (server/lib) and the built labextension.
# Each step is skipped when its inputs have not changed since it last succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
stamps=.venv/.nbschedule-stamps

say() { printf '\n== %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required but not on PATH ($2)" >&2; exit 1; }; }
need python3 "Python 3.10 or newer"
need node "Node.js 20"
need npm "npm, which comes with Node.js"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "setup: Node.js 20 or newer is required, found $(node --version)" >&2; exit 1; }

# better-sqlite3 compiles from source: use the local Node headers when the system has them,
# so node-gyp needs no download.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

# fresh NAME PATHS...: true when the files under PATHS are unchanged since `mark NAME` last ran
digest() { find "$@" -type f 2>/dev/null | LC_ALL=C sort | xargs cat 2>/dev/null | sha256sum | cut -d' ' -f1; }
fresh() { local n=$1; shift; [ -f "$stamps/$n" ] && [ "$(cat "$stamps/$n")" = "$(digest "$@")" ]; }
mark() { local n=$1; shift; mkdir -p "$stamps"; digest "$@" > "$stamps/$n"; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  python3 -m venv .venv
fi
export PATH="$repo/.venv/bin:$PATH"

if ! fresh python-deps pyproject.toml scripts/setup.sh; then
  say "installing JupyterLab, nbconvert, ipykernel and the test tools into .venv"
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet "jupyterlab==4.6.4" "nbconvert>=7.16,<8" "ipykernel>=6.29" \
    "hatchling>=1.5" "hatch-jupyter-builder>=0.9" "hatch-nodejs-version>=0.3.2" \
    "pytest>=8" "pytest-jupyter[server]>=0.10" "pytest-asyncio>=0.23" \
    "schemathesis>=4.32,<5" "prometheus-client>=0.20"
  mark python-deps pyproject.toml scripts/setup.sh
fi

if ! fresh npm-root package.json package-lock.json; then
  say "installing the frontend's Node dependencies"
  npm install --no-audit --no-fund --loglevel=error
  mark npm-root package.json package-lock.json
fi
if ! fresh npm-server server/package.json server/package-lock.json; then
  say "installing the sidecar's Node dependencies (better-sqlite3 compiles, about a minute)"
  (cd server && npm install --no-audit --no-fund --loglevel=error)
  mark npm-server server/package.json server/package-lock.json
fi

if [ ! -f server/lib/main.js ] || ! fresh build-server server/src server/migrations server/tsconfig.json server/package.json; then
  say "building the sidecar"
  (cd server && npm run --silent build)
  mark build-server server/src server/migrations server/tsconfig.json server/package.json
fi
if [ ! -f jupyterlab_nbschedule/labextension/package.json ] || ! fresh build-lab src style schema tsconfig.json package.json; then
  say "building the labextension"
  npm run --silent build
  mark build-lab src style schema tsconfig.json package.json
fi

if ! fresh python-pkg pyproject.toml package.json; then
  say "installing the extension into .venv"
  # The labextension was just built by npm; the hatch build hook need not build it again.
  SKIP_JUPYTER_BUILDER=1 python -m pip install --quiet --no-build-isolation -e .
  mark python-pkg pyproject.toml package.json
fi
# Link the built labextension into .venv so rebuilds show up without reinstalling.
jupyter labextension develop --overwrite . >/dev/null 2>&1
jupyter labextension list 2>&1 | grep -q "jupyterlab-nbschedule.*enabled.*OK" \
  || { echo "setup: the labextension is not installed in .venv; see 'jupyter labextension list'" >&2; exit 1; }
say "setup done"
