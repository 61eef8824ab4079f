# Sourced by the ctest scripts that run a server binary for a Node.js test
# (conformance.sh, browser.sh, examples.sh): start it, wait for its URL, stop it cleanly.
#   server_start PATTERN COMMAND...  runs COMMAND in the background; sets server_pid and
#                                    server_url (PATTERN: a sed -n 's/...//p' script that
#                                    prints the URL from the server's output line); exits 1
#                                    when it dies or prints no URL within 10 s
#   server_stop                      stops it; returns non-zero when it did not exit
#                                    cleanly (a crash, a sanitizer's report at exit)
# An EXIT trap stops the server and removes its output file on any early exit.
server_pid=
server_url=
server_out=$(mktemp)
server_cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$server_out"
}
trap server_cleanup EXIT

server_start() {
  local pattern=$1
  shift
  "$@" >"$server_out" &   # stderr stays visible: a sanitizer report shows in ctest
  server_pid=$!
  for _ in $(seq 100); do
    server_url=$(sed -n "$pattern" "$server_out")
    [ -n "$server_url" ] && return 0
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "FAIL: $1 exited before listening" >&2
      server_pid=
      exit 1
    fi
    sleep 0.1
  done
  echo "FAIL: $1 printed no URL within 10 s" >&2
  exit 1
}

server_stop() {
  local status=0
  kill "$server_pid"
  wait "$server_pid" || status=$?
  server_pid=
  if [ "$status" -ne 0 ]; then
    echo "FAIL: the server exited with status $status when stopped" >&2
    return 1
  fi
}
