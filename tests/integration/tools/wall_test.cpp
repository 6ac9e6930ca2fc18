// The rollback wall's breach detector and scalar variables on read-only scopes, against a real
// tds-devserver through real FreeTDS connections.
#include <doctest/doctest.h>

#include <fstream>

#include "db/result_collector.h"
#include "metrics/registry.h"
#include "scope_fixture.h"

namespace gw::testing {
namespace {

constexpr std::string_view kMarker = "SELECT 'smuggled' AS s";

// Stands in for a classifier bypass (a lexer that splits text differently from the server): the
// query the classifier allowed reaches the server with `payload` in place of kMarker, inside the
// guarded batch, so only the wall stands between it and the database.
class SmugglesText final : public db::ConnectionWrapper {
 public:
  SmugglesText(std::unique_ptr<db::Connection> real, std::string payload)
      : db::ConnectionWrapper(std::move(real)), payload_(std::move(payload)) {}
  Status execute(std::string_view sql, const db::QueryOptions& options,
                 db::RowSink& sink) override {
    std::string text(sql);
    if (const auto at = text.find(kMarker); at != std::string::npos)
      text.replace(at, kMarker.size(), payload_);
    return db::ConnectionWrapper::execute(text, options, sink);
  }

 private:
  std::string payload_;
};

ConnectionWrap smuggle(std::string payload) {
  return [payload](std::unique_ptr<db::Connection> real) -> std::unique_ptr<db::Connection> {
    return std::make_unique<SmugglesText>(std::move(real), payload);
  };
}

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) last = line;
  return last;
}

std::uint64_t breaches(const std::string& scope) {
  return metrics::registry()
      .counter("mcp_gateway_read_only_breaches_total",
               "Read-only calls whose query ended the rolled-back transaction (the wall saw a "
               "commit), by scope.",
               {{"scope", scope}})
      .value();
}

nlohmann::json rows(TestScope& scope, const std::string& sql) {
  const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", sql}});
  REQUIRE_MESSAGE(!out.is_error, TestScope::text(out));
  return out.structured_json()["resultSets"][0]["rows"];
}

