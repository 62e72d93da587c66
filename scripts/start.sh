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
node --import tsx server/main.ts --data .data/server --port "$PORT" > .data/server.log 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "http://127.0.0.1:$PORT/v1/health" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "The team server did not start:"; cat .data/server.log; exit 1; }
  sleep 0.2
done
echo "Team server (PGlite) on http://127.0.0.1:$PORT — create a team with: npm run server:admin -- team create --name \"Shop\" --owner \"Name\" --data .data/server (after stopping the server)"
npx tsx scripts/demo.ts "$@"
