#include "tsql_translator.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gw::tdsdev {
namespace {

TranslateContext test_context() {
  TranslateContext ctx;
  ctx.database = "DemoDB";
  ctx.schemas = {"sales"};
  ctx.version_text = "Microsoft SQL Server 2022 (tds-devserver)";
  // These cases are about the rewrites; the naming of result columns has its own cases
  // (tsql_dialect_test.cpp).
  ctx.name_result_columns = false;
  return ctx;
}

// One query statement in, its SQLite text out.
std::string one(const std::string& tsql) {
  auto r = translate_batch(tsql, test_context());
  REQUIRE_MESSAGE(r.is_ok(), tsql);
  REQUIRE(r->size() == 1);
  return (*r)[0].sqlite_sql;
}

TEST_CASE("queries are rewritten for SQLite") {
  struct Case {
    const char* tsql;
    const char* sqlite;
  };
  const Case cases[] = {
      {"SELECT TOP 5 * FROM dbo.Customers ORDER BY CustomerID",
       "SELECT * FROM \"Customers\" ORDER BY CustomerID LIMIT 5"},
      {"SELECT TOP (10) [First Name] FROM [dbo].[Customers]",
       "SELECT \"First Name\" FROM \"Customers\" LIMIT (10)"},
      {"SELECT DISTINCT TOP 2 a FROM t", "SELECT DISTINCT a FROM t LIMIT 2"},
      {"SELECT TOP (@n) a FROM t", "SELECT a FROM t LIMIT (@n)"},
      {"SELECT * FROM (SELECT TOP 3 a FROM t ORDER BY a) s",
       "SELECT * FROM(SELECT a FROM t ORDER BY a LIMIT 3) s"},
      {"SELECT \"quoted\"\"name\" FROM t", "SELECT \"quoted\"\"name\" FROM t"},
      {"SELECT * FROM sales.Regions", "SELECT * FROM \"sales.Regions\""},
      {"SELECT * FROM [sales].[Regions]", "SELECT * FROM \"sales.Regions\""},
      {"SELECT * FROM DemoDB.dbo.Orders", "SELECT * FROM \"Orders\""},
      {"SELECT dbo.Orders.OrderID FROM dbo.Orders",
       "SELECT \"Orders\".\"OrderID\" FROM \"Orders\""},
      {"SELECT c.Name FROM Customers c", "SELECT \"c\".\"Name\" FROM Customers c"},
      {"SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
       "SELECT a FROM t ORDER BY a LIMIT (5) OFFSET (10)"},
      {"SELECT a FROM t ORDER BY a OFFSET 3 ROWS",
       "SELECT a FROM t ORDER BY a LIMIT -1 OFFSET (3)"},
      {"SELECT ISNULL(Email, N'none') FROM t", "SELECT IFNULL(Email, 'none') FROM t"},
      {"SELECT 'it''s'", "SELECT 'it''s'"},
      {"SELECT @@VERSION", "SELECT 'Microsoft SQL Server 2022 (tds-devserver)'"},
      {"SELECT @@ROWCOUNT, SCOPE_IDENTITY()", "SELECT changes(), last_insert_rowid()"},
      {"SELECT a FROM t WITH (NOLOCK) WHERE a = 1", "SELECT a FROM t WHERE a = 1"},
      {"SELECT CAST(x AS DECIMAL(10, 2)) FROM t", "SELECT tds_cast(x, 'DECIMAL(10,2)') FROM t"},
      {"SELECT CONVERT(VARCHAR(10), d, 120) FROM t",
       "SELECT tds_cast(tds_style_out(d, 120), 'VARCHAR(10)') FROM t"},
      {"SELECT CAST(a + 1 AS NVARCHAR(MAX))", "SELECT tds_cast(tds_add(a, 1), 'NVARCHAR(MAX)')"},
      {"CREATE TABLE dbo.T (a NVARCHAR(MAX), b INT)",
       "CREATE TABLE \"T\" (a \"NVARCHAR(MAX)\", b INT)"},
      {"SELECT 0x0A1B, a !< 3 FROM t", "SELECT X'0A1B', a >= 3 FROM t"},
      {"CREATE TABLE dbo.Log (ID INT IDENTITY(1,1) NOT NULL PRIMARY KEY, Msg NVARCHAR(100))",
       "CREATE TABLE \"Log\" (ID INTEGER PRIMARY KEY AUTOINCREMENT, Msg NVARCHAR(100))"},
      {"SELECT COUNT(*) FROM t -- comment\n/* block /* nested */ */", "SELECT COUNT(*) FROM t"},
      {"WITH c AS (SELECT 1 AS x) SELECT x FROM c", "WITH c AS(SELECT 1 AS x) SELECT x FROM c"},
      // "+" concatenates strings in T-SQL: tds_add decides by the values, with precedence kept.
      {"SELECT s.name + '.' + t.name FROM t",
       "SELECT tds_add(tds_add(\"s\".\"name\", '.'), \"t\".\"name\") FROM t"},
      {"SELECT a + b * c - d FROM t", "SELECT tds_add(a, b * c) - d FROM t"},
      {"SELECT -x + 2, a - b FROM t", "SELECT tds_add(- x, 2), a - b FROM t"},
      {"SELECT 1 FROM t WHERE a + 1 > 2 AND b BETWEEN c + 1 AND d",
       "SELECT 1 FROM t WHERE tds_add(a, 1) > 2 AND b BETWEEN tds_add(c, 1) AND d"},
      {"SELECT COUNT(*) + 1, (a + b) FROM t",
       "SELECT tds_add(COUNT(*), 1), (tds_add(a, b)) FROM t"},
  };
  for (const auto& c : cases) {
    std::string tsql = c.tsql;
    CAPTURE(tsql);
    CHECK(one(c.tsql) == c.sqlite);
  }
}

TEST_CASE("batches split into statements without semicolons") {
  auto r = translate_batch(
      "SET NOCOUNT ON SELECT 1 SELECT 2\nINSERT INTO t (a) SELECT b FROM u "
      "UPDATE t SET a = 1; SET ANSI_NULLS ON",
      test_context());
  REQUIRE(r.is_ok());
  std::vector<std::pair<StatementKind, std::string>> got;
  for (const auto& t : *r) got.emplace_back(t.kind, t.sqlite_sql);
  const std::vector<std::pair<StatementKind, std::string>> want = {
      {StatementKind::kIgnored, ""},
      {StatementKind::kQuery, "SELECT 1"},
      {StatementKind::kQuery, "SELECT 2"},
      {StatementKind::kQuery, "INSERT INTO t(a) SELECT b FROM u"},
      {StatementKind::kQuery, "UPDATE t SET a = 1"},
      {StatementKind::kIgnored, ""},
  };
  CHECK(got == want);
  CHECK((*r)[3].line == 2);
}

TEST_CASE("control statements are classified") {
  auto r = translate_batch(
      "USE [DemoDB]; PRINT 'hi'; WAITFOR DELAY '00:00:01.5'; BEGIN TRAN; COMMIT TRANSACTION; "
      "ROLLBACK; SET TEXTSIZE 2147483647; SET ROWCOUNT 0; SET FMTONLY OFF",
      test_context());
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 9);
  CHECK((*r)[0].kind == StatementKind::kUse);
  CHECK((*r)[0].argument == "DemoDB");
  CHECK((*r)[1].kind == StatementKind::kPrint);
  CHECK((*r)[1].sqlite_sql == "SELECT 'hi'");
  CHECK((*r)[2].kind == StatementKind::kWaitfor);
  CHECK((*r)[2].delay_ms == 1500);
  CHECK((*r)[3].kind == StatementKind::kBegin);
  CHECK((*r)[4].kind == StatementKind::kCommit);
  CHECK((*r)[5].kind == StatementKind::kRollback);
  CHECK((*r)[6].kind == StatementKind::kIgnored);
  CHECK((*r)[7].kind == StatementKind::kIgnored);
  CHECK((*r)[8].kind == StatementKind::kIgnored);
}

