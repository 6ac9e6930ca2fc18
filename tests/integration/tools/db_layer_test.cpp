// The database layer against a real tds-devserver: exact value encoding, result sets, messages, and per-connection
// routing of errors under concurrency.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "db/result_collector.h"
#include "scope_fixture.h"
#include "tools/guarded_batches.h"

namespace gw::testing {
namespace {

nlohmann::json first_set(const mcp::ToolOutcome& outcome) { return outcome.structured_json()["resultSets"][0]; }

TEST_CASE("execute_sql encodes every SQL Server type exactly") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false));
  scope.exec(
      "CREATE TABLE GwTypes (d DECIMAL(10,2), m MONEY, b BIGINT, dt DATETIME, d2 DATETIME2(3), "
      "dto DATETIMEOFFSET, da DATE, t TIME, bin VARBINARY(10), g UNIQUEIDENTIFIER, bt BIT, r REAL, f FLOAT, "
      "vc VARCHAR(20), nv NVARCHAR(100), si SMALLINT, ti TINYINT, i INT)");
  scope.exec(
      "INSERT INTO GwTypes VALUES (12345678.91, 12.3456, 9007199254740993, '2024-01-15 10:30:00.123', "
      "'2024-01-15 10:30:00.123', '2024-01-15 10:30:00.1234567 +02:00', '2024-01-15', '10:30:00.1234567', "
      "0x0102FF, '6F9619FF-8B86-D011-B42D-00C04FC964FF', 1, 0.1, 0.1, 'abc', N'Zoë 東京 🎉', -5, 255, 2147483647)");
  scope.exec("INSERT INTO GwTypes (d) VALUES (NULL)");

  const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", "SELECT * FROM GwTypes"}});
  REQUIRE_FALSE(out.is_error);
  const nlohmann::json set = first_set(out);
  const std::vector<std::pair<std::string, std::string>> columns = {
      {"d", "decimal(10,2)"}, {"m", "money"}, {"b", "bigint"}, {"dt", "datetime"}, {"d2", "datetime2(3)"},
      {"dto", "datetimeoffset(7)"}, {"da", "date"}, {"t", "time(7)"}, {"bin", "varbinary(10)"},
      {"g", "uniqueidentifier"}, {"bt", "bit"}, {"r", "real"}, {"f", "float"}, {"vc", "varchar(20)"},
      {"nv", "nvarchar(100)"}, {"si", "smallint"}, {"ti", "tinyint"}, {"i", "int"}};
  REQUIRE(set["columns"].size() == columns.size());
  for (std::size_t k = 0; k < columns.size(); ++k) {
    CHECK(set["columns"][k]["name"] == columns[k].first);
    CHECK(set["columns"][k]["type"] == columns[k].second);
  }
  CHECK(set["rows"][0] == nlohmann::json::parse(R"([
      "12345678.91", "12.3456", "9007199254740993", "2024-01-15T10:30:00.123", "2024-01-15T10:30:00.123",
      "2024-01-15T10:30:00.1234567+02:00", "2024-01-15", "10:30:00.1234567", "AQL/",
      "6F9619FF-8B86-D011-B42D-00C04FC964FF", true, 0.1, 0.1, "abc", "Zoë 東京 🎉", -5, 255, 2147483647])"));
  for (const nlohmann::json& v : set["rows"][1]) CHECK(v.is_null());
  CHECK(set["rowCount"] == 2);
  // The text block mirrors structuredContent exactly.
  CHECK(nlohmann::json::parse(TestScope::text(out)) == out.structured_json());
}

TEST_CASE("execute_sql returns every result set, DML row counts and PRINT messages") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false));
  scope.exec("CREATE TABLE GwItems (ID INT PRIMARY KEY, Name NVARCHAR(50))");
  const mcp::ToolOutcome out = scope.call(
      "execute_sql",
      {{"query",
        "INSERT INTO GwItems VALUES (1, N'a'), (2, N'b'), (3, N'c');\nPRINT 'inserted';\n"
        "UPDATE GwItems SET Name = N'z' WHERE ID >= 2;\nSELECT ID, Name FROM GwItems ORDER BY ID;\n"
        "SELECT COUNT(*) AS n FROM GwItems"}});
  REQUIRE_FALSE(out.is_error);
  const nlohmann::json& s = out.structured_json();
  CHECK(s["rowsAffected"] == nlohmann::json::parse("[3, 2]"));
  CHECK(s["messages"] == nlohmann::json::parse(R"(["inserted"])"));
  REQUIRE(s["resultSets"].size() == 2);
  CHECK(s["resultSets"][0]["rows"] == nlohmann::json::parse(R"([[1,"a"],[2,"z"],[3,"z"]])"));
  CHECK(s["resultSets"][1]["columns"][0]["name"] == "n");
  CHECK(s["resultSets"][1]["rows"][0][0] == 3);
  CHECK(s["truncated"] == false);
  CHECK(s["truncatedReason"].is_null());
}

