#pragma once
// The read-only classifier: may a scope with `read_only: true` run this T-SQL?
//
// POLICY (deny by default)
// A batch is allowed only if every statement in it is a query, and a query is judged word by
// word, not by its first word alone:
//   1. The text is lexed first (lexer.h). Strings, [bracketed] and "quoted" identifiers and
//      comments are data: 'DROP TABLE x' in a string is allowed, SEL/**/ECT is two words.
//      Text the lexer refuses is refused: what we cannot read the way the server does, we do
//      not allow. That is an unterminated string, comment or identifier; invalid UTF-8 or NUL;
//      outside string literals any character but printable ones, TAB, LF and CR+LF (VT, FF, a
//      lone CR, NEL, U+2028 could end a '--' comment for one reader and not the other);
//      look-alike Unicode outside strings (NO-BREAK SPACE, curly quotes, fullwidth letters,
//      currency signs that start money constants); a number glued to letters (1eDELETE);
//      '--' before a comment delimiter inside a block comment; more than 1 MiB.
//   2. Statements are split at ';', at GO lines and where a statement keyword starts a new
//      statement without a semicolon (statement_splitter.h). Each must start with SELECT, WITH
//      (a common table expression) or '(' (a parenthesized query), or is a scalar variable's
//      DECLARE (@a int [= expr], @b nvarchar(10)) or SET (@a = expr, +=, -=, ...), whose
//      expressions are checked like a query's. Anything else is refused:
//      INSERT, UPDATE, DELETE, MERGE, TRUNCATE, CREATE, ALTER, DROP, EXEC, GRANT, DENY, REVOKE,
//      DECLARE of a table variable or a cursor, SET of a session option (NOCOUNT, ROWCOUNT,
//      XACT_ABORT, IMPLICIT_TRANSACTIONS, ...), BEGIN/COMMIT/ROLLBACK/SAVE (transactions),
//      OPEN/FETCH/CLOSE (cursors), USE, DBCC, KILL, SHUTDOWN, WAITFOR, BACKUP, RESTORE,
//      RECONFIGURE, BULK INSERT, PRINT, RAISERROR, THROW, IF/WHILE blocks, Service Broker (RECEIVE,
//      SEND, END CONVERSATION...), and a bare name, which SQL Server runs as a procedure when it
//      opens a batch. Scalar variables live only in their batch (Microsoft Learn, "Variables
//      (Transact-SQL)"), so DECLARE and SET of one change nothing; SET of an option outlives the
//      statement on a pooled connection, and a table variable or cursor is refused with the rest of
//      their statements.
//   3. Every unquoted word of a query is checked. A reserved keyword (keywords.h) must belong to
//      the query grammar; so INTO (SELECT ... INTO), OPENROWSET, OPENQUERY, OPENDATASOURCE,
//      OPENXML, EXEC, and any DML or DDL keyword are refused wherever they appear, including
//      inside subqueries and after a CTE (WITH x AS (...) DELETE ...). Grammar words that are
//      also statements are allowed only where a query uses them: FOR only as FOR XML, FOR JSON,
//      FOR BROWSE, FOR SYSTEM_TIME, OPTIMIZE FOR and inside PIVOT/UNPIVOT (so FOR UPDATE and
//      NEXT VALUE FOR, which advances a sequence, are refused); FETCH only as OFFSET ... ROWS
//      FETCH NEXT n ROWS (not a cursor's FETCH NEXT FROM); USE only as USE HINT / USE PLAN
//      inside OPTION(); PLAN only after USE, KEEP, KEEPFIXED or ROBUST; MERGE only as a join or
//      union hint; END CONVERSATION never.
//   4. Unreserved words that write or escape are refused too: table hints that take locks
//      (UPDLOCK, XLOCK, TABLOCK, TABLOCKX, HOLDLOCK, SERIALIZABLE, REPEATABLEREAD; NOLOCK and
//      other reading hints are fine; a bracketed lock hint standing alone in a parenthesized
//      list is refused too), NEXT VALUE FOR, the unreserved statements RECEIVE, THROW,
//      SEND ON, GET/MOVE CONVERSATION, ENABLE/DISABLE TRIGGER, and any name starting with sp_
//      or xp_ (system and extended procedures; no such name is a readable object). ODBC escapes
//      ({fn ...}, {call ...}) are refused.
// Built-in functions do not write, and SQL Server forbids statements with side effects inside
// user functions (CLR code and extended procedures called from one are the DBA's choice, as
// are views). The classifier guards against an assistant talked into writing; it does not
// replace a database login that can only read (db_datareader), which operators should use for
// read-only scopes as well. A name this policy refuses unquoted (a column called tablock,
// throw or sp_name) can be written in [brackets].
// GO is a client convention: the server reads it as a name. A caller that accepts GO lines
// sends the batches one by one (split_batches in batches.h), never the whole text at once.
//
// With ReadOnlyPolicy::confine, names that leave the scope's database are refused as well
// (confinement.h).
// The classifier is a pure function of its input, linear in its length, and bounded to
// kMaxSqlBytes (lexer.h).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sql/lexer.h"  // kMaxSqlBytes
#include "util/status.h"

namespace gw::sql {

struct ClassifiedStatement {
  std::string keyword;     // the statement's first token, upper case: SELECT, WITH, (, DECLARE, SET
  int number = 0;          // 1-based across the whole text, as in messages
  int batch = 1;           // 1-based count of GO lines before it, plus one
  int line = 1;            // line of the first token
  std::size_t offset = 0;  // byte range of the statement in the input,
  std::size_t length = 0;  // from its first token to the end of its last
};

struct Classification {
  std::vector<ClassifiedStatement> statements;  // at least one
  int batch_count = 1;  // batches holding a statement (a trailing GO adds none)
};

// What besides reading a scope's configuration asks of its queries.
struct ReadOnlyPolicy {
  // database.confine: names stay in `database`, the scope's database as configured
  // (confinement.h).
  bool confine = false;
  std::string database;
  // database.extra_databases: three-part names may name these too.
  std::vector<std::string> other_databases;
};

// OK with the statements when every statement only reads.
// PermissionDenied when a statement may write or escape, worded for the assistant to read:
//   "read-only scope: INSERT is not allowed (statement 2, line 3)"
// InvalidArgument when the text cannot be read ("read-only scope: cannot check the SQL: ..."),
// or holds no statement; ResourceExhausted above kMaxSqlBytes.
Result<Classification> classify_read_only(std::string_view sql, const ReadOnlyPolicy& policy = {});

}  // namespace gw::sql
