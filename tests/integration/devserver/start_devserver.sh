#!/usr/bin/env bash
# Starts tds-devserver on a port the OS picks and leaves it running, for integration tests.
# Usage: start_devserver.sh BIN DBFILE [extra tds-devserver args, e.g. --demo --big-rows 1000000]
# Prints the port on stdout. Writes DBFILE.pid (kill it when done), DBFILE.port, DBFILE.log.
# Without --login in the extra args, the login is sa:DevPassw0rd (or $DEVSERVER_LOGIN).
set -euo pipefail
bin=$1 db=$2
shift 2
args=("$@")
if [[ " ${args[*]-} " != *" --login "* ]]; then args+=(--login "${DEVSERVER_LOGIN:-sa:DevPassw0rd}"); fi
rm -f "$db.port"
"$bin" --listen 127.0.0.1:0 --db "$db" --port-file "$db.port" "${args[@]}" >>"$db.log" 2>&1 &
pid=$!
echo "$pid" >"$db.pid"
# Bounded wait: creating a 1,000,000-row BigTable takes a few seconds on a slow machine.
for _ in $(seq 1 600); do
  if [[ -s "$db.port" ]]; then
    cat "$db.port"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start_devserver.sh: tds-devserver exited; its log:" >&2
    cat "$db.log" >&2
    exit 1
  fi
  sleep 0.1
done
echo "start_devserver.sh: no port file after 60 s" >&2
kill "$pid" 2>/dev/null || true
exit 1
