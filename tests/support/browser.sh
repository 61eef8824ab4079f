#!/usr/bin/env bash
# ctest's run of the admin page in headless Chromium (tests/browser/admin.mjs):
#   browser.sh RMMSIM_BINARY
# starts rmmsim on a free port, runs the page's checks against it, stops it. Fails, saying
# why, when node, Chromium (Debian: chromium) or tests/browser/node_modules is missing
# (scripts/deps installs all three). F-CTL-070..073 are checked in admin.mjs.
set -euo pipefail
dir=$(cd "$(dirname "$0")/../browser" && pwd)

if [ $# -ne 1 ]; then
  echo "usage: $0 RMMSIM_BINARY" >&2
  exit 2
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null; then
  echo "FAIL: node is not installed; scripts/deps installs it (Debian: nodejs, npm)" >&2
  exit 1
fi
if [ ! -x "$chromium" ]; then
  echo "FAIL: no Chromium at $chromium; scripts/deps installs it (Debian: chromium)," \
       "or set CHROMIUM to a Chromium binary" >&2
  exit 1
fi
if [ ! -f "$dir/node_modules/playwright-core/package.json" ]; then
  echo "FAIL: tests/browser/node_modules/playwright-core is missing; run 'npm ci' in" \
       "tests/browser (scripts/deps does)" >&2
  exit 1
fi

server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/server.sh"
server_start 's/^rmmsim listening on \(http[^ ]*\).*$/\1/p' \
  "$server" --listen 127.0.0.1:0 --log-level off

status=0
(cd "$dir" && CHROMIUM="$chromium" timeout 60 node admin.mjs "$server_url") || status=$?
server_stop || status=1
exit "$status"
