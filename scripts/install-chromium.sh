#!/usr/bin/env bash
# Installs Debian's Chromium for the simulator's end-to-end test (playwright-core drives it; it never
# downloads a browser of its own). Idempotent: does nothing when /usr/bin/chromium is already there.
# Runs apt-get as root, or through sudo when started by another user.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
version() { "$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM"; }
missing() {
  echo "chromium: $CHROMIUM is missing; $1" >&2
  exit 1
}

if [ -x "$CHROMIUM" ]; then
  echo "chromium: already installed ($(version))"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || missing "apt-get is not available: install Chromium with your package manager"
AS_ROOT=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || missing "run this script as root (apt-get needs it; sudo is not available)"
  AS_ROOT=(sudo)
fi

echo "chromium: installing Debian's chromium package (apt-get update && apt-get install -y chromium)"
"${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${AS_ROOT[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
echo "chromium: installed ($(version))"
