#!/usr/bin/env bash
# FreeTDS tsql against tds-devserver: login, queries, a wrong password, Msg 102 and Msg 208.
# Usage: tsql_test.sh TDS_DEVSERVER_BIN
BIN=$1
source "$(dirname "$0")/common.sh"
start_server --demo

# A freetds.conf of our own, so the machine's /etc/freetds does not matter.
cat >"$WORK/freetds.conf" <<CONF
[devserver]
	host = 127.0.0.1
	port = $PORT
	tds version = 7.4
	client charset = UTF-8
CONF
export FREETDSCONF="$WORK/freetds.conf"

tsql_run() {  # password, SQL (batches separated by "go" lines)
  printf '%s\ngo\n' "$2" | timeout 30 tsql -S devserver -U "$USER_NAME" -P "$1" -o q 2>&1  || true
}

out=$(tsql_run "$PASSWORD" "SELECT CustomerID, FirstName, State FROM dbo.Customers WHERE CustomerID IN (2, 7) ORDER BY CustomerID")
grep -q $'^2\tZoë\tTX$' <<<"$out" || fail "customer 2 not read: $out"
grep -q $'^7\tDavid\tNC$' <<<"$out" || fail "customer 7 not read: $out"

out=$(tsql_run "$PASSWORD" "SELECT COUNT(*) AS n FROM [dbo].[Orders]; SELECT TOP 1 RegionName FROM sales.Regions ORDER BY RegionID DESC")
grep -q $'^1000$' <<<"$out" || fail "order count: $out"
grep -q $'^Pacific$' <<<"$out" || fail "sales.Regions: $out"

out=$(tsql_run "wrong-password" "SELECT 1")
grep -q "Msg 18456" <<<"$out" || fail "wrong password gave no Msg 18456: $out"
grep -q "Login failed for user 'sa'." <<<"$out" || fail "wrong password message: $out"

out=$(tsql_run "$PASSWORD" "SELECT FROM WHERE")
grep -q "Msg 102 (severity 15" <<<"$out" || fail "syntax error gave no Msg 102: $out"
grep -q "Incorrect syntax near 'FROM'." <<<"$out" || fail "syntax error message: $out"

out=$(tsql_run "$PASSWORD" "SELECT * FROM dbo.NoSuchTable")
grep -q "Msg 208 (severity 16" <<<"$out" || fail "unknown table gave no Msg 208: $out"
grep -q "Invalid object name 'dbo.NoSuchTable'." <<<"$out" || fail "unknown table message: $out"

out=$(tsql_run "$PASSWORD" "CREATE TABLE dbo.Notes (ID INT IDENTITY(1,1) PRIMARY KEY, Body NVARCHAR(MAX))
INSERT INTO dbo.Notes (Body) VALUES (N'first') INSERT INTO dbo.Notes (Body) VALUES (N'sécond')
SELECT SCOPE_IDENTITY() AS id
SELECT Body + N'!' AS b FROM [dbo].[Notes] WHERE ID = 2")
grep -q $'^2$' <<<"$out" || fail "SCOPE_IDENTITY after two inserts: $out"
grep -q $'^sécond!$' <<<"$out" || fail "row inserted with an IDENTITY key: $out"

out=$(tsql_run "$PASSWORD" "PRINT 'hello from print'")
grep -q "hello from print" <<<"$out" || fail "PRINT: $out"

grep -q "login failed for user 'sa'" "$WORK/db.sqlite.log" || fail "no log line for the failed login"
echo "tsql: all checks passed"