TEST_CASE("catalog names are flagged") {
  auto r = translate_batch(
      "SELECT name FROM sys.tables; SELECT * FROM INFORMATION_SCHEMA.columns; SELECT 1",
      test_context());
  REQUIRE(r.is_ok());
  CHECK((*r)[0].sqlite_sql == "SELECT name FROM \"sys.tables\"");
  CHECK((*r)[0].uses_catalog);
  CHECK((*r)[1].sqlite_sql == "SELECT * FROM \"INFORMATION_SCHEMA.COLUMNS\"");
  CHECK((*r)[1].uses_catalog);
  CHECK_FALSE((*r)[2].uses_catalog);
}

TEST_CASE("what cannot be translated is an error, never a wrong answer") {
  struct Case {
    const char* tsql;
    StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT TOP 5 PERCENT * FROM t", StatusCode::kFailedPrecondition,
       "TOP ... PERCENT is not supported by tds-devserver."},
      {"SELECT TOP 5 WITH TIES * FROM t", StatusCode::kFailedPrecondition,
       "TOP ... WITH TIES is not supported by tds-devserver."},
      {"DECLARE @t TABLE (a INT)", StatusCode::kFailedPrecondition,
       "DECLARE @variable TABLE is not supported by tds-devserver."},
      {"DECLARE @c CURSOR", StatusCode::kFailedPrecondition,
       "DECLARE @variable CURSOR is not supported by tds-devserver."},
      {"SET @x = 1", StatusCode::kInvalidArgument, "Must declare the scalar variable \"@x\"."},
      {"DECLARE @x INT; SELECT @y = 1", StatusCode::kInvalidArgument,
       "Must declare the scalar variable \"@y\"."},
      {"DECLARE @x INT; DECLARE @X INT", StatusCode::kInvalidArgument,
       "The variable name '@X' has already been declared. Variable names must be unique within "
       "a query batch or stored procedure."},
      {"DECLARE @x INT; SELECT @x = 1, 2", StatusCode::kInvalidArgument,
       "A SELECT statement that assigns a value to a variable must not be combined with "
       "data-retrieval operations."},
      {"DECLARE @x INT =", StatusCode::kInvalidArgument, "Incorrect syntax near '='."},
      {"DECLARE x INT", StatusCode::kInvalidArgument, "Incorrect syntax near 'x'."},
      {"SET ROWCOUNT 10", StatusCode::kFailedPrecondition,
       "SET ROWCOUNT is not supported by tds-devserver."},
      {"SET FMTONLY ON", StatusCode::kFailedPrecondition,
       "SET FMTONLY ON is not supported by tds-devserver."},
      {"SELECT @@CPU_BUSY", StatusCode::kFailedPrecondition,
       "@@CPU_BUSY is not supported by tds-devserver."},
      {"SELECT 'abc", StatusCode::kInvalidArgument,
       "Unclosed quotation mark after the character string 'abc'."},
      {"SELECT a FROM t OFFSET 5", StatusCode::kInvalidArgument, "Incorrect syntax near 'OFFSET'."},
      {"WAITFOR TIME '10:00'", StatusCode::kFailedPrecondition,
       "WAITFOR other than WAITFOR DELAY 'hh:mm:ss' is not supported by tds-devserver."},
      {"BEGIN SELECT 1 END", StatusCode::kFailedPrecondition,
       "BEGIN ... END is not supported by tds-devserver."},
      {"CREATE TABLE t (id INT IDENTITY, n INT PRIMARY KEY)", StatusCode::kFailedPrecondition,
       "IDENTITY on a column that is not the PRIMARY KEY is not supported by tds-devserver."},
      {"CREATE TABLE t (id INT IDENTITY(100,5) PRIMARY KEY)", StatusCode::kFailedPrecondition,
       "IDENTITY(100,5) is not supported by tds-devserver."},
  };
  for (const auto& c : cases) {
    std::string tsql = c.tsql;
    CAPTURE(tsql);
    auto r = translate_batch(c.tsql, test_context());
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == c.code);
    CHECK(r.status().message() == c.message);
  }
}

