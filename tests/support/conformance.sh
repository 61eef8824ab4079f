#!/usr/bin/env bash
# ctest's runs of the GraphQL conformance oracle (tests/conformance, README.md there):
#   conformance.sh selftest   node selftest.mjs: the oracle against graphql-js itself
#   conformance.sh SERVER     starts SERVER (rmmsim-conformance-server: rmmsim's engine with
#                             the oracle's schema, data and resolvers), runs check.mjs,
#                             audit.mjs and roundtrip.mjs against it, stops it
# Fails, saying why, when node or tests/conformance/node_modules is missing (scripts/deps
# installs both). Prints "N passed, M failed" over the scripts it ran.
set -euo pipefail
dir=$(cd "$(dirname "$0")/../conformance" && pwd)

if [ $# -ne 1 ]; then
  echo "usage: $0 selftest | $0 SERVER_BINARY" >&2
  exit 2
fi
if ! command -v node >/dev/null; then
  echo "FAIL: node is not installed; scripts/deps installs it (Debian: nodejs, npm)" >&2
  exit 1
fi
for pkg in graphql graphql-http; do
  if [ ! -f "$dir/node_modules/$pkg/package.json" ]; then
    echo "FAIL: tests/conformance/node_modules/$pkg is missing; run 'npm ci' in" \
         "tests/conformance (scripts/deps does)" >&2
    exit 1
  fi
done
if [ "$1" = selftest ]; then
  cd "$dir"
  exec node selftest.mjs
fi
server=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/server.sh"
cd "$dir"
server_start 's/^listening on \(.*\)$/\1/p' "$server" "$dir"
url=$server_url
out=$server_out

passed=0
failed=0
for script in check.mjs audit.mjs roundtrip.mjs; do
  echo "== node $script $url"
  # Only what failed, and each script's closing line: the corpus alone is 322 lines of PASS.
  if node "$script" "$url" >"$out.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  grep -Ev '^(PASS|ok)[[:space:]]' "$out.log" || true
  rm -f "$out.log"
done
# The server must stop cleanly: a crash, or a sanitizer's report at exit, fails the test.
server_stop || failed=$((failed + 1))
echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
