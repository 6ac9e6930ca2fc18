#!/usr/bin/env bash
# The analyst query corpus through FreeTDS db-lib (see analyst_queries_test.cpp).
# Usage: analyst_queries_test.sh TDS_DEVSERVER_BIN ANALYST_QUERIES_TEST_BIN CORPUS
BIN=$1
TEST_BIN=$2
CORPUS=$3
source "$(dirname "$0")/common.sh"
start_server --demo
timeout 60 "$TEST_BIN" "$PORT" "$USER_NAME" "$PASSWORD" "$CORPUS" || fail "analyst-queries-test"
