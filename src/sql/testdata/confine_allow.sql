-- # Statements a read-only scope on database DemoDB with `database.confine: true` must ALLOW
-- # (read by read_only_classifier_test.cpp; same format as read_only_allow.sql).
-- ----
SELECT * FROM DemoDB.dbo.Orders
-- ----
SELECT * FROM [DemoDB].[dbo].[Orders]
-- ----
SELECT * FROM demodb.dbo.Orders
-- ----
SELECT * FROM [DEMODB]..Orders
-- ----
SELECT * FROM "DemoDB".sales.Regions
-- ----
SELECT o.OrderID, c.FirstName FROM dbo.Orders o JOIN DemoDB.dbo.Customers c ON c.CustomerID = o.CustomerID
-- ----
SELECT o.* FROM dbo.Orders AS o
-- ----
SELECT name FROM sys.tables
-- ----
SELECT * FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id
-- ----
SELECT * FROM fn_my_permissions(NULL, 'DATABASE')
-- ----
SELECT * FROM sys.database_permissions
-- ----
SELECT t.Doc.value('(/a/@id)[1]', 'int') AS id FROM dbo.Docs t
-- ----
SELECT n.c.value('.', 'nvarchar(50)') AS v FROM dbo.Docs t CROSS APPLY t.Doc.nodes('/a/b') AS n(c)
-- ----
SELECT 'OtherDb.dbo.Orders' AS s, N'sys.fn_dblog' AS t
-- ----
SELECT 1 AS [OtherDb.dbo.Orders]
-- ----
-- OtherDb.dbo.Orders in a comment
SELECT 1
-- ----
SELECT [sp_column], [xp_flag] FROM dbo.Settings
-- ----
DECLARE @n int = (SELECT COUNT(*) FROM DemoDB.dbo.Orders); SELECT @n
-- ----
SELECT DB_NAME() AS db, SCHEMA_NAME() AS s
