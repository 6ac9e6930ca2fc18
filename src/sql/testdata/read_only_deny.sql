-- # Statements a read-only scope must REJECT (read by read_only_classifier_test.cpp).
-- # One statement (or batch) per entry; entries are separated by a line holding only "-- ----".
-- # An entry's "-- expect: MESSAGE" line (dropped before classifying) is the exact error message.
-- # Lines starting with "-- #" are notes and are dropped by the reader.
-- ----
-- expect: read-only scope: INSERT is not allowed (statement 1, line 1)
INSERT INTO t VALUES (1)
-- ----
insert into t values (1)
-- ----
InSeRt t (a) VALUES (1)
-- ----
INSERT INTO t SELECT * FROM u
-- ----
INSERT INTO t (a) EXEC dbo.proc
-- ----
INSERT INTO t EXEC('SELECT 1')
-- ----
INSERT t DEFAULT VALUES
-- ----
-- expect: read-only scope: UPDATE is not allowed (statement 1, line 1)
UPDATE t SET a = 1
-- ----
update dbo.t set a = a + 1 where id = 3
-- ----
UPDATE TOP (1) t SET a = 1 OUTPUT inserted.*
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 1)
DELETE FROM t
-- ----
DELETE t WHERE id = 1
-- ----
delete from t
-- ----
DELETE TOP (10) FROM t
-- ----
-- expect: read-only scope: MERGE is not allowed (statement 1, line 1)
MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a;
-- ----
MERGE t AS target USING (SELECT 1 AS id) AS src ON target.id = src.id WHEN NOT MATCHED THEN INSERT (id) VALUES (src.id);
-- ----
-- expect: read-only scope: TRUNCATE TABLE is not allowed (statement 1, line 1)
TRUNCATE TABLE t
-- ----
truncate table dbo.Orders
-- ----
-- expect: read-only scope: SELECT ... INTO is not allowed (statement 1, line 1)
SELECT * INTO newt FROM t
-- ----
SELECT a, b INTO #tmp FROM t
-- ----
SELECT * INTO ##g FROM t
-- ----
select * into dbo.copy from dbo.Customers where 1 = 0
-- ----
SELECT IDENTITY(int, 1, 1) AS id INTO t2 FROM t
-- ----
WITH c AS (SELECT 1 a) SELECT * INTO t FROM c
-- ----
-- expect: read-only scope: SELECT ... FOR UPDATE is not allowed (statement 1, line 1)
SELECT * FROM t FOR UPDATE
-- ----
SELECT * FROM t FOR UPDATE OF a
-- ----
-- expect: read-only scope: NEXT VALUE FOR is not allowed (statement 1, line 1)
SELECT NEXT VALUE FOR dbo.seq
-- ----
SELECT next value for seq AS id FROM t
-- ----
SELECT NEXT VALUE FOR s OVER (ORDER BY a) FROM t
-- ----
-- expect: read-only scope: table hint UPDLOCK is not allowed (statement 1, line 1)
SELECT * FROM t WITH (UPDLOCK)
-- ----
-- expect: read-only scope: table hint XLOCK is not allowed (statement 1, line 1)
SELECT * FROM t WITH (XLOCK)
-- ----
SELECT * FROM t WITH (TABLOCKX)
-- ----
SELECT * FROM t WITH (TABLOCK)
-- ----
-- expect: read-only scope: table hint HOLDLOCK is not allowed (statement 1, line 1)
SELECT * FROM t WITH (HOLDLOCK)
-- ----
SELECT * FROM t WITH (SERIALIZABLE)
-- ----
SELECT * FROM t WITH (REPEATABLEREAD)
-- ----
SELECT * FROM t WITH (NOLOCK, UPDLOCK)
-- ----
SELECT * FROM t WITH (ROWLOCK, XLOCK)
-- ----
SELECT * FROM t (UPDLOCK)
-- ----
SELECT * FROM t WITH (updlock)
-- ----
SELECT * FROM t WITH ([UPDLOCK])
-- ----
SELECT * FROM t WITH (NOLOCK, [xlock])
-- ----
SELECT * FROM a JOIN b WITH (HOLDLOCK) ON a.id = b.id
-- ----
SELECT * FROM (SELECT * FROM t WITH (TABLOCKX)) x
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 1)
WITH x AS (SELECT 1 a) DELETE FROM t
-- ----
WITH x AS (SELECT 1 a) UPDATE t SET a = 1
-- ----
WITH x AS (SELECT 1 a) INSERT INTO t SELECT a FROM x
-- ----
WITH x AS (SELECT 1 a) MERGE t USING x ON 1 = 1 WHEN MATCHED THEN DELETE;
-- ----
WITH x AS (SELECT * FROM t) DELETE FROM x WHERE a = 1
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 2)
WITH a AS (SELECT 1 x), b AS (SELECT 2 y)
DELETE FROM t
-- ----
;WITH x AS (SELECT 1 a)
-- comment
UPDATE t SET a = 2
-- ----
-- expect: read-only scope: DROP TABLE is not allowed (statement 2, line 1)
SELECT 1 DROP TABLE t
-- ----
SELECT 1 DELETE FROM t
-- ----
SELECT * FROM t UPDATE t SET a = 1
-- ----
SELECT 1 INSERT INTO t VALUES (1)
-- ----
SELECT 1 EXEC sp_who
-- ----
SELECT 1 TRUNCATE TABLE t
-- ----
-- expect: read-only scope: DROP TABLE is not allowed (statement 2, line 2)
SELECT 1
DROP TABLE t
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 3, line 3)
SELECT a FROM t
SELECT b FROM u
DELETE FROM v
-- ----
SELECT 1 x SHUTDOWN
-- ----
SELECT 1 x WAITFOR DELAY '00:00:05'
-- ----
SELECT 1 x RECONFIGURE
-- ----
SELECT 1 x SET NOCOUNT ON
-- ----
SELECT 1 x BEGIN TRAN
-- ----
SELECT 1 x COMMIT
-- ----
SELECT 1 x ROLLBACK
-- ----
SELECT 1 x USE master
-- ----
SELECT 1 x GRANT SELECT ON t TO public
-- ----
SELECT 1 x KILL 52
-- ----
SELECT 1 x DBCC CHECKDB
-- ----
SELECT 1 x RECEIVE * FROM q
-- ----
SELECT 1 x THROW 50000, 'x', 1
-- ----
SELECT CASE WHEN 1 = 1 THEN 1 END x END CONVERSATION @h
-- ----
SELECT 1 x SEND ON CONVERSATION @h (N'x')
-- ----
SELECT 1 x GET CONVERSATION GROUP @g FROM q
-- ----
SELECT 1 x MOVE CONVERSATION @h TO @g
-- ----
SELECT 1 x ENABLE TRIGGER tr ON t
-- ----
SELECT 1 x DISABLE TRIGGER ALL ON DATABASE
-- ----
-- expect: read-only scope: DROP TABLE is not allowed (statement 2, line 1)
SELECT 1; DROP TABLE t
-- ----
SELECT 1 /* */ ; DROP TABLE x
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 2, line 4)
SELECT 1;


