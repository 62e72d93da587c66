#!/usr/bin/env bash
# Installs npm dependencies exactly as locked when they are missing or stale.
set -euo pipefail
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