TEST_CASE(
    "the wall reports a query that committed through it: tool error, connection closed, audit, "
    "metric") {
  DevServer server;
  TestScope rw(server, test_settings("rw", false));
  rw.exec("CREATE TABLE GwNotes (ID INT PRIMARY KEY, Body NVARCHAR(100))");
  rw.exec("INSERT INTO GwNotes VALUES (1, N'keep me')");
  struct Case {
    const char* name;
    const char* payload;
    const char* detail;
  };
  const Case cases[] = {
      {"COMMIT, write, BEGIN TRANSACTION (a new transaction id)",
       "COMMIT TRANSACTION; UPDATE GwNotes SET Body = N'breached 1' WHERE ID = 1; BEGIN "
       "TRANSACTION",
       "the transaction changed from id "},
      {"COMMIT, write (no transaction left: @@TRANCOUNT 0 and error 3903)",
       "COMMIT TRANSACTION; UPDATE GwNotes SET Body = N'breached 2' WHERE ID = 1",
       "the closing ROLLBACK found no open transaction (error 3903)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string scope_name = std::string("ro-wall-") + std::to_string(&c - cases);
    TestScope ro(server, test_settings(scope_name, true), {4, 2000}, 3, smuggle(c.payload));
    const std::uint64_t before = breaches(scope_name);
    const mcp::ToolOutcome out = ro.call("execute_sql", {{"query", std::string(kMarker)}});
    CHECK(out.is_error);
    const std::string text = TestScope::text(out);
    CHECK(text.rfind("read-only scope: the query ended the read-only transaction (", 0) == 0);
    CHECK(text.find(c.detail) != std::string::npos);
    CHECK(text.find("the connection was closed") != std::string::npos);
    // Detected after the fact: the write is committed (the wall does not prevent).
    CHECK(rows(rw, "SELECT Body FROM GwNotes WHERE ID = 1")[0][0].get<std::string>().rfind(
              "breached", 0) == 0);
    const db::PoolCounters counters = ro.pool().counters();
    CHECK(counters.opened_total == 1);
    CHECK(counters.size == 0);  // discarded, not returned to the pool
    const nlohmann::json audit = nlohmann::json::parse(last_line(ro.audit_path()));
    CHECK(audit["outcome"] == "breach");
    CHECK(audit["query"] == std::string(kMarker));
    CHECK(breaches(scope_name) == before + 1);
  }
}

TEST_CASE(
    "the wall stays quiet when the transaction held: nested BEGIN/COMMIT, errors, plain reads") {
  DevServer server;
  TestScope rw(server, test_settings("rw", false));
  rw.exec("CREATE TABLE GwNotes (ID INT PRIMARY KEY, Body NVARCHAR(100))");
  rw.exec("INSERT INTO GwNotes VALUES (1, N'keep me')");
  // A nested BEGIN/COMMIT only counts @@TRANCOUNT down to 1: the outer ROLLBACK undoes the write.
  TestScope ro(server, test_settings("ro-quiet", true), {4, 2000}, 3,
               smuggle("BEGIN TRANSACTION; UPDATE GwNotes SET Body = N'undone' WHERE ID = 1; "
                       "COMMIT TRANSACTION; "
                       "SELECT Body FROM GwNotes WHERE ID = 1"));
  const std::uint64_t before = breaches("ro-quiet");
  const mcp::ToolOutcome out =
      ro.call("execute_sql", {{"query", std::string(kMarker) + ";\nSELECT 2 AS two"}});
  REQUIRE_MESSAGE(!out.is_error, TestScope::text(out));
  // The wall's readings are not in the result: only the query's own result sets.
  CHECK(out.structured_json()["resultSets"].size() == 2);
  CHECK(out.structured_json()["resultSets"][0]["rows"] == nlohmann::json::parse(R"([["undone"]])"));
  CHECK(out.structured_json()["resultSets"][1]["rows"] == nlohmann::json::parse("[[2]]"));
  CHECK(rows(rw, "SELECT Body FROM GwNotes WHERE ID = 1") ==
        nlohmann::json::parse(R"([["keep me"]])"));
  const mcp::ToolOutcome failed = ro.call("execute_sql", {{"query", "SELECT 1 FROM NoSuchTable"}});
  CHECK(failed.is_error);
  CHECK(TestScope::text(failed).find("Invalid object name") != std::string::npos);
  CHECK(nlohmann::json::parse(last_line(ro.audit_path()))["outcome"] == "error");
  CHECK(breaches("ro-quiet") == before);
  CHECK(ro.pool().counters().opened_total == 1);  // the same connection served every call
}

TEST_CASE(
    "tds-devserver models CURRENT_TRANSACTION_ID(), @@TRANCOUNT and error 3903 as SQL Server "
    "does") {
  DevServer server;
  TestScope rw(server, test_settings("rw", false));
  db::ResultCollector sink({100, 100'000});
  const Status status = rw.pool().execute(
      "SELECT CURRENT_TRANSACTION_ID() AS id, @@TRANCOUNT AS depth;"
      "SELECT CURRENT_TRANSACTION_ID(), @@TRANCOUNT;"
      "BEGIN TRANSACTION; SELECT CURRENT_TRANSACTION_ID(), @@TRANCOUNT;"
      "BEGIN TRANSACTION; SELECT CURRENT_TRANSACTION_ID(), @@TRANCOUNT;"
      "COMMIT TRANSACTION; SELECT CURRENT_TRANSACTION_ID(), @@TRANCOUNT;"
      "COMMIT TRANSACTION; BEGIN TRANSACTION; SELECT CURRENT_TRANSACTION_ID(), @@TRANCOUNT;"
      "ROLLBACK TRANSACTION; ROLLBACK TRANSACTION",
      {}, sink);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  REQUIRE(sink.errors().size() == 1);
  CHECK(sink.errors()[0].number == 3903);
  CHECK(sink.errors()[0].text ==
        "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.");
  const nlohmann::json& sets = sink.result_sets();
  REQUIRE(sets.size() == 6);
  CHECK(sets[0]["columns"][0]["type"] == "bigint");
  auto id = [&](int i) { return sets[i]["rows"][0][0]; };
  auto depth = [&](int i) { return sets[i]["rows"][0][1].get<int>(); };
  CHECK(id(0) != id(1));  // autocommit: each statement is its own transaction
  CHECK((depth(0) == 0 && depth(1) == 0));
  CHECK(id(2) == id(3));  // a nested BEGIN keeps the transaction
  CHECK(id(3) == id(4));
  CHECK((depth(2) == 1 && depth(3) == 2 && depth(4) == 1));
  CHECK(id(5) != id(4));  // COMMIT then BEGIN: a new transaction
  CHECK(depth(5) == 1);
}

TEST_CASE("scalar variables run on a read-only scope: DECLARE, SET, SELECT @v = ...") {
  DevServer server({"--demo"});
  TestScope ro(server, test_settings("ro-vars", true));
  const nlohmann::json literal =
      rows(ro, "SELECT COUNT(*) AS n FROM dbo.Orders WHERE OrderDate >= '2024-01-01'");
  CHECK(rows(ro,
             "DECLARE @since date = '2024-01-01';\n"
             "SELECT COUNT(*) AS n FROM dbo.Orders WHERE OrderDate >= @since") == literal);
  CHECK(rows(ro,
             "DECLARE @n int, @label nvarchar(10);\n"
             "SELECT @n = COUNT(*) FROM dbo.Orders WHERE OrderDate >= '2024-01-01';\n"
             "SET @label = N'orders';\n"
             "SELECT @label AS label, @n AS n") ==
        nlohmann::json::array({{"orders", literal[0][0]}}));
  CHECK(rows(ro, "DECLARE @a int = 5; SET @a += 2; SET @a *= 3; SELECT @a AS a") ==
        nlohmann::json::parse("[[21]]"));
  CHECK(rows(ro,
             "DECLARE @x int = 7; SELECT @x = CustomerID FROM dbo.Customers WHERE 1 = 0; SELECT @x "
             "AS x") == nlohmann::json::parse("[[7]]"));  // no row: the variable keeps its value
  const mcp::ToolOutcome undeclared = ro.call("execute_sql", {{"query", "SELECT @nope AS x"}});
  CHECK(undeclared.is_error);
  CHECK(TestScope::text(undeclared).find("Must declare the scalar variable \"@nope\".") !=
        std::string::npos);
  const mcp::ToolOutcome table = ro.call("execute_sql", {{"query", "DECLARE @t TABLE (a int)"}});
  CHECK(TestScope::text(table) ==
        "read-only scope: DECLARE of a table variable is not allowed (statement 1, line 1)");
}

}  // namespace
}  // namespace gw::testing