TEST_CASE("a SQL Server error is a tool error with its number, line and message") {
  DevServer server;
  for (bool read_only : {false, true}) {
    CAPTURE(read_only);
    TestScope scope(server, test_settings("s", read_only));
    const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", "SELECT 1 AS one;\nSELECT * FROM Nope"}});
    CHECK(out.is_error);
    CHECK(TestScope::text(out) ==
          "SQL Server error 208 (severity 16, state 1, line 2): Invalid object name 'Nope'.");
    // The connection is fine afterwards.
    CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  }
}

TEST_CASE("a failed query's Status carries SQL Server's number, severity, state and line") {
  DevServer server;
  TestScope scope(server, test_settings("s", true));
  db::ResultCollector sink(db::ResultLimits{10, 1 << 16});
  const Status status = scope.pool().execute("SELECT 1 AS one;\nSELECT * FROM Nope", {}, sink);
  CHECK(status.code() == StatusCode::kInvalidArgument);
  REQUIRE(status.sql_server_error() != nullptr);
  CHECK(*status.sql_server_error() == SqlServerError{208, 16, 1, 2});
  CHECK(gw::invalid_argument("SQL Server error 208 (severity 16, state 1, line 2): x").sql_server_error() ==
        nullptr);  // the reason is set where the error arrives, never parsed out of a message
}

TEST_CASE("the read-only guard rolls back whatever runs inside it") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false));
  scope.exec("CREATE TABLE GwGuard (ID INT)");
  // What execute_sql sends for a read-only scope, with a write the classifier would have refused.
  auto lease = scope.pool().acquire();
  REQUIRE(lease.is_ok());
  db::ResultCollector sink({10, 10'000});
  CHECK((*lease)->execute(std::string(tools::kGuardPrefix) + "INSERT INTO GwGuard VALUES (1)", {}, sink).is_ok());
  CHECK((*lease)->execute(tools::kGuardRollback, {}, sink).is_ok());
  db::ResultCollector count({10, 10'000});
  CHECK((*lease)->execute("SELECT COUNT(*) FROM GwGuard", {}, count).is_ok());
  CHECK(count.result_sets()[0]["rows"][0][0] == 0);
}

TEST_CASE("read-only execute_sql leaves no transaction open, whatever the outcome") {
  DevServer server;
  tools::ToolSettings settings = test_settings("ro", true);
  settings.max_rows = 2;
  TestScope scope(server, settings, {1, 2000});
  const auto trancount = [&] {
    db::ResultCollector sink({1, 1000});
    REQUIRE(scope.pool().execute("SELECT @@TRANCOUNT AS n", {}, sink).is_ok());
    return sink.result_sets()[0]["rows"][0][0].get<int>();
  };
  CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1 AS one"}}).is_error);  // ran to its end
  CHECK(trancount() == 0);
  const mcp::ToolOutcome capped = scope.call(
      "execute_sql", {{"query", "WITH n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 50) "
                                "SELECT i FROM n"}});
  CHECK(capped.structured_json()["truncated"] == true);  // stopped early: the separate ROLLBACK ran
  CHECK(trancount() == 0);
  CHECK(scope.call("execute_sql", {{"query", "SELECT * FROM Nope"}}).is_error);
  CHECK(trancount() == 0);
  CHECK(scope.pool().counters().opened_total == 1);
}

TEST_CASE("connections ask for 16,383-byte TDS packets, and results of many packets arrive whole") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false));
  // 30 x 30 rows: a recursive CTE stops at 100 levels unless told otherwise (MAXRECURSION).
  const mcp::ToolOutcome out = scope.call(
      "execute_sql", {{"query", "WITH n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 30) "
                                "SELECT a.i * 100 + b.i AS v, '" + std::string(40, 'x') + "' AS pad "
                                "FROM n AS a CROSS JOIN n AS b"}});
  INFO(TestScope::text(out));
  REQUIRE_FALSE(out.is_error);
  const nlohmann::json set = first_set(out);
  REQUIRE(set["rows"].size() == 900);  // about 50 KiB of rows: several packets of either size
  std::set<int> values;
  for (const nlohmann::json& row : set["rows"]) values.insert(row[0].get<int>());
  CHECK(values.size() == 900);
  CHECK(set["rows"][0][1] == std::string(40, 'x'));
  // The devserver logs what each login asked for and what it granted (MS-TDS 2.2.7.9 ENVCHANGE).
  CHECK(server.log_text().find("packet size 16383 (asked 16383)") != std::string::npos);
}

TEST_CASE("concurrent queries on many threads never mix their errors") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false), {4, 10'000});
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string table = "Missing_" + std::to_string(t) + "_" + std::to_string(i);
        const mcp::ToolOutcome bad = scope.call("execute_sql", {{"query", "SELECT * FROM " + table}});
        if (!bad.is_error || TestScope::text(bad).find("'" + table + "'") == std::string::npos) ++wrong;
        const mcp::ToolOutcome good =
            scope.call("execute_sql", {{"query", "SELECT " + std::to_string(t * 1000 + i) + " AS v"}});
        if (good.is_error || first_set(good)["rows"][0][0] != t * 1000 + i) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
  const db::PoolCounters c = scope.pool().counters();
  CHECK(c.size <= 4);
  CHECK(c.in_use == 0);
  CHECK(c.broken_total == 0);
}

}  // namespace
}  // namespace gw::testing
