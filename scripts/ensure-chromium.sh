#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the e2e suite and the demo: installs it with
# apt-get when missing and we are root; otherwise says exactly what to install.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium with apt-get…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  exit 0
fi
cat >&2 <<MSG
Chromium is required for the end-to-end tests and the demo, and was not found at $CHROMIUM.
Install it, then run the command again:
  sudo apt-get install chromium        (Debian/Ubuntu)
or point CHROMIUM_PATH at an existing Chromium/Chrome binary.
MSG
exit 1
