#!/usr/bin/env bash
# Install the tools the test suite drives for real, so those tests run instead of being skipped:
#   chromium            headless-browser checks of the dashboards and the draft's HTML (screenshots)
#   libreoffice-writer  .doc/.wps readers (convert to .docx) and `govstats draft --pdf`
#   libreoffice-calc    the .et reader (converts to .xlsx)
#   poppler-utils       pdftoppm: the draft PDF's pages rendered to images in the tests
#   fonts-wqy-zenhei, fonts-noto-cjk, fonts-arphic-ukai   CJK fonts (黑体-like sans, 宋体-like serif, 楷体),
#                       so Chinese renders in screenshots and PDFs with each role's kind of face
# Debian/Ubuntu (apt-get); idempotent (installs only what is missing); needs root or sudo, else it says
# what is missing and exits 0 (the tests that need a tool then skip, naming it). `make all` never runs this.
set -euo pipefail

missing=()
need() { # need COMMAND-OR-CHECK PACKAGE...
  if ! eval "$1" >/dev/null 2>&1; then shift; missing+=("$@"); fi
}
need "command -v chromium" chromium
need "command -v soffice" libreoffice-writer
need "test -e /usr/lib/libreoffice/program/scalc || test -e /usr/lib/libreoffice/program/libsclo.so" libreoffice-calc
need "command -v pdftoppm" poppler-utils
need "fc-list :lang=zh family | grep -qi zen" fonts-wqy-zenhei
need "fc-list :lang=zh family | grep -qi 'Noto Serif CJK'" fonts-noto-cjk
need "fc-list :lang=zh family | grep -qi 'UKai'" fonts-arphic-ukai
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "test tools missing (${missing[*]}) and no root/sudo: the tests that need them will be skipped" >&2; exit 0; fi
echo "installing test tools: ${missing[*]} ..." >&2
# another apt/dpkg may be running (unattended upgrades, a parallel setup): wait for its lock, up to 10 min
APT=($SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
for attempt in 1 2 3; do
  if "${APT[@]}" update >/dev/null && "${APT[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null; then
    break
  fi
  [ "$attempt" -eq 3 ] && { echo "apt-get could not install: ${missing[*]}" >&2; exit 1; }
  echo "apt-get failed (attempt $attempt; lock or mirror?), retrying in 20 s" >&2; sleep 20
done
command -v chromium >/dev/null && command -v soffice >/dev/null && command -v pdftoppm >/dev/null
