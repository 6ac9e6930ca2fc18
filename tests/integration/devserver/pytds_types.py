#!/usr/bin/python3
"""pytds (python3-tds) against tds-devserver: login, every type of dbo.AllTypes, errors, sp_executesql.

Usage: pytds_types.py PORT USER PASSWORD
"""
import datetime
import decimal
import sys
import time
import uuid

import pytds

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
failures = []


def check(what, got, want):
    if got != want or type(got) is not type(want):
        failures.append(f"{what}: got {got!r} ({type(got).__name__}), want {want!r} ({type(want).__name__})")


conn = pytds.connect(server="127.0.0.1", port=port, user=user, password=password, database="DemoDB",
                     autocommit=True, login_timeout=10, timeout=30)
cur = conn.cursor()

cur.execute("SELECT * FROM dbo.AllTypes ORDER BY ID")
names = [d[0] for d in cur.description]
rows = [dict(zip(names, r)) for r in cur.fetchall()]
check("row count", len(rows), 3)
r1, r2, r3 = rows
tz530 = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
want1 = {
    "c_int": 2147483647, "c_bigint": 9223372036854775807, "c_smallint": -32768, "c_tinyint": 255,
    "c_bit": True, "c_decimal": decimal.Decimal("123456.7890"), "c_numeric": decimal.Decimal("-12.50"),
    "c_float": 3.141592653589793, "c_real": 2.5, "c_money": decimal.Decimal("12345678901.2345"),
    "c_nvarchar": "Zoë – 日本語 ✓", "c_varchar": "café", "c_nvarchar_max": "long " + "x" * 5000,
    "c_date": datetime.date(2024, 2, 29), "c_time": datetime.time(23, 59, 59, 123456),
    "c_datetime": datetime.datetime(2024, 2, 29, 13, 45, 30, 123000),
    "c_datetime2": datetime.datetime(1, 1, 1, 0, 0, 0, 0),
    "c_datetimeoffset": datetime.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=tz530),
    "c_uniqueidentifier": uuid.UUID("6F9619FF-8B86-D011-B42D-00C04FC964FF"),
    "c_varbinary": b"\xde\xad\xbe\xef\x00", "c_varbinary_max": b"\x00\xff",
}
for k, v in want1.items():
    got = r1[k]
    if k == "c_datetimeoffset" and got is not None:
        check(k + " (utc instant)", got.astimezone(datetime.timezone.utc), v.astimezone(datetime.timezone.utc))
        check(k + " (offset)", got.utcoffset(), v.utcoffset())
        continue
    if k == "c_money":  # pytds returns money as Decimal with 4 places
        check(k, decimal.Decimal(got), v)
        continue
    check(k, got, v)
for k in want1:
    check("NULL " + k, r2[k], None)
check("min int", r3["c_int"], -2147483648)
check("min bigint", r3["c_bigint"], -9223372036854775808)
check("false bit", r3["c_bit"], False)
check("small decimal", r3["c_decimal"], decimal.Decimal("-0.0001"))
check("empty nvarchar", r3["c_nvarchar"], "")
check("empty varbinary", r3["c_varbinary"], b"")
check("max date", r3["c_date"], datetime.date(9999, 12, 31))
check("min datetime", r3["c_datetime"], datetime.datetime(1753, 1, 1))
check("max datetime2", r3["c_datetime2"], datetime.datetime(9999, 12, 31, 23, 59, 59, 999999))
check("zero guid", r3["c_uniqueidentifier"], uuid.UUID(int=0))

# Parameters (pytds sends sp_executesql) and typed expressions.
cur.execute("SELECT CustomerID, FirstName FROM dbo.Customers WHERE CustomerID = %s", (7,))
check("param row", cur.fetchall(), [(7, "David")])
cur.execute("SELECT COUNT(*) AS n FROM Orders WHERE Status = %s AND OrderDate >= %s",
            ("pending", datetime.datetime(2023, 1, 1)))
n = cur.fetchone()[0]
if not 0 < n < 1000:
    failures.append(f"count with params: {n}")
cur.execute("SELECT CAST(12.345 AS DECIMAL(10,2)) AS d, CAST('2024-01-02' AS DATE) AS dt")
check("typed cast", tuple(cur.fetchone()), (decimal.Decimal("12.35"), datetime.date(2024, 1, 2)))

cur.execute("SELECT DATEDIFF(day, '2024-01-01', '2024-03-01'), DATEADD(month, 1, CAST('2024-01-31' AS DATE)), "
            "EOMONTH('2024-02-10'), CONCAT('a', NULL, 1), DATENAME(month, '2024-03-05'), "
            "DATEADD(hour, 1, OrderDate) FROM dbo.Orders WHERE OrderID = 1")
check("date functions", tuple(cur.fetchone()),
      (60, datetime.date(2024, 2, 29), datetime.date(2024, 2, 29), "a1", "March",
       datetime.datetime(2024, 4, 10, 15, 15, 28)))
cur.execute("SELECT YEAR(OrderDate) AS y, COUNT(*) AS n FROM dbo.Orders GROUP BY YEAR(OrderDate) ORDER BY y")
rows = [tuple(r) for r in cur.fetchall()]
if [r[0] for r in rows] != [2023, 2024] or sum(r[1] for r in rows) != 1000:
    failures.append(f"orders per year: {rows}")

# Several result sets in one batch, and row counts of DML.
cur.execute("SELECT 1 AS a; SELECT 'two' AS b")
check("first set", cur.fetchall(), [(1,)])
check("nextset", cur.nextset(), True)
check("second set", cur.fetchall(), [("two",)])
cur.execute("BEGIN TRAN; UPDATE dbo.Customers SET City = City WHERE State = 'NY'")
updated = cur.rowcount
cur.execute("ROLLBACK")
if updated <= 0:
    failures.append(f"rowcount of UPDATE: {updated}")

