#!/usr/bin/env bash
# `npm start`: install what is missing, build the extension, start the team server on its
# embedded PostgreSQL (PGlite, data in .data/server), and open Chromium with the extension
# on the bundled replicas of both inboxes (headed with a display, headless otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
mkdir -p .data
npm run build --silent
PORT="${PORT:-8787}"
# First run: a demo team whose owner token the demo uses to connect the extension. The
# admin CLI must run before the server takes the PGlite data folder.
if [ ! -s .data/demo-team.json ]; then
  node --import tsx server/admin.ts team create --name "Shop demo" --owner "Chủ shop" --data .data/server > .data/demo-team.json
fi
node --import tsx server/main.ts --data .data/server --port "$PORT" > .data/server.log 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "http://127.0.0.1:$PORT/v1/health" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "The team server did not start:"; cat .data/server.log; exit 1; }
  sleep 0.2
done
echo "Team server (PGlite) on http://127.0.0.1:$PORT; demo team and owner token in .data/demo-team.json"
KQ_SERVER_URL="http://127.0.0.1:$PORT" KQ_TEAM_FILE=.data/demo-team.json npx tsx scripts/demo.ts "$@"