TEST_CASE("scalar variables: DECLARE, SET and SELECT assignment become SELECTs of the values") {
  auto r = translate_batch(
      "DECLARE @since date = '2024-01-01', @n int; SET @n += 2; "
      "SELECT @n = COUNT(*) FROM dbo.Orders WHERE OrderDate >= @since",
      test_context());
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 3);
  CHECK((*r)[0].kind == StatementKind::kDeclare);
  CHECK((*r)[0].targets == std::vector<std::string>{"@since", "@n"});
  CHECK((*r)[0].sqlite_sql == "SELECT tds_cast(('2024-01-01'), 'date'), NULL");
  CHECK((*r)[1].kind == StatementKind::kAssign);
  CHECK((*r)[1].targets == std::vector<std::string>{"@n"});
  CHECK((*r)[1].sqlite_sql == "SELECT tds_cast((tds_add(@n, (2))), 'int')");
  CHECK((*r)[2].kind == StatementKind::kAssign);
  CHECK((*r)[2].sqlite_sql ==
        "SELECT tds_cast((COUNT(*)), 'int') FROM \"Orders\" WHERE OrderDate >= @since");
}

TEST_CASE("names as written are kept for error messages") {
  auto r =
      translate_batch("SELECT * FROM [dbo].[Nope] n JOIN sales.Gone g ON g.id = n.id, DemoDB.dbo.X",
                      test_context());
  REQUIRE(r.is_ok());
  const std::vector<std::pair<std::string, std::string>> want = {
      {"Nope", "dbo.Nope"}, {"sales.Gone", "sales.Gone"}, {"X", "DemoDB.dbo.X"}};
  CHECK((*r)[0].written_names == want);
}

