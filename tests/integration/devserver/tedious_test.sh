#!/usr/bin/env bash
# node's tedious against tds-devserver: types, batches, sp_executesql, cancel.
# Usage: tedious_test.sh TDS_DEVSERVER_BIN NPM_CACHE_DIR
# tedious (major version 19, the one these tests were written against) is installed at test time into
# NPM_CACHE_DIR (build-npm/tedious, shared by the build dirs), once; the lock serialises concurrent runs.
BIN=$1
CACHE=$2
source "$(dirname "$0")/common.sh"
mkdir -p "$CACHE"
if ! (
  flock 9
  [[ -f "$CACHE/node_modules/tedious/package.json" ]] ||
    timeout 300 npm install --no-save --no-audit --no-fund --prefix "$CACHE" tedious@19 >"$WORK/npm.log" 2>&1
) 9>"$CACHE/.lock"; then
  cat "$WORK/npm.log" >&2
  fail "npm install tedious failed"
fi
export NODE_PATH="$CACHE/node_modules"
start_server --demo --big-rows 200000
timeout 120 node "$HERE/tedious_types.js" "$PORT" "$USER_NAME" "$PASSWORD" || fail "tedious_types.js"
timeout 120 node "$HERE/tedious_cancel.js" "$PORT" "$USER_NAME" "$PASSWORD" || fail "tedious_cancel.js"
grep -q "error 208: Invalid object name 'dbo.Nope'." "$WORK/db.sqlite.log" || fail "no log line for the 208 error"
