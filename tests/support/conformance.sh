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
cd "$dir"
out=$(mktemp)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -f "$out"
}
trap cleanup EXIT
"$server" "$dir" >"$out" &
pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on \(.*\)$/\1/p' "$out")
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "FAIL: $server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "FAIL: $server printed no 'listening on URL' within 10 s" >&2
  exit 1
fi

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
kill "$pid"
status=0
wait "$pid" || status=$?
pid=
if [ "$status" -ne 0 ]; then
  echo "FAIL: $server exited with status $status when stopped" >&2
  failed=$((failed + 1))
fi
echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
