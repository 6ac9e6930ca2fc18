#!/usr/bin/env bash
# FreeTDS db-lib against tds-devserver: multi-packet results, sp_executesql, dbcancel()
# (see dblib_client_test.cpp).
# Usage: dblib_test.sh TDS_DEVSERVER_BIN DBLIB_CLIENT_TEST_BIN
BIN=$1
TEST_BIN=$2
source "$(dirname "$0")/common.sh"
start_server --demo --big-rows 100000
timeout 120 "$TEST_BIN" "$PORT" "$USER_NAME" "$PASSWORD" || fail "dblib-client-test"
