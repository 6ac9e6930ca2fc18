-- # Statements a read-only scope must ALLOW (read by read_only_classifier_test.cpp).
-- # One statement (or batch) per entry; entries are separated by a line holding only "-- ----".
-- # Lines starting with "-- #" are notes and are dropped by the reader.
-- ----
SELECT 1
-- ----
SELECT 1;
-- ----
select 1
-- ----
SeLeCt 1
-- ----
SELECT * FROM Customers
-- ----
SELECT * FROM dbo.Customers
-- ----
SELECT * FROM [dbo].[Customers]
-- ----
SELECT * FROM "dbo"."Customers"
-- ----
SELECT * FROM sales.Regions
-- ----
SELECT [weird]]name] FROM [odd table]
-- ----
SELECT TOP 10 * FROM dbo.Orders ORDER BY OrderDate DESC
-- ----
SELECT TOP (10) PERCENT WITH TIES Name FROM dbo.Products ORDER BY Price
-- ----
SELECT DISTINCT Country FROM dbo.Customers
-- ----
SELECT COUNT(*) AS n FROM dbo.Orders WHERE Status = 'shipped'
-- ----
SELECT 'DROP TABLE x' AS s
-- ----
SELECT '; DROP TABLE x' AS s
-- ----
SELECT 'it''s; DELETE FROM t --' AS s
-- ----
SELECT N'Ünïcødé; EXEC xp_cmdshell ''dir''' AS s
-- ----
SELECT N'日本語のテキスト' AS japanese
-- ----
SELECT 1 AS [DROP], 2 AS [INSERT], 3 AS "DELETE"
-- ----
SELECT [select] FROM [from] WHERE [where] = 1
-- ----
SELECT 1 -- ; DROP TABLE t
-- ----
SELECT 1 /* ; DROP TABLE t */
-- ----
SELECT /* nested /* DROP TABLE t */ still comment */ 1
-- ----
SELECT 1 /* multi
line
DELETE FROM t
*/ AS x
-- ----
-- leading comment: EXEC sp_who
SELECT 1
-- ----
/* header */ SELECT name FROM sys.tables
-- ----
SELECT 1; SELECT 2; SELECT 3
-- ----
SELECT 1 SELECT 2
-- ----
SELECT a FROM t1 SELECT b FROM t2
-- ----
SELECT 1
GO
SELECT 2
-- ----
SELECT 1
GO 2
-- ----
SELECT 1
go
select 2
GO
-- ----
SELECT 1
GO -- end of batch
-- ----
SELECT a FROM t UNION SELECT a FROM u
-- ----
SELECT a FROM t UNION ALL SELECT a FROM u ORDER BY a
-- ----
SELECT a FROM t EXCEPT SELECT a FROM u
-- ----
SELECT a FROM t INTERSECT SELECT a FROM u
-- ----
(SELECT a FROM t) UNION (SELECT a FROM u)
-- ----
SELECT * FROM (SELECT a, b FROM t) AS sub WHERE sub.a > 1
-- ----
SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE u.x = t.x)
-- ----
SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id)
-- ----
SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.id = t.id)
-- ----
SELECT * FROM t WHERE x > ALL (SELECT x FROM u)
-- ----
SELECT * FROM t WHERE x = ANY (SELECT x FROM u)
-- ----
SELECT * FROM t WHERE x < SOME (SELECT x FROM u)
-- ----
WITH cte AS (SELECT 1 AS a) SELECT a FROM cte
-- ----
WITH cte (a, b) AS (SELECT 1, 2) SELECT a, b FROM cte
-- ----
WITH a AS (SELECT 1 x), b AS (SELECT x FROM a) SELECT * FROM b
-- ----
WITH r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT n FROM r OPTION (MAXRECURSION 100)
-- ----
;WITH cte AS (SELECT 1 AS a) SELECT * FROM cte
-- ----
SELECT 1;
WITH cte AS (SELECT 2 AS a) SELECT * FROM cte
-- ----
WITH XMLNAMESPACES ('urn:x' AS x) SELECT 1 AS 'x:a' FOR XML PATH('row')
-- ----
SELECT a, b FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 10 ROWS ONLY
-- ----
SELECT a FROM t ORDER BY a OFFSET 0 ROWS FETCH FIRST 1 ROW ONLY
-- ----
SELECT a FROM t ORDER BY a OFFSET @skip ROWS
-- ----
SELECT id, name FROM dbo.Customers FOR JSON PATH
-- ----
SELECT id, name FROM dbo.Customers FOR JSON AUTO, INCLUDE_NULL_VALUES
-- ----
SELECT id FROM t FOR JSON PATH, ROOT('items'), WITHOUT_ARRAY_WRAPPER
-- ----
SELECT id, name FROM dbo.Customers FOR XML PATH('customer'), ROOT('customers')
-- ----
SELECT STUFF((SELECT ',' + name FROM t FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)'), 1, 1, '')
-- ----
SELECT * FROM t FOR XML RAW, ELEMENTS
-- ----
SELECT * FROM t FOR XML AUTO
-- ----
SELECT * FROM t FOR BROWSE
-- ----
SELECT * FROM dbo.Prices FOR SYSTEM_TIME AS OF '2024-01-01'
-- ----
SELECT * FROM dbo.Prices FOR SYSTEM_TIME ALL
-- ----
SELECT * FROM t WITH (NOLOCK)
-- ----
SELECT * FROM t (NOLOCK)
-- ----
SELECT * FROM t WITH (READUNCOMMITTED)
-- ----
SELECT * FROM t WITH (READPAST, ROWLOCK)
-- ----
SELECT * FROM t WITH (INDEX(ix_t_a))
-- ----
SELECT * FROM t WITH (INDEX = ix_t_a, FORCESEEK)
-- ----
SELECT * FROM v WITH (NOEXPAND)
-- ----
SELECT * FROM t AS x WITH (NOLOCK) JOIN u AS y WITH (NOLOCK) ON x.id = y.id
-- ----
SELECT a, ROW_NUMBER() OVER (PARTITION BY b ORDER BY c DESC) AS rn FROM t
-- ----
SELECT a, SUM(x) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t
-- ----
SELECT a, AVG(x) OVER (PARTITION BY a ORDER BY d RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t
-- ----
SELECT LAG(x, 1) OVER (ORDER BY d), LEAD(x) OVER (ORDER BY d) FROM t
-- ----
SELECT RANK() OVER w, DENSE_RANK() OVER w FROM t WINDOW w AS (ORDER BY x)
-- ----
SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER (PARTITION BY g) FROM t
-- ----
SELECT STRING_AGG(name, ', ') WITHIN GROUP (ORDER BY name) FROM t
-- ----
SELECT g, COUNT(*) FROM t GROUP BY g HAVING COUNT(*) > 1
-- ----
SELECT a, b, SUM(c) FROM t GROUP BY ROLLUP(a, b)
-- ----
SELECT a, b, SUM(c) FROM t GROUP BY CUBE(a, b)
-- ----
SELECT a, b, SUM(c) FROM t GROUP BY GROUPING SETS ((a), (b), ())
-- ----
SELECT a, SUM(c) FROM t GROUP BY a WITH ROLLUP
-- ----
SELECT a, SUM(c) FROM t GROUP BY a WITH CUBE
-- ----
SELECT * FROM a INNER JOIN b ON a.id = b.id LEFT OUTER JOIN c ON c.id = b.id
-- ----
SELECT * FROM a RIGHT JOIN b ON a.id = b.id FULL OUTER JOIN c ON 1 = 1
-- ----
SELECT * FROM a CROSS JOIN b
-- ----
SELECT * FROM a CROSS APPLY dbo.fn_items(a.id) f
-- ----
SELECT * FROM a OUTER APPLY (SELECT TOP 1 * FROM b WHERE b.a = a.id ORDER BY b.d) x
-- ----
SELECT * FROM a INNER HASH JOIN b ON a.id = b.id
-- ----
SELECT * FROM a INNER MERGE JOIN b ON a.id = b.id
-- ----
SELECT * FROM a INNER LOOP JOIN b ON a.id = b.id
-- ----
SELECT * FROM a JOIN b ON a.id = b.id OPTION (MERGE JOIN, HASH JOIN)
-- ----
SELECT a FROM t UNION SELECT a FROM u OPTION (MERGE UNION)
-- ----
SELECT * FROM t OPTION (RECOMPILE)
-- ----
SELECT * FROM t OPTION (MAXDOP 1, FAST 10)
-- ----
SELECT * FROM t WHERE a = @a OPTION (OPTIMIZE FOR (@a = 1))
-- ----
SELECT * FROM t WHERE a = @a OPTION (OPTIMIZE FOR UNKNOWN)
-- ----
SELECT * FROM t OPTION (USE HINT('DISABLE_OPTIMIZED_NESTED_LOOP'))
-- ----
SELECT * FROM t OPTION (KEEP PLAN)
-- ----
SELECT * FROM t OPTION (KEEPFIXED PLAN, ROBUST PLAN)
-- ----
SELECT * FROM t OPTION (FORCE ORDER, LOOP JOIN)
-- ----
SELECT * FROM (SELECT g, v FROM t) s PIVOT (SUM(v) FOR g IN ([a], [b], [c])) p
-- ----
SELECT * FROM p UNPIVOT (v FOR g IN (a, b, c)) u
-- ----
SELECT * FROM t TABLESAMPLE (10 PERCENT)
-- ----
SELECT * FROM t TABLESAMPLE SYSTEM (100 ROWS) REPEATABLE (42)
-- ----
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v(id, name)
-- ----
SELECT CASE WHEN a > 1 THEN 'big' WHEN a = 1 THEN 'one' ELSE 'small' END AS size FROM t
-- ----
SELECT CASE a WHEN 1 THEN 'x' END FROM t
-- ----
SELECT IIF(a > 1, 'y', 'n'), CHOOSE(2, 'a', 'b') FROM t
-- ----
SELECT COALESCE(a, b, 0), NULLIF(a, 0), ISNULL(a, 1) FROM t
-- ----
SELECT CAST(a AS int), CONVERT(varchar(10), d, 120), TRY_CONVERT(int, s), TRY_CAST(s AS date) FROM t
-- ----
SELECT CAST(1 AS DOUBLE PRECISION)
-- ----
SELECT CAST(N'x' AS NATIONAL CHARACTER VARYING(10))
-- ----
SELECT PARSE('1/1/2024' AS date USING 'en-US')
-- ----
SELECT d AT TIME ZONE 'UTC' AT TIME ZONE 'Central European Standard Time' FROM t
-- ----
SELECT GETDATE(), SYSDATETIME(), CURRENT_TIMESTAMP, SYSUTCDATETIME()
-- ----
SELECT CURRENT_USER, SESSION_USER, SYSTEM_USER, USER, USER_NAME(), SUSER_SNAME()
-- ----
SELECT @@VERSION, @@SERVERNAME, @@SPID, @@ROWCOUNT, @@TRANCOUNT
-- ----
SELECT DB_NAME(), SCHEMA_NAME(), OBJECT_ID('dbo.t'), OBJECT_NAME(123)
-- ----
SELECT DATEADD(day, -7, GETDATE()), DATEDIFF(hour, a, b), DATEPART(year, d), EOMONTH(d) FROM t
-- ----
SELECT UPPER(a), LOWER(a), LTRIM(RTRIM(a)), TRIM(a), LEN(a), DATALENGTH(a) FROM t
-- ----
SELECT SUBSTRING(a, 1, 3), LEFT(a, 2), RIGHT(a, 2), REPLACE(a, 'x', 'y'), CHARINDEX('x', a) FROM t
-- ----
SELECT CONCAT(a, '-', b), CONCAT_WS(',', a, b), FORMAT(d, 'yyyy-MM-dd'), STR(1.5, 5, 2) FROM t
-- ----
SELECT ABS(-1), ROUND(1.2345, 2), CEILING(1.2), FLOOR(1.8), POWER(2, 10), SQRT(16.0), PI()
-- ----
SELECT 1 + 2 * 3 - 4 / 2 % 3, 5 & 3, 5 | 3, 5 ^ 3, ~5
-- ----
SELECT * FROM t WHERE a <> 1 AND b != 2 AND c >= 3 AND d <= 4 AND e !< 5 AND f !> 6
-- ----
SELECT * FROM t WHERE a BETWEEN 1 AND 10 OR b NOT BETWEEN 2 AND 3
-- ----
SELECT * FROM t WHERE name LIKE 'a%' ESCAPE '\' AND name NOT LIKE '%[_]x'
-- ----
SELECT * FROM t WHERE a IS NULL OR b IS NOT NULL
-- ----
SELECT * FROM t WHERE a IN (1, 2, 3) AND b NOT IN ('x', 'y')
-- ----
SELECT * FROM t WHERE a IS DISTINCT FROM b
-- ----
SELECT 1.5, .5, 1., 1e10, 1.5E-3, 2E+5, 0x1F, 0x, $12.50, -$3
-- ----
SELECT 0xDEADBEEF AS bin, 12345678901234567890 AS big
-- ----
SELECT NEWID(), RAND(), CHECKSUM(*), BINARY_CHECKSUM(a) FROM t
-- ----
SELECT HASHBYTES('SHA2_256', N'x'), CRYPT_GEN_RANDOM(8)
-- ----
SELECT JSON_VALUE(doc, '$.name'), JSON_QUERY(doc, '$.items'), ISJSON(doc) FROM t
-- ----
SELECT * FROM OPENJSON(@json) WITH (id int '$.id', name nvarchar(50) '$.name')
-- ----
SELECT * FROM OPENJSON(N'[1,2,3]')
-- ----
SELECT value FROM STRING_SPLIT('a,b,c', ',')
-- ----
SELECT * FROM GENERATE_SERIES(1, 10)
-- ----
SELECT x.value('(/r/a)[1]', 'int'), x.query('/r') FROM t CROSS APPLY t.doc.nodes('/r') AS n(x)
-- ----
SELECT geography::Point(47.6, -122.3, 4326).STAsText()
-- ----
SELECT h.ToString(), h.GetLevel() FROM dbo.Org
-- ----
SELECT $PARTITION.pf_date(d) AS p, COUNT(*) FROM t GROUP BY $PARTITION.pf_date(d)
-- ----
SELECT IDENTITYCOL, ROWGUIDCOL FROM t
-- ----
SELECT * FROM dbo.fn_table(DEFAULT, 1)
-- ----
SELECT * FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id WHERE o.type = 'U'
-- ----
SELECT * FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'Customers'
-- ----
SELECT name, type_desc FROM sys.indexes WHERE object_id = OBJECT_ID(N'dbo.Customers')
-- ----
SELECT * FROM sys.dm_exec_requests
-- ----
SELECT * FROM sys.fn_helpcollations()
-- ----
SELECT * FROM otherdb.dbo.t
-- ----
SELECT * FROM linked.db.dbo.t
-- ----
SELECT * FROM #temp
-- ----
SELECT * FROM ##global_temp
-- ----
SELECT * FROM @tablevar
-- ----
SELECT * FROM t WHERE CONTAINS(body, '"sql*"')
-- ----
SELECT * FROM t WHERE FREETEXT(body, 'database server')
-- ----
SELECT * FROM CONTAINSTABLE(t, body, 'sql') AS k JOIN t ON t.id = k.[KEY]
-- ----
SELECT * FROM FREETEXTTABLE(t, body, 'sql') AS k
-- ----
SELECT a COLLATE Latin1_General_CI_AS FROM t ORDER BY a COLLATE Latin1_General_BIN
-- ----
SELECT Straße, café FROM dbo.Ünïcode
-- ----
SELECT [Open], [Close], [High], [Low] FROM dbo.Prices
-- ----
SELECT [tablock] FROM t
-- ----
SELECT t.[delete], t.[key] FROM t
-- ----
SELECT "quoted""name" FROM t
-- ----
SELECT [a]]b], [c[d] FROM t
-- ----
SELECT 'a' + 'b' AS [x;y]
-- ----
SELECT 'multi
line
string; DROP TABLE t' AS s
-- ----
SELECT 'GO' AS go_string
-- ----
SELECT 1 AS x
-- GO inside comment
SELECT 2
-- ----
SELECT 1 /*
GO
*/ AS y
-- ----
SELECT go FROM t
-- ----
SELECT 1 AS GO
-- ----
SELECT a--comment
FROM t
-- ----
SELECT a/*c*/FROM/*c*/t
-- ----
SELECT
  a,
  b
FROM
  t
WHERE
  a = 1
-- ----
	SELECT	a	FROM	t	
-- ----
SELECT 1

SELECT 2
-- ----
SELECT 1;;;
-- ----
;SELECT 1
-- ----
SELECT "DROP TABLE t" FROM t
-- ----
SELECT N'O’Brien' AS name
-- ----
SELECT 'x' /* ' */ AS y
-- ----
SELECT 1 AS [/*], 2 AS [*/]
-- ----
SELECT 1 AS [--]
-- ----
SELECT '/*' AS a, '*/' AS b
-- ----
SELECT '--' AS a FROM t
-- ----
SELECT * FROM t WHERE d >= '2024-01-01' AND d < DATEADD(month, 1, '2024-01-01')
-- ----
SELECT TOP 1 * FROM t ORDER BY NEWID()
-- ----
SELECT ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS rn FROM t
-- ----
SELECT APPROX_COUNT_DISTINCT(a) FROM t
-- ----
SELECT GREATEST(1, 2, 3), LEAST(1, 2, 3)
-- ----
SELECT a FROM t WHERE a = (SELECT MAX(a) FROM t)
-- ----
SELECT @@ROWCOUNT
-- ----
SELECT * FROM t WHERE a = @a AND b = @b
-- ----
SELECT get, move, send, enable, disable FROM t
-- ----
SELECT next, value FROM t
-- ----
SELECT * FROM t AS receive_log
-- ----
SELECT COUNT_BIG(*), GROUPING(a), GROUPING_ID(a, b) FROM t GROUP BY ROLLUP(a, b)
-- ----
SELECT SESSION_CONTEXT(N'user'), CONTEXT_INFO()
-- ----
SELECT SERVERPROPERTY('ProductVersion'), DATABASEPROPERTYEX(DB_NAME(), 'Status')
-- ----
SELECT HAS_PERMS_BY_NAME('dbo.t', 'OBJECT', 'SELECT')
-- ----
SELECT * FROM fn_my_permissions(NULL, 'DATABASE')
-- ----
SELECT * FROM t1 t JOIN t2 u ON t.a = u.a WHERE t.b = 'UPDATE' AND u.c = 'INSERT INTO x'
-- ----
SELECT s.name AS schema_name, t.name AS table_name, p.rows
FROM sys.tables AS t
JOIN sys.schemas AS s ON s.schema_id = t.schema_id
JOIN sys.partitions AS p ON p.object_id = t.object_id AND p.index_id IN (0, 1)
ORDER BY p.rows DESC;
-- ----
SELECT c.name, ty.name AS type_name, c.max_length, c.is_nullable
FROM sys.columns c
JOIN sys.types ty ON ty.user_type_id = c.user_type_id
WHERE c.object_id = OBJECT_ID(N'[dbo].[Customers]')
ORDER BY c.column_id
-- ----
SELECT fk.name, OBJECT_NAME(fk.parent_object_id) AS child, OBJECT_NAME(fk.referenced_object_id) AS parent FROM sys.foreign_keys fk
-- ----
SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES ORDER BY 1, 2
-- ----
SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE
FROM INFORMATION_SCHEMA.COLUMNS
WHERE TABLE_SCHEMA = 'dbo' AND TABLE_NAME = 'Orders'
-- ----
SELECT YEAR(OrderDate) AS yr, MONTH(OrderDate) AS mo, SUM(Total) AS revenue
FROM Sales.Orders
GROUP BY YEAR(OrderDate), MONTH(OrderDate)
ORDER BY yr, mo;
-- ----
WITH monthly AS (
  SELECT DATEFROMPARTS(YEAR(d), MONTH(d), 1) AS m, SUM(amount) AS total
  FROM dbo.Payments
  GROUP BY DATEFROMPARTS(YEAR(d), MONTH(d), 1)
)
SELECT m, total, total - LAG(total) OVER (ORDER BY m) AS delta
FROM monthly
ORDER BY m;
-- ----
WITH ranked AS (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY CustomerId ORDER BY OrderDate DESC) AS rn
  FROM dbo.Orders
)
SELECT * FROM ranked WHERE rn = 1
-- ----
SELECT TOP (5) c.Name, COUNT(o.Id) AS orders
FROM dbo.Customers c
LEFT JOIN dbo.Orders o ON o.CustomerId = c.Id
GROUP BY c.Name
HAVING COUNT(o.Id) > 0
ORDER BY orders DESC
-- ----
SELECT p.Name, p.Price,
       CASE
         WHEN p.Price > 100 THEN 'premium'
         WHEN p.Price > 10 THEN 'standard'
         ELSE 'budget'
       END AS tier
