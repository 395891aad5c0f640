#!/usr/bin/env bash
# Install Debian's chromium (and a CJK font, so Chinese text renders in screenshots) for the
# headless-browser checks of the exported dashboards.
# Idempotent; needs root or sudo. The dashboards themselves never need a browser to build.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "chromium not found and no root/sudo: browser checks will be skipped (install Debian's chromium)" >&2; exit 0; fi
echo "installing Debian chromium (headless browser checks)..." >&2
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
command -v chromium >/dev/null
