#!/usr/bin/env bash
# `npm start`: install what is missing, build the extension, and open it in Chromium on
# the bundled replicas of both inboxes (headed with a display, headless otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
npm run build --silent
exec npx tsx scripts/demo.ts "$@"
