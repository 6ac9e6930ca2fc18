# Sourced by the devserver integration tests: a temp dir, a server on an OS-chosen port, cleanup on exit.
# Sets: WORK (temp dir), PORT, USER_NAME, PASSWORD. Requires: BIN (path of tds-devserver).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devserver-test.XXXXXX")
USER_NAME=sa
PASSWORD='Dev-Passw0rd!'
cleanup() {
  local status=$?
  if [[ -f "$WORK/db.sqlite.pid" ]]; then
    pid=$(cat "$WORK/db.sqlite.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Under scripts/test --sanitize the server's own reports (it exits after SIGTERM) fail the test too.
  if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$WORK/db.sqlite.log" 2>/dev/null; then
    echo "FAIL: sanitizer report from tds-devserver:" >&2
    cat "$WORK/db.sqlite.log" >&2
    status=1
  fi
  if [[ "${KEEP_WORK:-}" == "" ]]; then rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
start_server() {  # extra tds-devserver args
  PORT=$("$HERE/start_devserver.sh" "$BIN" "$WORK/db.sqlite" --login "$USER_NAME:$PASSWORD" "$@")
}
fail() {
  echo "FAIL: $*" >&2
  echo "--- server log ---" >&2
  cat "$WORK/db.sqlite.log" >&2 || true
  exit 1
}
