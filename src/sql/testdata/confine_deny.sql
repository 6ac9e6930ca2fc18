-- # Statements a read-only scope on database DemoDB with `database.confine: true` must REJECT
-- # (read by read_only_classifier_test.cpp; same format as read_only_deny.sql).
-- ----
-- expect: read-only scope: name OtherDb.dbo.Orders leaves the scope's database DemoDB (name objects with one or two parts) (statement 1, line 1)
SELECT * FROM OtherDb.dbo.Orders
-- ----
SELECT * FROM [OtherDb].[dbo].[Orders]
-- ----
SELECT * FROM otherdb..Orders
-- ----
-- expect: read-only scope: name master.dbo.spt_values leaves the scope's database DemoDB (name objects with one or two parts) (statement 1, line 1)
SELECT * FROM master.dbo.spt_values
-- ----
SELECT * FROM msdb.dbo.backupset
-- ----
SELECT * FROM tempdb.sys.objects
-- ----
SELECT o.OrderID FROM dbo.Orders o JOIN OtherDb.dbo.Customers c ON c.CustomerID = o.CustomerID
-- ----
SELECT * FROM dbo.Orders WHERE CustomerID IN (SELECT CustomerID FROM OtherDb.dbo.Customers)
-- ----
WITH x AS (SELECT * FROM OtherDb.dbo.T) SELECT * FROM x
-- ----
SELECT OtherDb.dbo.fn(1) AS v
-- ----
DECLARE @n int = (SELECT COUNT(*) FROM OtherDb.dbo.T)
-- ----
DECLARE @n int; SET @n = (SELECT COUNT(*) FROM OtherDb.dbo.T)
-- ----
SELECT dbo.Orders.OrderID FROM dbo.Orders
-- ----
-- expect: read-only scope: four-part name Srv.DemoDB.dbo.Orders is not allowed (linked servers) (statement 1, line 1)
SELECT * FROM Srv.DemoDB.dbo.Orders
-- ----
SELECT * FROM [linked server].[db].[dbo].[T]
-- ----
SELECT * FROM Srv...T
-- ----
-- expect: read-only scope: server-level object sys.fn_dblog is not allowed (statement 1, line 1)
SELECT * FROM sys.fn_dblog(NULL, NULL)
-- ----
SELECT * FROM fn_dblog(NULL, NULL)
-- ----
SELECT * FROM ::fn_dblog(NULL, NULL)
-- ----
SELECT * FROM sys.fn_dump_dblog(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
-- ----
SELECT * FROM sys.dm_os_enumerate_filesystem('C:\', '*')
-- ----
SELECT * FROM sys.dm_os_file_exists('C:\Windows\win.ini')
-- ----
SELECT * FROM sys.fn_xe_file_target_read_file('C:\x\*.xel', NULL, NULL, NULL)
-- ----
SELECT * FROM sys.fn_get_audit_file('C:\audit\*', DEFAULT, DEFAULT)
-- ----
SELECT * FROM sys.fn_trace_gettable('C:\trace.trc', DEFAULT)
-- ----
-- expect: read-only scope: server-level object sys.sql_logins is not allowed (statement 1, line 1)
SELECT name, password_hash FROM sys.sql_logins
-- ----
SELECT * FROM [sys].[server_principals]
-- ----
SELECT * FROM SYS.SERVER_PRINCIPALS
-- ----
SELECT * FROM master.sys.syslogins
-- ----
SELECT * FROM sys.servers
-- ----
SELECT * FROM sys.linked_logins
-- ----
SELECT * FROM sys.credentials
-- ----
SELECT name FROM dbo.Orders o, sys.server_principals p
-- ----
-- expect: read-only scope: procedure xp_dirtree is not allowed (statement 1, line 1)
SELECT * FROM [xp_dirtree]('C:\')
-- ----
SELECT * FROM master.sys.[sp_who]
-- ----
-- expect: read-only scope: OPENQUERY is not allowed (statement 1, line 1)
SELECT * FROM OPENQUERY(Srv, 'SELECT 1')
-- ----
SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;Trusted_Connection=yes;', 'SELECT 1')
-- ----
SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.T
-- ----
USE master
