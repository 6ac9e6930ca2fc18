#!/usr/bin/env bash
# Python's pytds (Debian python3-tds) against tds-devserver: every type, parameters, errors.
# Usage: pytds_test.sh TDS_DEVSERVER_BIN
BIN=$1
source "$(dirname "$0")/common.sh"
start_server --demo
# Debian's python3, where python3-tds is installed (a pyenv python on PATH would not have it).
timeout 120 /usr/bin/python3 "$HERE/pytds_types.py" "$PORT" "$USER_NAME" "$PASSWORD" || fail "pytds_types.py"
