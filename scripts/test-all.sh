#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, then lint, typecheck, unit,
# and end-to-end tests in real Chromium. Every stage runs even if an earlier one failed,
# and the last line is the total: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
rm -rf reports && mkdir -p reports

failed_stages=()
stage() {
  local name="$1"; shift
  echo "── $name"
  if ! "$@"; then failed_stages+=("$name"); fi
}

stage lint npx biome check .
stage typecheck npx tsc --noEmit
stage unit npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json
stage e2e npx playwright test

node scripts/summarize-tests.mjs "${failed_stages[@]}"