TEST_CASE("WAITFOR DELAY text") {
  CHECK(*parse_delay("00:00:05") == 5000);
  CHECK(*parse_delay("00:01") == 60000);
  CHECK(*parse_delay("01:00:00.250") == 3600250);
  CHECK(parse_delay("5 seconds").status().message() == "Incorrect syntax near '5 seconds'.");
}

}  // namespace
}  // namespace gw::tdsdev

namespace gw::tdsdev {
namespace {

TEST_CASE("session statements: sp_set_session_context, EXECUTE AS USER, REVERT") {
  auto r = translate_batch(
      "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'o''brien'; "
      "EXECUTE sp_set_session_context N'k', NULL, 1; "
      "EXECUTE AS USER = N'alice_db' WITH COOKIE INTO @c; REVERT WITH COOKIE = @c; REVERT",
      TranslateContext{});
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 5);
  for (const auto& t : *r) CHECK(t.kind == StatementKind::kSession);
  CHECK((*r)[0].session.key == "mcp.user");
  CHECK((*r)[0].session.value == std::optional<std::string>("o'brien"));
  CHECK_FALSE((*r)[0].session.read_only);
  CHECK((*r)[1].session.value == std::nullopt);
  CHECK((*r)[1].session.read_only);
  CHECK((*r)[2].session.kind == SessionStatement::kExecuteAs);
  CHECK((*r)[2].session.user == "alice_db");
  CHECK((*r)[2].session.cookie_variable == "@c");
  CHECK((*r)[3].session.cookie_variable == "@c");
  CHECK((*r)[4].session.cookie_variable.empty());
  for (const char* bad : {"EXEC sp_set_session_context @key = N'k'",
                          "EXECUTE AS USER = N'x' WITH COOKIE", "REVERT WITH COOKIE"}) {
    CAPTURE(bad);
    auto e = translate_batch(bad, TranslateContext{});
    REQUIRE_FALSE(e.is_ok());
    CHECK(e.status().message().rfind("Incorrect syntax near", 0) == 0);
  }
  CHECK(translate_batch("EXEC dbo.usp_Report", TranslateContext{}).status().message() ==
        "EXEC is not supported by tds-devserver.");
}

TEST_CASE("SessionContext: read-only keys, cookies") {
  SessionContext c("gateway", "writer");
  CHECK(c.set("MCP.User", std::string("alice"), false).is_ok());
  CHECK(c.get("mcp.user") == std::optional<std::string>("alice"));
  CHECK(c.set("mcp.user", std::string("x"), true).is_ok());
  CHECK(c.set("mcp.user", std::string("y"), false).message() ==
        "Cannot set key 'mcp.user' in the session context. The key has been set as read_only "
        "for this session.");
  const std::string cookie = c.execute_as("alice_db", true);
  CHECK(cookie.size() == 8);
  CHECK(c.current_user() == "alice_db");
  CHECK_FALSE(c.revert(std::nullopt).is_ok());
  CHECK_FALSE(c.revert(std::string("12345678")).is_ok());
  CHECK(c.current_user() == "alice_db");
  CHECK(c.revert(cookie).is_ok());
  CHECK(c.current_user() == "writer");
  c.reset();
  CHECK(c.get("mcp.user") == std::nullopt);
}

}  // namespace
}  // namespace gw::tdsdev