FROM Production.Products AS p
-- ----
SELECT * FROM dbo.Orders WHERE OrderDate >= DATEADD(day, -30, CAST(GETDATE() AS date))
-- ----
SELECT Region, [2022], [2023], [2024]
FROM (SELECT Region, YEAR(d) AS y, amount FROM dbo.Sales) AS src
PIVOT (SUM(amount) FOR y IN ([2022], [2023], [2024])) AS pvt
-- ----
SELECT name, create_date, modify_date FROM sys.procedures ORDER BY modify_date DESC
-- ----
SELECT OBJECT_DEFINITION(OBJECT_ID('dbo.vw_Sales')) AS definition
-- ----
SELECT definition FROM sys.sql_modules WHERE object_id = OBJECT_ID('dbo.usp_Report')
-- ----
SELECT i.name, i.type_desc, i.is_unique, ic.key_ordinal, c.name AS column_name
FROM sys.indexes i
JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
WHERE i.object_id = OBJECT_ID('dbo.Orders')
-- ----
SELECT DB_NAME() AS db, @@VERSION AS version, SERVERPROPERTY('Edition') AS edition
-- ----
SELECT email FROM dbo.Users WHERE email LIKE '%@example.com' AND deleted_at IS NULL
-- ----
SELECT COUNT(DISTINCT CustomerId) FROM dbo.Orders WHERE Status IN ('paid', 'shipped')
-- ----
SELECT AVG(CAST(Rating AS decimal(4, 2))) AS avg_rating FROM dbo.Reviews
-- ----
SELECT TOP 100 * FROM dbo.AuditLog WITH (NOLOCK) ORDER BY Id DESC
-- ----
SELECT a.Id, b.Id FROM dbo.A a FULL JOIN dbo.B b ON a.Key1 = b.Key1 WHERE a.Id IS NULL OR b.Id IS NULL
-- ----
SELECT Id, Name FROM dbo.Items WHERE Name COLLATE Latin1_General_CI_AI LIKE N'%cafe%'
-- ----
SELECT Id, JSON_VALUE(Payload, '$.customer.id') AS customer FROM dbo.Events WHERE ISJSON(Payload) = 1
-- ----
SELECT e.Id, j.[key], j.[value] FROM dbo.Events e CROSS APPLY OPENJSON(e.Payload) j
-- ----
SELECT value AS tag, COUNT(*) FROM dbo.Posts CROSS APPLY STRING_SPLIT(Tags, ',') GROUP BY value
-- ----
SELECT Id,
  STUFF((SELECT ', ' + t.Name FROM dbo.Tags t WHERE t.PostId = p.Id FOR XML PATH('')), 1, 2, '') AS tags
