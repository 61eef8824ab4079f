#!/usr/bin/env bash
# ctest's runs of the CI examples (examples/, each one's README.md):
#   examples.sh node   RMMSIM_BINARY    npm test in examples/node (Node >= 18, no packages)
#   examples.sh python RMMSIM_BINARY    pytest in examples/python (python3, pytest, requests)
# starts rmmsim on a free port, runs the example against it with RMMSIM_URL, stops it. Fails,
# saying why, when node or a python3 with pytest and requests is missing (scripts/deps
# installs Debian's nodejs, python3-pytest and python3-requests). PYTHON picks the interpreter.
set -euo pipefail
examples=$(cd "$(dirname "$0")/../../examples" && pwd)

if [ $# -ne 2 ] || { [ "$1" != node ] && [ "$1" != python ]; }; then
  echo "usage: $0 node|python RMMSIM_BINARY" >&2
  exit 2
fi
case $1 in
  node)
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
      echo "FAIL: node or npm is not installed; scripts/deps installs them (Debian: nodejs npm)" >&2
      exit 1
    fi
    run=(npm --no-update-notifier test) ;;
  python)
    # The first interpreter that has both packages: $PYTHON, python3 on PATH, Debian's.
    python=
    for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
      if command -v "$candidate" >/dev/null &&
         "$candidate" -c 'import pytest, requests' 2>/dev/null; then
        python=$candidate
        break
      fi
    done
    if [ -z "$python" ]; then
      echo "FAIL: no python3 with pytest and requests; scripts/deps installs them (Debian:" \
           "python3-pytest python3-requests), or: pip install -r examples/python/requirements.txt" >&2
      exit 1
    fi
    # Leave nothing behind in the source tree: no __pycache__, no .pytest_cache.
    export PYTHONDONTWRITEBYTECODE=1
    run=("$python" -m pytest -q -p no:cacheprovider) ;;
esac

server=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
. "$(dirname "$0")/server.sh"
server_start 's/^rmmsim listening on \(http[^ ]*\).*$/\1/p' \
  "$server" --listen 127.0.0.1:0 --log-level off

status=0
(cd "$examples/$1" && RMMSIM_URL=$server_url timeout 120 "${run[@]}") || status=$?
server_stop || status=1 # a crash, or a sanitizer's report at exit, fails the test
exit "$status"