DELETE FROM t
-- ----
-- expect: read-only scope: UPDATE is not allowed (statement 3, line 1)
SELECT 1; SELECT 2; UPDATE t SET a = 1
-- ----
SELECT '; DROP TABLE x'; DROP TABLE x
-- ----
SELECT 1 -- comment
; DROP TABLE t
-- ----
SELECT 1 -- comment
DROP TABLE t
-- ----
SELECT [a;b]; DROP TABLE t
-- ----
SELECT "x"; TRUNCATE TABLE t
-- ----
-- expect: read-only scope: DROP TABLE is not allowed (statement 2, line 3)
SELECT 1
GO
DROP TABLE t
-- ----
SELECT 1
go
delete from t
-- ----
SELECT 1
GO 5
EXEC sp_who
-- ----
-- expect: read-only scope: procedure call sp_who is not allowed (statement 2, line 3)
SELECT 1
GO
sp_who
-- ----
SELECT 1
GO
dbo.my_proc 1, 2
-- ----
-- expect: read-only scope: EXEC is not allowed (statement 1, line 1)
EXEC sp_who
-- ----
-- expect: read-only scope: EXECUTE is not allowed (statement 1, line 1)
EXECUTE sp_who2
-- ----
exec dbo.GetCustomers
-- ----
EXEC('SELECT 1')
-- ----
EXEC (N'DROP TABLE t')
-- ----
EXECUTE ('SELECT * FROM t')
-- ----
EXEC sp_executesql N'SELECT 1'
-- ----
EXEC @proc
-- ----
EXEC @rc = dbo.p
-- ----
EXECUTE AS USER = 'dbo'
-- ----
EXEC ('SELECT 1') AT linked_server
-- ----
EXEC master..xp_cmdshell 'dir'
-- ----
EXEC master.dbo.xp_cmdshell 'whoami'
-- ----
-- expect: read-only scope: procedure call sp_executesql is not allowed (statement 1, line 1)
sp_executesql N'SELECT 1'
-- ----
sp_who
-- ----
sp_who2 'active'
-- ----
xp_cmdshell 'dir'
-- ----
-- expect: read-only scope: procedure call master.dbo.xp_cmdshell is not allowed (statement 1, line 1)
master.dbo.xp_cmdshell 'dir'
-- ----
dbo.MyProcedure
-- ----
MyProcedure @a = 1
-- ----
[dbo].[MyProcedure] 1
-- ----
"dbo"."proc"
-- ----
-- expect: read-only scope: procedure sp_who is not allowed (statement 1, line 1)
SELECT * FROM sys.sp_who
-- ----
SELECT sp_helptext('x')
-- ----
SELECT * FROM t WHERE a = xp_cmdshell('dir')
-- ----
SELECT 1; EXEC sp_executesql @sql
-- ----
-- expect: read-only scope: OPENROWSET is not allowed (statement 1, line 1)
SELECT * FROM OPENROWSET('SQLNCLI', 'Server=x;', 'SELECT 1')
-- ----
SELECT * FROM OPENROWSET(BULK 'C:\data.txt', SINGLE_CLOB) AS x
-- ----
-- expect: read-only scope: OPENQUERY is not allowed (statement 1, line 1)
SELECT * FROM OPENQUERY(linked, 'DELETE FROM t')
-- ----
-- expect: read-only scope: OPENDATASOURCE is not allowed (statement 1, line 1)
SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.t
-- ----
-- expect: read-only scope: OPENXML is not allowed (statement 1, line 1)
SELECT * FROM OPENXML(@h, '/root', 1)
-- ----
SELECT * FROM t WHERE id IN (SELECT id FROM OPENROWSET('a', 'b', 'c'))
-- ----
SELECT (SELECT TOP 1 x FROM OPENQUERY(srv, 'SELECT 1')) AS y
-- ----
WITH c AS (SELECT * FROM OPENROWSET('a', 'b', 'c')) SELECT * FROM c
-- ----
-- expect: read-only scope: OPENROWSET is not allowed (statement 1, line 3)
SELECT * FROM t
WHERE EXISTS (
  SELECT 1 FROM openrowset('x', 'y', 'z')
)
-- ----
SELECT * FROM OpenRowSet('a', 'b', 'c')
-- ----
SELECT 1 UNION SELECT * FROM OPENQUERY(s, 'x')
-- ----
-- expect: read-only scope: CREATE TABLE is not allowed (statement 1, line 1)
CREATE TABLE t (a int)
-- ----
create table #t (a int)
-- ----
-- expect: read-only scope: CREATE VIEW is not allowed (statement 1, line 1)
CREATE VIEW v AS SELECT 1 AS a
-- ----
-- expect: read-only scope: CREATE OR ALTER PROCEDURE is not allowed (statement 1, line 1)
CREATE OR ALTER PROCEDURE p AS SELECT 1
-- ----
CREATE INDEX ix ON t(a)
-- ----
CREATE LOGIN x WITH PASSWORD = 'p'
-- ----
CREATE USER x FOR LOGIN x
-- ----
CREATE FUNCTION f() RETURNS int AS BEGIN RETURN 1 END
-- ----
CREATE TRIGGER tr ON t AFTER INSERT AS SELECT 1
-- ----
CREATE SEQUENCE s
-- ----
CREATE SCHEMA s
-- ----
CREATE DATABASE d
-- ----
-- expect: read-only scope: ALTER TABLE is not allowed (statement 1, line 1)
ALTER TABLE t ADD b int
-- ----
ALTER DATABASE d SET SINGLE_USER
-- ----
ALTER LOGIN sa ENABLE
-- ----
ALTER ROLE db_owner ADD MEMBER x
-- ----
ALTER SERVER ROLE sysadmin ADD MEMBER x
-- ----
ALTER AUTHORIZATION ON DATABASE::d TO x
-- ----
ALTER INDEX ALL ON t REBUILD
-- ----
-- expect: read-only scope: DROP TABLE is not allowed (statement 1, line 1)
DROP TABLE t
-- ----
DROP TABLE IF EXISTS t
-- ----
drop view v
-- ----
DROP PROCEDURE p
-- ----
DROP DATABASE d
-- ----
DROP USER x
-- ----
-- expect: read-only scope: GRANT is not allowed (statement 1, line 1)
GRANT SELECT ON t TO public
-- ----
GRANT CONTROL SERVER TO x
-- ----
-- expect: read-only scope: DENY is not allowed (statement 1, line 1)
DENY SELECT ON t TO x
-- ----
-- expect: read-only scope: REVOKE is not allowed (statement 1, line 1)
REVOKE SELECT ON t FROM x
-- ----
GRANT EXECUTE ON SCHEMA::dbo TO x
-- ----
-- expect: read-only scope: BULK INSERT is not allowed (statement 1, line 1)
BULK INSERT t FROM 'c:\x.csv'
-- ----
-- expect: read-only scope: WAITFOR DELAY is not allowed (statement 1, line 1)
WAITFOR DELAY '00:00:10'
-- ----
WAITFOR TIME '23:00'
-- ----
SELECT 1; WAITFOR DELAY '0:0:5'
-- ----
-- expect: read-only scope: SHUTDOWN is not allowed (statement 1, line 1)
SHUTDOWN
-- ----
SHUTDOWN WITH NOWAIT
-- ----
-- expect: read-only scope: KILL is not allowed (statement 1, line 1)
KILL 53
-- ----
KILL QUERY NOTIFICATION SUBSCRIPTION ALL
-- ----
-- expect: read-only scope: DBCC is not allowed (statement 1, line 1)
DBCC CHECKDB
-- ----
DBCC FREEPROCCACHE
-- ----
dbcc dropcleanbuffers
-- ----
DBCC SHRINKDATABASE (d)
-- ----
-- expect: read-only scope: BACKUP DATABASE is not allowed (statement 1, line 1)
BACKUP DATABASE d TO DISK = 'c:\b.bak'
-- ----
BACKUP LOG d TO DISK = 'x'
-- ----
-- expect: read-only scope: RESTORE DATABASE is not allowed (statement 1, line 1)
RESTORE DATABASE d FROM DISK = 'x'
-- ----
-- expect: read-only scope: RECONFIGURE is not allowed (statement 1, line 1)
RECONFIGURE
-- ----
RECONFIGURE WITH OVERRIDE
-- ----
CHECKPOINT
-- ----
-- expect: read-only scope: USE is not allowed (statement 1, line 1)
USE master
-- ----
use [otherdb]
-- ----
SETUSER 'x'
-- ----
REVERT
-- ----
-- expect: read-only scope: UPDATE STATISTICS is not allowed (statement 1, line 1)
UPDATE STATISTICS t
-- ----
update statistics dbo.t WITH FULLSCAN
-- ----
READTEXT t.c @p 0 10
-- ----
WRITETEXT t.c @p 'x'
-- ----
UPDATETEXT t.c @p 0 NULL 'x'
-- ----
-- expect: read-only scope: DECLARE is not allowed (statement 1, line 1)
DECLARE c CURSOR FOR SELECT * FROM t
-- ----
-- expect: read-only scope: DECLARE of a table variable is not allowed (statement 1, line 1)
declare @t table (a int)
-- ----
DECLARE @a int, @t AS TABLE (a int)
-- ----
-- expect: read-only scope: DECLARE CURSOR is not allowed (statement 1, line 1)
DECLARE @c CURSOR
-- ----
-- expect: read-only scope: CURSOR is not allowed (statement 2, line 1)
DECLARE @c int; SET @c = CURSOR FOR SELECT 1
-- ----
DECLARE @a int, c CURSOR FOR SELECT 1
-- ----
-- expect: read-only scope: SET is not allowed (statement 2, line 1)
DECLARE @x xml; SET @x.modify('delete /a')
-- ----
-- expect: read-only scope: INSERT is not allowed (statement 2, line 1)
DECLARE @n int = (SELECT COUNT(*) FROM t) INSERT INTO t VALUES (@n)
-- ----
-- expect: read-only scope: SELECT ... INTO is not allowed (statement 2, line 1)
DECLARE @n int; SELECT @n = COUNT(*) INTO #t FROM t
-- ----
-- expect: read-only scope: EXEC is not allowed (statement 3, line 1)
DECLARE @n int; SET @n = 1 EXEC dbo.p @n
-- ----
-- expect: read-only scope: NEXT VALUE FOR is not allowed (statement 1, line 1)
DECLARE @n bigint = NEXT VALUE FOR dbo.seq
-- ----
-- expect: read-only scope: SET is not allowed (statement 1, line 1)
SET @@ROWCOUNT = 1
-- ----
DECLARE @x int = dbo.f() SET IMPLICIT_TRANSACTIONS ON
-- ----
DECLARE @x int SET XACT_ABORT OFF
-- ----
-- expect: read-only scope: procedure sp_executesql is not allowed (statement 2, line 1)
DECLARE @s nvarchar(100) = N'SELECT 1'; SET @s = sp_executesql
-- ----
-- expect: read-only scope: SET is not allowed (statement 1, line 1)
SET NOCOUNT ON
-- ----
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE
-- ----
SET ROWCOUNT 10
-- ----
SET IDENTITY_INSERT t ON
-- ----
SET CONTEXT_INFO 0x01
-- ----
SET LOCK_TIMEOUT 0
-- ----
SELECT 1; SET XACT_ABORT ON
-- ----
-- expect: read-only scope: BEGIN TRAN is not allowed (statement 1, line 1)
BEGIN TRAN
-- ----
BEGIN TRANSACTION; SELECT 1; COMMIT
-- ----
BEGIN DISTRIBUTED TRANSACTION
-- ----
-- expect: read-only scope: COMMIT is not allowed (statement 1, line 1)
COMMIT
-- ----
COMMIT TRANSACTION
-- ----
-- expect: read-only scope: ROLLBACK is not allowed (statement 1, line 1)
ROLLBACK
-- ----
ROLLBACK TRAN t1
-- ----
-- expect: read-only scope: SAVE TRANSACTION is not allowed (statement 1, line 1)
SAVE TRANSACTION sp1
-- ----
BEGIN SELECT 1 END
-- ----
BEGIN TRY SELECT 1 END TRY BEGIN CATCH SELECT 2 END CATCH
-- ----
DECLARE c CURSOR FOR SELECT * FROM t
-- ----
-- expect: read-only scope: OPEN is not allowed (statement 1, line 1)
OPEN c
-- ----
-- expect: read-only scope: FETCH is not allowed (statement 1, line 1)
FETCH NEXT FROM c
-- ----
FETCH NEXT FROM c INTO @a
-- ----
CLOSE c
-- ----
DEALLOCATE c
-- ----
SELECT 1 x FETCH NEXT FROM c
-- ----
-- expect: read-only scope: IF is not allowed (statement 1, line 1)
IF 1 = 1 SELECT 1
-- ----
IF EXISTS (SELECT 1 FROM t) DELETE FROM t
-- ----
WHILE 1 = 1 SELECT 1
-- ----
PRINT 'x'
-- ----
RAISERROR('x', 16, 1)
-- ----
-- expect: read-only scope: THROW is not allowed (statement 1, line 1)
THROW 50000, 'x', 1
-- ----
RETURN
-- ----
GOTO lbl
-- ----
lbl: SELECT 1
-- ----
-- expect: read-only scope: RECEIVE is not allowed (statement 1, line 1)
RECEIVE TOP (1) * FROM q
-- ----
-- expect: read-only scope: SEND ON is not allowed (statement 1, line 1)
SEND ON CONVERSATION @h (N'x')
-- ----
-- expect: read-only scope: END CONVERSATION is not allowed (statement 1, line 1)
END CONVERSATION @h
-- ----
BEGIN DIALOG @h FROM SERVICE s TO SERVICE 't'
-- ----
GET CONVERSATION GROUP @g FROM q
-- ----
-- expect: read-only scope: ENABLE TRIGGER is not allowed (statement 1, line 1)
ENABLE TRIGGER tr ON t
-- ----
DISABLE TRIGGER tr ON t
-- ----
-- expect: read-only scope: procedure call SEL is not allowed (statement 1, line 1)
SEL/**/ECT 1
-- ----
SELECT 1 /* /* nested */ */ DROP TABLE t
-- ----
SELECT 1 /* /* */ DROP TABLE t */ */ ; DELETE FROM t
-- ----
/* SELECT */ DELETE FROM t
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 2)
-- SELECT
DELETE FROM t
-- ----
SELECT 'a' + 'b'; EXEC('DR' + 'OP TABLE t')
-- ----
SELECT ']' ; DROP TABLE t --'
-- ----
SELECT [x]]; DROP TABLE t; --]; EXEC sp_who
-- ----
SELECT "a""b"; DROP TABLE t
-- ----
SELECT N'x'; DELETE FROM t
-- ----
SELECT 1--
DROP TABLE t
-- ----
SELECT 1 /**/DROP TABLE t
-- ----
SELECT 1/**/;/**/DROP/**/TABLE/**/t
-- ----
SELECT 0x01DROP TABLE t
-- ----
SELECT 1DROP TABLE t
-- ----
SELECT 1e1DROP TABLE t
-- ----
DeLeTe FROM t
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 2)
  
	  DELETE FROM t
