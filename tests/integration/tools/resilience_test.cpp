// Timeouts, cancellation, restarts, isolation between scopes, pool exhaustion and flat memory on big results.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "db/freetds_connection.h"
#include "db/result_collector.h"
#include "scope_fixture.h"

namespace gw::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

TEST_CASE("a timed-out query is cancelled on the server and its connection stays usable") {
  DevServer server;
  tools::ToolSettings settings = test_settings("rw", false);
  settings.query_timeout_ms = 1000;
  TestScope scope(server, settings, {1, 2000});
  const auto start = Clock::now();
  const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", "WAITFOR DELAY '00:00:05'; SELECT 1"}});
  const std::int64_t elapsed = ms_since(start);
  CHECK(out.is_error);
  CHECK(TestScope::text(out) ==
        "the query ran longer than its time limit of 1000 ms and was cancelled on the server");
  CHECK(elapsed < 3500);
  MESSAGE("1000 ms timeout: the call returned after " << elapsed << " ms");
  const mcp::ToolOutcome next = scope.call("execute_sql", {{"query", "SELECT 42 AS answer"}});
  REQUIRE_FALSE(next.is_error);
  CHECK(next.structured_json()["resultSets"][0]["rows"][0][0] == 42);
  const db::PoolCounters c = scope.pool().counters();
  CHECK(c.size == 1);
  CHECK(c.opened_total == 1);  // the same connection served the follow-up
  CHECK(c.broken_total == 0);
}

TEST_CASE("a cancelled call is cancelled on the server and its connection stays usable") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false), {1, 2000});
  mcp::ToolCallContext context;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the query reach the server
    context.cancel->cancel();
  });
  const auto start = Clock::now();
  const mcp::ToolOutcome out =
      scope.call("execute_sql", {{"query", "WAITFOR DELAY '00:00:05'; SELECT 1"}}, context);
  canceller.join();
  const std::int64_t elapsed = ms_since(start);
  CHECK(out.is_error);
  CHECK(TestScope::text(out) == "the query was cancelled by the client");
  CHECK(elapsed < 5000);
  MESSAGE("cancelled at 300 ms: the call returned after " << elapsed << " ms");
  CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  CHECK(scope.pool().counters().opened_total == 1);
  CHECK(scope.pool().counters().broken_total == 0);
}

TEST_CASE("a killed and restarted database is survived: the next call succeeds") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false), {2, 2000}, 2);
  REQUIRE_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  server.kill();
  const mcp::ToolOutcome down = scope.call("execute_sql", {{"query", "SELECT 1"}});
  CHECK(down.is_error);
  CHECK(TestScope::text(down).rfind("cannot connect to database \"DemoDB\" at 127.0.0.1:", 0) == 0);
  CHECK(TestScope::text(down).find(server.password()) == std::string::npos);
  server.restart();
  const mcp::ToolOutcome up = scope.call("execute_sql", {{"query", "SELECT 7 AS seven"}});
  REQUIRE_FALSE(up.is_error);
  CHECK(up.structured_json()["resultSets"][0]["rows"][0][0] == 7);
  CHECK(scope.pool().counters().broken_total >= 1);
}

TEST_CASE("a database killed in the middle of a query: the call fails cleanly, the next one succeeds") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false), {1, 2000}, 2);
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.kill();
  });
  const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", "WAITFOR DELAY '00:00:05'; SELECT 1"}});
  killer.join();
  CHECK(out.is_error);
  CHECK(TestScope::text(out).rfind("the database connection was lost", 0) == 0);
  server.restart();
  CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  CHECK(scope.pool().counters().broken_total == 1);
}

// A connection that reports itself broken after its first query: the pool must drop and replace it.
class BreaksAfterOneQuery final : public db::ConnectionWrapper {
 public:
  using db::ConnectionWrapper::ConnectionWrapper;
  Status execute(std::string_view sql, const db::QueryOptions& options, db::RowSink& sink) override {
    ++queries_;
    return db::ConnectionWrapper::execute(sql, options, sink);
  }
  bool is_broken() override { return queries_ > 0 || db::ConnectionWrapper::is_broken(); }

 private:
  int queries_ = 0;
};

class FaultyConnector final : public db::Connector {
 public:
  explicit FaultyConnector(std::unique_ptr<db::Connector> real) : real_(std::move(real)) {}
  Result<std::unique_ptr<db::Connection>> connect() override {
    Result<std::unique_ptr<db::Connection>> c = real_->connect();
    if (!c) return c.status();
    return std::unique_ptr<db::Connection>(new BreaksAfterOneQuery(std::move(*c)));
  }

 private:
  std::unique_ptr<db::Connector> real_;
};