FROM dbo.Posts p
-- ----
SELECT * FROM dbo.Employees e WHERE e.Salary > (SELECT AVG(Salary) FROM dbo.Employees WHERE DeptId = e.DeptId)
-- ----
SELECT DeptId, Name, Salary, PERCENT_RANK() OVER (PARTITION BY DeptId ORDER BY Salary) AS pr FROM dbo.Employees
-- ----
SELECT NTILE(4) OVER (ORDER BY Score) AS quartile, Score FROM dbo.Results
-- ----
SELECT FIRST_VALUE(Price) OVER (PARTITION BY Sku ORDER BY d ROWS UNBOUNDED PRECEDING) FROM dbo.PriceHistory
-- ----
SELECT CUME_DIST() OVER (ORDER BY x), LAST_VALUE(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM t
-- ----
SELECT * FROM dbo.Orders o WHERE NOT EXISTS (SELECT 1 FROM dbo.Shipments s WHERE s.OrderId = o.Id)
-- ----
SELECT TOP 10 PERCENT * FROM dbo.Logs ORDER BY CreatedAt DESC
-- ----
SELECT CONVERT(char(7), OrderDate, 126) AS month, COUNT(*) FROM dbo.Orders GROUP BY CONVERT(char(7), OrderDate, 126)
-- ----
SELECT DATENAME(weekday, OrderDate) AS dow, COUNT(*) FROM dbo.Orders GROUP BY DATENAME(weekday, OrderDate)
-- ----
SELECT SYSDATETIMEOFFSET() AT TIME ZONE 'Pacific Standard Time'
-- ----
SELECT ISNULL(NULLIF(LTRIM(Phone), ''), 'n/a') FROM dbo.Contacts
-- ----
SELECT SUM(CASE WHEN Status = 'open' THEN 1 ELSE 0 END) AS open_count, SUM(IIF(Status = 'closed', 1, 0)) AS closed FROM dbo.Tickets
-- ----
select top 3 name from sys.databases order by create_date
-- ----
SELECT
    o.Id
  , o.Total
FROM dbo.Orders AS o -- the big table
WHERE o.Total > 1000 /* large orders only */
ORDER BY o.Total DESC;

-- ----
/* Report: revenue per region */
-- author: assistant
SELECT Region, SUM(Total) FROM dbo.Orders GROUP BY Region;
-- ----
SELECT 'It''s a ''quoted'' string; with -- and /* markers */' AS tricky
-- ----
SELECT N'Grüße aus Köln — “quotes” ‘single’ … ünïcødé 😀' AS text
-- ----
SELECT [Order Details].[Unit Price] FROM [Order Details]
-- ----
SELECT "Order"."Date" FROM "Order"
-- ----
SELECT [Select], [From], [Where], [Drop], [Exec], [Insert] FROM dbo.Keywords
-- ----
SELECT * FROM dbo.[Table With ]] Bracket]
-- ----
((SELECT 1 AS a) UNION (SELECT 2))
-- ----
SELECT 'CREATE TABLE t (a int); ALTER DATABASE x SET OFFLINE' AS ddl_text
-- ----
-- # Inside string literals every character but NUL is data ("\u{B}" is U+000B, see read_corpus).
SELECT 'a\u{B}b\u{C}c\u{D}d\u{85}e\u{2028}f\u{2029}g' AS s
-- ----
SELECT N'--\u{B}''
DELETE FROM Orders --' AS s
-- ----
SELECT N'\u{200B}\u{200C}\u{200D}\u{202E}\u{2066}\u{FEFF}\u{AD}\u{1B}\u{7F}\u{9B}\u{E0041}' AS s
-- ----
-- # CR+LF is a line break like LF, in code and after a '--' comment; TAB is whitespace.
SELECT 1 AS a -- note\u{D}
,	2 AS b\u{D}
FROM dbo.Orders
-- ----
-- # Letters that fold to ASCII but spell no keyword stay names.
SELECT Straße, ſomething, ınvoice_no FROM dbo.Orders
-- ----
-- # Scalar variables live in their batch: DECLARE and SET of one are reads.
DECLARE @since date = '2024-01-01'; SELECT OrderID FROM dbo.Orders WHERE OrderDate >= @since
-- ----
DECLARE @since date = '2024-01-01'
SELECT OrderID FROM dbo.Orders WHERE OrderDate >= @since
-- ----
DECLARE @a int, @b nvarchar(10)
-- ----
DECLARE @a AS int = 1, @b AS nvarchar(10) = N'x', @c decimal(10, 2)
-- ----
DECLARE @n int; SELECT @n = COUNT(*) FROM dbo.Orders; SELECT @n AS n
-- ----
DECLARE @n int; SET @n = 5; SELECT @n
-- ----
DECLARE @n int = 1; SET @n += 1; SET @n *= 3; SELECT @n
-- ----
DECLARE @x int
-- ----
DECLARE @x int = 1; SELECT @x
-- ----
SELECT 1 x DECLARE @a int
-- ----
SET @x = 1
-- ----
DECLARE @top int = (SELECT MAX(OrderID) FROM dbo.Orders) SELECT * FROM dbo.Orders WHERE OrderID = @top
-- ----
DECLARE @name nvarchar(50) = N'Søren'; SELECT * FROM dbo.Customers WHERE FirstName = @name
-- ----
DECLARE @first int, @last int; SELECT @first = MIN(OrderID), @last = MAX(OrderID) FROM dbo.Orders
-- ----
DECLARE @d datetime = GETDATE() SET @d = DATEADD(day, -30, @d) SELECT COUNT(*) FROM dbo.Orders WHERE OrderDate >= @d
-- ----
declare @s varchar(20); set @s = 'set nocount on'; select @s
-- ----
DECLARE @t dbo.MyScalarAlias
-- ----