-- ----
(DELETE FROM t)
-- ----
SELECT * FROM (DELETE FROM t OUTPUT deleted.*) x
-- ----
SELECT * FROM t WHERE a IN (SELECT a FROM u; DROP TABLE u)
-- ----
-- expect: read-only scope: cannot check the SQL: unterminated string literal starting at line 1, column 8
SELECT 'unterminated
-- ----
SELECT N'unterminated
-- ----
-- expect: read-only scope: cannot check the SQL: unterminated [identifier] starting at line 1, column 8
SELECT [unterminated
-- ----
SELECT "unterminated
-- ----
-- expect: read-only scope: cannot check the SQL: unterminated /* comment */ starting at line 1, column 10
SELECT 1 /* unterminated
-- ----
SELECT 1 /* /* */ DROP TABLE t
-- ----
-- expect: read-only scope: cannot check the SQL: ambiguous comment ('--' before a comment delimiter on one line) starting at line 1, column 10
SELECT 1 /* -- */ DROP TABLE t */
-- ----
-- expect: read-only scope: cannot check the SQL: unexpected character U+00A0 at line 1, column 9
SELECT 1 DROP TABLE t
-- ----
SELECT 1 FROM t DROP TABLE t
-- ----
SELECT 1 -- x DROP TABLE t
-- ----
ＳＥＬＥＣＴ 1
-- ----
SELECT 1​DROP TABLE t
-- ----
SELECT 1　DROP TABLE t
-- ----
SELECT ’x’
-- ----
SELECT 1 ﻿
-- ----
-- expect: read-only scope: cannot check the SQL: unexpected character '`' at line 1, column 8
SELECT ` FROM t
-- ----
SELECT ? FROM t
-- ----
-- expect: read-only scope: ODBC escape sequences are not allowed (statement 1, line 1)
SELECT {fn NOW()}
-- ----
{call sp_who}
-- ----
-- expect: read-only scope: cannot check the SQL: '(' that is never closed at line 1, column 8
SELECT (1
-- ----
-- expect: read-only scope: cannot check the SQL: ')' without a matching '(' at line 1, column 9
SELECT 1)
-- ----
SELECT @ FROM t
-- ----
SELECT * FROM t FOR READ ONLY
-- ----
SELECT a FROM t ORDER BY a FETCH NEXT 5 ROWS ONLY
-- ----
SELECT * FROM t OPTION (TABLE HINT(t, UPDLOCK))
-- ----
SELECT * FROM t COMPUTE SUM(a)
-- ----
SELECT * FROM t WHERE KEY = 1
-- ----
SELECT TOP 1 * FROM t WITH CHECK OPTION
-- ----
SELECT * FROM t; USE tempdb
-- ----
SELECT * FROM t MERGE u
-- ----
SELECT a FROM t
GO
SET ROWCOUNT 0
GO
-- ----
SELECT * FROM t WHERE a = 1 OR 1 = 1; INSERT INTO log VALUES ('x')
-- ----
-- # Money constants may start with any currency sign: the server would read 1 then DELETE.
-- expect: read-only scope: cannot check the SQL: unexpected character U+20AC at line 1, column 8
SELECT €1DELETE FROM t
-- ----
-- # "1e" may be a complete float to the server, which would then see DELETE.
-- expect: read-only scope: cannot check the SQL: a number must not be followed directly by a letter at line 1, column 9
SELECT 1eDELETE FROM t
-- ----
SELECT 0x1FDELETE FROM t
-- ----
SELECT $1DELETE FROM t
-- ----
SELECT 1.DELETE FROM t
-- ----
-- # USE HINT is an OPTION clause only; at statement level it would switch to a database "HINT".
-- expect: read-only scope: USE is not allowed (statement 2, line 1)
SELECT 1 x USE HINT
-- ----
-- expect: read-only scope: FETCH is not allowed (statement 1, line 1)
SELECT 1 AS ROWS FETCH NEXT FROM c
-- ----
SELECT * FROM t OPTION (RECOMPILE) USE HINT
-- ----
SELECT * FROM t WHERE USE HINT = 1
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 2, line 2)
SELECT * FROM dbo.Orders;
DELETE FROM dbo.Orders WHERE 1 = 1;
-- ----
-- expect: read-only scope: UPDATE is not allowed (statement 2, line 2)
SELECT TOP 1 * FROM t
UPDATE t SET x = 1
-- ----
-- expect: read-only scope: DELETE is not allowed (statement 1, line 4)
WITH cte AS (
  SELECT Id FROM dbo.Orders WHERE Total = 0
)
DELETE FROM cte;
-- ----
-- expect: read-only scope: EXEC is not allowed (statement 2, line 1)
SELECT name FROM sys.tables; EXEC sp_rename 'a', 'b'
-- ----
SELECT 1 AS [x]; EXEC [sp_executesql] N'DROP TABLE t'
-- ----
SELECT 1 AS x
;EXECUTE ('DELETE FROM t')
-- ----
SELECT * FROM t WHERE x = '' + (SELECT TOP 1 name FROM OPENROWSET('MSDASQL', 'x', 'y'))
-- ----
SELECT * FROM t t1 INNER JOIN OPENQUERY(srv, 'UPDATE x SET y = 1') t2 ON 1 = 1
-- ----
SELECT * FROM t WITH (NOLOCK) WHERE 1 = 1 FOR UPDATE
-- ----
-- expect: read-only scope: table hint UPDLOCK is not allowed (statement 1, line 3)
SELECT *
FROM t
WITH (UPDLOCK, ROWLOCK)
WHERE id = 1
-- ----
SELECT * FROM t WITH (TABLOCK, HOLDLOCK)
-- ----
select * from t with (paglock, xlock)
-- ----
SELECT NEXT VALUE FOR [dbo].[OrderNumbers]
-- ----
SELECT Id INTO #snapshot FROM dbo.Orders; SELECT * FROM #snapshot
-- ----
SELECT * INTO [backup].[Orders_2024] FROM dbo.Orders
-- ----
/* harmless? */ INSERT dbo.Log (msg) SELECT 'x'
-- ----
-- SELECT 1
-- ---- (not a separator: more than the marker on this line)
TRUNCATE TABLE dbo.Log
-- ----
SELECT 1 /* unclosed comment hides nothing: DROP TABLE t
-- ----
SELECT 1 /* ok */ /* /* nested */ DROP TABLE t
-- ----
SELECT 1 -- comment ends at CR
; DROP TABLE t
-- ----
SELECT 1 -- comment ends at vertical tab DROP TABLE t
-- ----
SELECT 1 -- comment ends at form feed DROP TABLE t
-- ----
SELECT 1 -- comment ends at NEL DROP TABLE t
-- ----
SELECT 'a' 'b' ; DROP TABLE t
-- ----
SELECT N'abc' DROP TABLE t
-- ----
SELECT [DROP] DROP TABLE t
-- ----
SELECT "x" DELETE t
-- ----
SELECT @x DELETE t
-- ----
SELECT @@ROWCOUNT EXEC sp_who
-- ----
SELECT 1 x
GO
SHUTDOWN
-- ----
SELECT 1 x
GO 1
KILL 1
-- ----
WAITFOR DELAY '00:00:01'; SELECT 1
-- ----
SELECT 1 WAITFOR (RECEIVE * FROM q)
-- ----
SELECT CAST(1 AS int) x RECONFIGURE WITH OVERRIDE
-- ----
SELECT 1; DBCC TRACEON (3604)
-- ----
-- expect: read-only scope: ALTER TABLE is not allowed (statement 2, line 5)
SELECT 1 AS a



   ALTER TABLE t ADD c int
-- ----
-- expect: read-only scope: CREATE PROCEDURE is not allowed (statement 2, line 3)
SELECT * FROM t
GO
CREATE PROCEDURE p AS SELECT 1
-- ----
SELECT * FROM t WHERE name = N'x' OR 1 = 1; GRANT CONTROL TO public
-- ----
SELECT * FROM t TABLESAMPLE (1 PERCENT); BACKUP LOG db TO DISK = 'nul'
-- ----
SELECT * FROM t; RESTORE FILELISTONLY FROM DISK = 'x'
-- ----
SELECT 1 x OPEN SYMMETRIC KEY k DECRYPTION BY PASSWORD = 'p'
-- ----
SELECT 1 x CLOSE ALL SYMMETRIC KEYS
-- ----
SELECT 1 x DEALLOCATE c
-- ----
SELECT 1 x PRINT 'hello'
-- ----
SELECT 1 x RAISERROR('x', 10, 1) WITH LOG
-- ----
SELECT 1 x BEGIN TRANSACTION
-- ----
SELECT 1 x SAVE TRAN s
-- ----
SELECT 1 x IF 1 = 1 SELECT 2
-- ----
SELECT 1 x WHILE 1 = 1 SELECT 2
-- ----
SELECT 1 x GOTO l
-- ----
SELECT 1 x RETURN
-- ----
SELECT 1 x BREAK
-- ----
SELECT 1 x CONTINUE
-- ----
SELECT 1 x SETUSER
-- ----
SELECT 1 x REVERT
-- ----
SELECT 1 x CHECKPOINT
-- ----
SELECT 1 x READTEXT t.c @p 0 1
-- ----
SELECT 1 x BULK INSERT t FROM 'f'
-- ----
SELECT * FROM t OPTION (USE PLAN N'<xml/>') ; USE master
-- ----
-- expect: read-only scope: a statement starting with '(' must be a parenthesized SELECT (statement 1, line 1)
(dbo.my_procedure)
-- ----
((sp_who))
-- ----
(1)
-- ----
-- expect: read-only scope: a statement starting with a string is not a query (statement 1, line 1)
'DROP TABLE t'
-- ----
-- expect: read-only scope: a statement starting with a variable is not a query (statement 1, line 1)
@x
-- ----
-- # Characters outside string literals that some reader may take for a line break or for nothing
-- # ("\u{B}" is the code point U+000B, see read_corpus). SQL Server ends a '--' comment at the line
-- # break; a reader that ends it at VT/FF/NEL/U+2028 instead reads the rest of the line as code, and
-- # the other way round. These are refused wherever they stand outside a string literal.
-- expect: read-only scope: cannot check the SQL: U+000B VERTICAL TAB is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{B}'
COMMIT TRANSACTION; UPDATE Categories SET CategoryName = 'X' WHERE CategoryID = 3; BEGIN TRANSACTION --'
-- ----
-- expect: read-only scope: cannot check the SQL: U+000C FORM FEED is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{C}'
COMMIT TRANSACTION; DELETE FROM Orders; BEGIN TRANSACTION --'
-- ----
-- expect: read-only scope: cannot check the SQL: U+000D CARRIAGE RETURN not followed by LINE FEED is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{D}'
COMMIT TRANSACTION; DELETE FROM Orders; BEGIN TRANSACTION --'
-- ----
-- expect: read-only scope: cannot check the SQL: U+0085 NEXT LINE is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{85}'
DELETE FROM Orders --'
-- ----
-- expect: read-only scope: cannot check the SQL: U+2028 LINE SEPARATOR is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{2028}'
DELETE FROM Orders --'
-- ----
-- expect: read-only scope: cannot check the SQL: U+2029 PARAGRAPH SEPARATOR is not allowed outside string literals at line 1, column 21 (byte offset 20)
SELECT 1 AS probe --\u{2029}'
DELETE FROM Orders --'
-- ----
-- # The same characters where the lexer expects whitespace, or in a block comment.
SELECT 1\u{B}DELETE FROM Orders
-- ----
SELECT 1\u{C}DELETE FROM Orders
-- ----
SELECT 1\u{D}DELETE FROM Orders
-- ----
SELECT 1\u{85}DELETE FROM Orders
-- ----
SELECT 1 /* \u{B} */ AS a
-- ----
SELECT 1 /* \u{2028} */ AS a
-- ----
-- # NUL: db-lib sends the text as a C string, so the server would see less than we judged.
-- expect: read-only scope: cannot check the SQL: U+0000 NULL is not allowed anywhere in the text at line 1, column 10 (byte offset 9)
SELECT 1 \u{0}; DELETE FROM Orders
-- ----
SELECT '\u{0}'; DELETE FROM Orders
-- ----
-- # Zero-width and bidi format characters: in words, identifiers and comments.
-- expect: read-only scope: cannot check the SQL: U+200B ZERO WIDTH SPACE is not allowed outside string literals at line 1, column 10 (byte offset 9)
SELECT 1 \u{200B}DELETE FROM Orders
-- ----
SELECT [Orders\u{200C}] FROM dbo.Orders
-- ----
SELECT "Orders\u{200D}" FROM dbo.Orders
-- ----
SELECT 1 AS a -- \u{202E}'
-- ----
SELECT 1 AS a /* \u{2066}*/ \u{2069}
-- ----
SEL\u{AD}ECT 1
-- ----
SELECT 1 \u{FEFF}
-- ----
SELECT 1 -- \u{E0041}
-- ----
-- # Other C0 and C1 controls, DEL.
SELECT 1 -- \u{1B}[2J
-- ----
SELECT 1 -- \u{7F}
-- ----
SELECT 1 -- \u{9B}
-- ----
SELECT 1\u{8} AS a
-- ----
-- # Words that Unicode case folding or compatibility normalisation (NFKC) turns into a keyword:
-- # LONG S, DOTLESS I, KELVIN SIGN, fullwidth, mathematical and circled letters, Roman numerals.
-- expect: read-only scope: cannot check the SQL: the word ſelect reads as the keyword SELECT under Unicode case folding or compatibility normalisation at line 1, column 1
ſelect 1
-- ----
-- expect: read-only scope: cannot check the SQL: the word ınsert reads as the keyword INSERT under Unicode case folding or compatibility normalisation at line 1, column 11
SELECT 1; ınsert INTO Orders DEFAULT VALUES
-- ----
SELECT 1; ᵈelete FROM Orders
-- ----
SELECT * FROM Orders WITH (TABLOCK)
-- ----
SELECT * FROM Orders WITH (ＵＰＤＬＯＣＫ)
-- ----
SELECT 1; 𝐃𝐑𝐎𝐏 TABLE Orders
-- ----
SELECT 1; ⅮELETE FROM Orders
-- ----
SELECT 1; ⓒommit
-- ----
SELECT 1; 𝚄𝙿𝙳𝙰𝚃𝙴 Orders SET Total = 0
-- ----
SELECT 1 ＩＮＴＯ Copy FROM Orders
-- ----
-- # Money is decimal: $0x is $0 followed by a letter (found by fuzz_sql_differential).
-- expect: read-only scope: cannot check the SQL: a number must not be followed directly by a letter at line 1, column 48
SELECT 1.5, .5, 1., 1e10, 1.5E-3, 2E+5, 0x1F,$0x, $12)~50, -$3
