#!/usr/bin/env bash
# --latency-ms delays every reply, --port-file names the port, SIGTERM ends the server cleanly.
# Usage: lifecycle_test.sh TDS_DEVSERVER_BIN
BIN=$1
source "$(dirname "$0")/common.sh"
help=$("$BIN" --help)
[[ "$help" == *"FOR DEVELOPMENT AND TESTS ONLY"* ]] || fail "--help does not say what the server is for"
start_server --demo --latency-ms 300
[[ "$PORT" =~ ^[0-9]+$ && "$PORT" -gt 0 ]] || fail "port file holds \"$PORT\""
cat >"$WORK/freetds.conf" <<CONF
[devserver]
	host = 127.0.0.1
	port = $PORT
	tds version = 7.4
CONF
export FREETDSCONF="$WORK/freetds.conf"
start=$(date +%s%N)
out=$(printf 'SELECT 1\ngo\nSELECT 2\ngo\nSELECT 3\ngo\n' |
      timeout 30 tsql -S devserver -U "$USER_NAME" -P "$PASSWORD" -o q 2>&1) || fail "tsql: $out"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "3 batches with --latency-ms 300 took ${ms} ms"
(( ms >= 900 )) || fail "3 batches took ${ms} ms, expected at least 900"

# Finished connections leave no thread behind (a benchmark opens thousands).
pid=$(cat "$WORK/db.sqlite.pid")
for _ in $(seq 1 20); do
  printf 'SELECT 1\ngo\n' | timeout 30 tsql -S devserver -U "$USER_NAME" -P "$PASSWORD" -o q >/dev/null 2>&1
done
# The accept loop joins finished threads at least every 200 ms.
for _ in $(seq 1 30); do
  threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
  (( threads <= 2 )) && break
  sleep 0.1
done
(( threads <= 2 )) || fail "$threads threads after 20 closed connections"

# A client stays connected while the server is asked to stop: the server must still exit promptly.
# (its stdin is a pipe this script holds open; closing it lets tsql end)
exec {idle_stdin}> >(timeout 60 tsql -S devserver -U "$USER_NAME" -P "$PASSWORD" -o q >/dev/null 2>&1)
for _ in $(seq 1 50); do grep -q "conn 22 login ok" "$WORK/db.sqlite.log" && break; sleep 0.1; done
kill -TERM "$pid"
stopped=
for _ in $(seq 1 50); do
  if ! kill -0 "$pid" 2>/dev/null; then stopped=yes; break; fi
  sleep 0.1
done
exec {idle_stdin}>&-
[[ -n "$stopped" ]] || fail "server still running 5 s after SIGTERM"
grep -q "tds-devserver: stopped" "$WORK/db.sqlite.log" || fail "no clean stop in the log"
echo "lifecycle: all checks passed"
