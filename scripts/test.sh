#!/usr/bin/env bash
# Sets everything up (see setup.sh), then runs every test suite: the sidecar's jest suite,
# the frontend's jest suite, the Python suites (server extension and whole-system restart),
# and the browser end-to-end suite in headless Chromium. Ends with one line
# "N passed, N failed" totalling every suite; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$repo/.venv/bin:$PATH"

# Debian's chromium drives the browser tests (never a browser download); Debian's
# docker-compose validates the compose file (no engine is needed for that).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's ${missing[*]} for the tests" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "the tests need: sudo apt-get install ${missing[*]}" >&2
    echo "0 passed, 1 failed"; exit 1
  fi
fi
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error) \
    || { echo "0 passed, 1 failed"; exit 1; }
fi

results=artifacts/results
rm -rf "$results" && mkdir -p "$results"
status=0
run() { echo; echo "== $1" >&2; shift; "$@" || status=1; }

run "sidecar (jest)" bash -c "cd server && npm test --silent -- --json --outputFile=$repo/$results/jest-sidecar.json"
run "frontend (jest)" npm test --silent -- --json --outputFile="$results/jest-frontend.json"
run "server extension and system (pytest)" python -m pytest -p no:cacheprovider -q \
  jupyterlab_nbschedule/tests tests/system --junitxml="$results/pytest.xml"
run "browser end-to-end (playwright, headless chromium)" bash -c \
  "cd tests/e2e && PLAYWRIGHT_JSON_OUTPUT_NAME=$repo/$results/playwright.json npx playwright test --reporter=list,json"

python scripts/test_summary.py "$results" || status=1
exit $status
