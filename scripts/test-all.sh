#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, then lint, typecheck, unit,
# team-server (on embedded PGlite; again on PostgreSQL when KQ_PG_DATABASE_URL is set, as
# CI does) and end-to-end tests in real Chromium. Every stage runs even if an earlier one
# failed, and the last line is the total: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
rm -rf reports && mkdir -p reports

failed=()
expect=(unit server e2e)
stage() {
  local name="$1"; shift
  echo "── $name"
  if ! "$@"; then failed+=("$name"); fi
}
vitest_json() { npx vitest run --reporter=default --reporter=json --outputFile.json="reports/$1.json" "${@:2}"; }

stage lint npx biome check .
stage typecheck npx tsc --noEmit
stage unit vitest_json unit
stage server vitest_json server -c vitest.server.config.ts
if [ -n "${KQ_PG_DATABASE_URL:-}" ]; then
  expect+=(server-pg)
  stage server-pg env DATABASE_URL="$KQ_PG_DATABASE_URL" bash -c "$(declare -f vitest_json); vitest_json server-pg -c vitest.server.config.ts"
fi
stage e2e npx playwright test

node scripts/summarize-tests.mjs "$(IFS=,; echo "${expect[*]}")" "${failed[@]}"
