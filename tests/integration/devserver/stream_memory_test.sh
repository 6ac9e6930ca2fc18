#!/usr/bin/env bash
# A 1,000,000-row SELECT streams from the SQLite cursor: the server's resident memory stays flat.
# Usage: stream_memory_test.sh TDS_DEVSERVER_BIN
BIN=$1
source "$(dirname "$0")/common.sh"
# clang links AddressSanitizer statically (no libasan in ldd): look for its runtime in the binary.
if grep -qa __asan_init "$BIN"; then
  echo "skipped: AddressSanitizer keeps freed memory in quarantine, so RSS says nothing here"
  exit 77  # meson's SKIP
fi
start_server --demo --big-rows 1000000
pid=$(cat "$WORK/db.sqlite.pid")
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
cat >"$WORK/freetds.conf" <<CONF
[devserver]
	host = 127.0.0.1
	port = $PORT
	tds version = 7.4
CONF
export FREETDSCONF="$WORK/freetds.conf"
# Warm up (first connection, catalog of SQLite pages) before taking the baseline.
printf 'SELECT COUNT(*) FROM dbo.BigTable\ngo\n' | timeout 60 tsql -S devserver -U "$USER_NAME" -P "$PASSWORD" -o q >/dev/null 2>&1
before=$(rss_kb)
peak=$before
printf 'SELECT ID, Val, Label FROM dbo.BigTable\ngo\n' |
  timeout 300 tsql -S devserver -U "$USER_NAME" -P "$PASSWORD" -o fhq >"$WORK/rows.txt" 2>&1 &
client=$!
while kill -0 "$client" 2>/dev/null; do
  now=$(rss_kb)
  (( now > peak )) && peak=$now
  sleep 0.2
done
wait "$client" || fail "tsql streaming failed: $(tail -3 "$WORK/rows.txt")"
rows=$(grep -c $'^[0-9]*\t' "$WORK/rows.txt" || true)
[[ "$rows" == 1000000 ]] || fail "expected 1000000 rows, got $rows"
growth=$(( (peak - before) / 1024 ))
echo "server RSS before ${before} kB, peak during 1,000,000-row SELECT ${peak} kB (+${growth} MB)"
# The result is about 30 MB on the wire; a server that buffered it would grow by more than that.
(( growth < 16 )) || fail "server memory grew by ${growth} MB while streaming"
echo "stream memory: all checks passed"