# Errors come back as SQL Server errors with their numbers.
for sql, number, text in [("SELECT * FROM dbo.Nope", 208, "Invalid object name 'dbo.Nope'."),
                          ("SELECT FROM WHERE", 102, "Incorrect syntax near")]:
    try:
        cur.execute(sql)
        failures.append(f"{sql}: no error")
    except pytds.ProgrammingError as e:
        check(sql + " number", e.msg_no if hasattr(e, "msg_no") else e.number, number)
        if text not in str(e):
            failures.append(f"{sql}: message {e}")
    except pytds.Error as e:
        check(sql + " number", getattr(e, "number", None), number)

# Catalog queries as a gateway writes them for SQL Server, string "+" included.
cur.execute("SELECT s.name + '.' + t.name AS full_name, p.rows FROM sys.tables t "
            "JOIN sys.schemas s ON s.schema_id = t.schema_id "
            "JOIN sys.partitions p ON p.object_id = t.object_id AND p.index_id IN (0, 1) "
            "WHERE t.name IN ('Regions', 'Orders') ORDER BY full_name")
check("catalog rows", [tuple(r) for r in cur.fetchall()], [("dbo.Orders", 1000), ("sales.Regions", 6)])
cur.execute("SELECT c.name, ty.name, c.max_length, c.precision, c.scale, c.is_nullable FROM sys.columns c "
            "JOIN sys.types ty ON ty.user_type_id = c.user_type_id "
            "WHERE c.object_id = OBJECT_ID('dbo.Products') AND c.name IN ('Price', 'ProductName') ORDER BY c.column_id")
check("sys.columns", [tuple(r) for r in cur.fetchall()],
      [("ProductName", "nvarchar", 200, 0, 0, False), ("Price", "decimal", 9, 10, 2, False)])
cur.execute("SELECT name FROM sys.databases WHERE database_id = DB_ID()")
check("sys.databases", cur.fetchall(), [("DemoDB",)])
cur.execute("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'DBO' AND TABLE_NAME = 'customers'")
check("catalog text compares case-insensitively", cur.fetchone()[0], 12)
try:
    cur.execute("SELECT 'abc' + 1")
    failures.append("'abc' + 1: no error")
except pytds.Error as e:
    if "Conversion failed when converting the varchar value 'abc' to data type int." not in str(e):
        failures.append(f"'abc' + 1: {e}")

try:
    pytds.connect(server="127.0.0.1", port=port, user=user, password="wrong-password", login_timeout=10)
    failures.append("wrong password accepted")
except pytds.Error as e:
    if "Login failed for user" not in str(e):
        failures.append(f"wrong password: {e}")

conn.close()

# Transactions through Transaction Manager requests (pytds without autocommit): rollback, then commit.
tx = pytds.connect(server="127.0.0.1", port=port, user=user, password=password, login_timeout=10)
k = tx.cursor()
k.execute("UPDATE dbo.Categories SET Description = %s WHERE CategoryID = 8", ("rolled back",))
tx.rollback()
k.execute("SELECT Description FROM dbo.Categories WHERE CategoryID = 8")
check("after rollback", k.fetchone()[0], None)
k.execute("UPDATE dbo.Categories SET Description = %s WHERE CategoryID = 8", ("committed",))
tx.commit()
k.execute("SELECT @@TRANCOUNT")
check("@@TRANCOUNT in pytds' implicit transaction", k.fetchone()[0], 1)
tx.close()
other = pytds.connect(server="127.0.0.1", port=port, user=user, password=password, autocommit=True)
o = other.cursor()
o.execute("SELECT Description FROM dbo.Categories WHERE CategoryID = 8")
check("after commit, from another connection", o.fetchone()[0], "committed")
o.execute("UPDATE dbo.Categories SET Description = NULL WHERE CategoryID = 8")
try:
    o.execute("COMMIT")
    failures.append("COMMIT without BEGIN: no error")
except pytds.Error as e:
    if "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION." not in str(e):
        failures.append(f"COMMIT without BEGIN: {e}")
other.close()

# A query timeout makes pytds send an ATTENTION; after the acknowledgement the connection still works.
slow = pytds.connect(server="127.0.0.1", port=port, user=user, password=password, autocommit=True, timeout=1)
k = slow.cursor()
started = time.monotonic()
try:
    k.execute("WAITFOR DELAY '00:00:20'")
    failures.append("WAITFOR did not time out")
except pytds.Error as e:
    failures.append(f"timeout raised {e!r} instead of a timeout")
except TimeoutError:
    pass
if time.monotonic() - started > 5:
    failures.append(f"timeout took {time.monotonic() - started:.1f} s")
k.execute("SELECT 42")
check("after a cancelled WAITFOR", k.fetchall(), [(42,)])
slow.close()

# Many connections at once, each with its own SQLite handle on the server.
import threading


def worker(i, results):
    try:
        c = pytds.connect(server="127.0.0.1", port=port, user=user, password=password, login_timeout=10)
        k = c.cursor()
        for _ in range(5):
            k.execute("SELECT COUNT(*) FROM dbo.OrderDetails WHERE OrderID > %s", (i,))
            k.fetchall()
        k.execute("SELECT COUNT(*) FROM dbo.Orders")
        results[i] = k.fetchone()[0]
        c.close()
    except Exception as e:  # noqa: BLE001 - reported below
        results[i] = repr(e)


results = {}
threads = [threading.Thread(target=worker, args=(i, results)) for i in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
check("16 concurrent connections", sorted(results.items()), [(i, 1000) for i in range(16)])

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("pytds: all checks passed")
