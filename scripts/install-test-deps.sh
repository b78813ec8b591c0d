#!/usr/bin/env bash
# System packages the test suite needs beyond Python, kept separate so CI and the README's test
# command install the same things:
#   chromium          headless browser for tests/test_browser.py (renders the HTML briefing)
#   fonts-dejavu-core a font for it to draw text with on a machine with no desktop
# Debian's package, through apt: nothing is downloaded from outside the package archive.
set -euo pipefail

log() { printf '[install-test-deps] %s\n' "$*" >&2; }

if command -v chromium >/dev/null 2>&1; then
  log "chromium present: $(command -v chromium)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  log "chromium is missing and installing it needs root (or sudo)."
  log "Install Debian's 'chromium' package; without it the browser tests are skipped."
  exit 0
fi

log "installing chromium and fonts-dejavu-core with apt-get (a few minutes)"
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  chromium fonts-dejavu-core
command -v chromium >/dev/null
log "installed: $(command -v chromium)"