TEST_CASE("the pool replaces a connection that breaks (fault injected into the real connection)") {
  DevServer server;
  db::ConnectionSettings settings;
  settings.port = server.port();
  settings.database = "DemoDB";
  settings.user = server.user();
  settings.password = Secret(server.password());
  auto real = db::FreeTdsConnector::create("faulty", settings);
  REQUIRE(real.is_ok());
  db::Pool pool("faulty", std::make_unique<FaultyConnector>(std::move(*real)), {2, 1000});
  for (int i = 0; i < 3; ++i) {
    db::ResultCollector sink({10, 10'000});
    CHECK(pool.execute("SELECT 1", {}, sink).is_ok());
    CHECK(sink.result_sets()[0]["rows"][0][0] == 1);
  }
  const db::PoolCounters c = pool.counters();
  CHECK(c.opened_total == 3);
  CHECK(c.broken_total == 3);
  CHECK(c.size == 0);
}

TEST_CASE("a restart between calls is detected on the idle connection") {
  DevServer server;
  TestScope scope(server, test_settings("rw", false), {1, 2000});
  REQUIRE_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  server.restart();
  const mcp::ToolOutcome after = scope.call("execute_sql", {{"query", "SELECT 2 AS two"}});
  REQUIRE_FALSE(after.is_error);
  CHECK(scope.pool().counters().broken_total == 1);
  CHECK(scope.pool().counters().opened_total == 2);
}

TEST_CASE("one scope's hung database does not slow another scope") {
  DevServer hung_server;
  DevServer healthy_server;
  tools::ToolSettings hung_settings = test_settings("hung", false);
  hung_settings.query_timeout_ms = 3000;
  TestScope hung(hung_server, hung_settings, {2, 2000}, 3);
  TestScope healthy(healthy_server, test_settings("healthy", false));
  REQUIRE_FALSE(hung.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  REQUIRE_FALSE(healthy.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
  hung_server.pause();
  std::thread stuck([&] {
    (void)hung.call("execute_sql", {{"query", "SELECT 1"}});   // waits for its query timeout
  });
  std::thread stuck_login([&] {
    mcp::ToolCallContext context;
    (void)hung.call("execute_sql", {{"query", "SELECT 2"}}, context);  // a new login: waits for login timeout
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::int64_t slowest = 0;
  for (int i = 0; i < 20; ++i) {
    const auto start = Clock::now();
    CHECK_FALSE(healthy.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
    slowest = std::max(slowest, ms_since(start));
  }
  stuck.join();
  stuck_login.join();
  hung_server.resume();
  CHECK(slowest < 500);
  MESSAGE("slowest healthy-scope call while the other scope hung: " << slowest << " ms");
}

TEST_CASE("an exhausted pool answers database busy after the acquire timeout") {
  DevServer server;
  TestScope scope(server, test_settings("demo", false), {1, 200});
  auto held = scope.pool().acquire();
  REQUIRE(held.is_ok());
  const auto start = Clock::now();
  const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", "SELECT 1"}});
  CHECK(out.is_error);
  CHECK(TestScope::text(out) ==
        "database busy: all 1 connections of scope \"demo\" stayed in use for 200 ms; try again shortly");
  CHECK(ms_since(start) >= 190);
  CHECK(scope.pool().counters().acquire_timeouts_total == 1);
  held = Result<db::Pool::Lease>(db::Pool::Lease());
  CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
}

TEST_CASE("a million-row result returns the first rows, truncated, with flat memory") {
  DevServer server({"--big-rows", "1000000"});
  TestScope scope(server, test_settings("ro", true));
  // BigTable when the devserver builds it; a generated million rows otherwise.
  const bool big_table = !scope.call("execute_sql", {{"query", "SELECT TOP 1 * FROM BigTable"}}).is_error;
  const std::string query =
      big_table ? "SELECT * FROM BigTable"
                : "WITH n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
                  "SELECT i, 'padding padding padding padding padding' AS pad FROM n";
  (void)scope.call("execute_sql", {{"query", "SELECT 1"}});  // warm up: connection and first allocations
  const long before = peak_rss_kib();
  const auto start = Clock::now();
  for (int i = 0; i < 3; ++i) {
    const mcp::ToolOutcome out = scope.call("execute_sql", {{"query", query}});
    REQUIRE_FALSE(out.is_error);
    CHECK(out.structured_json()["truncated"] == true);
    CHECK(out.structured_json()["resultSets"][0]["rowCount"] == 1000);
  }
  const std::int64_t elapsed = ms_since(start);
  if (big_table) {
    const mcp::ToolOutcome sample = scope.call("get_table_sample", {{"table_name", "BigTable"}, {"limit", 5}});
    if (!sample.is_error) CHECK(sample.structured_json()["rowCount"] == 5);
  }
  const long growth = peak_rss_kib() - before;
  MESSAGE("3 x 1,000,000-row query capped at 1000 rows: " << elapsed << " ms; peak RSS growth " << growth
                                                          << " KiB (BigTable: " << big_table << ")");
  CHECK(growth < 32 * 1024);
  CHECK(elapsed < 10'000);
  CHECK_FALSE(scope.call("execute_sql", {{"query", "SELECT 1"}}).is_error);
}

}  // namespace
}  // namespace gw::testing
