// Who asks, in which database, in how large a catalog: the session context, impersonation, extra
// databases and the paged catalog tools, against real tds-devserver processes through FreeTDS.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "db/result_collector.h"
#include "scope_fixture.h"

namespace gw::testing {
namespace {

// Started once for the program: DemoDB and ArchiveDB (both with the demo rows), and a server whose
// DemoDB lists 20,000 generated tables besides the demo's.
DevServer& two_databases() {
  static DevServer server({"--demo", "--database", "DemoDB", "--db", "@DIR@/archive.sqlite",
                           "--database", "ArchiveDB"});
  return server;
}
DevServer& large_catalog() {
  static DevServer server({"--demo", "--generate-catalog", "20000"});
  return server;
}

mcp::ToolCallContext caller(const std::string& user, const std::string& client = "claude") {
  mcp::ToolCallContext context;
  context.scope_name = "who";
  context.user = user;
  context.client_id = client;
  return context;
}

// The first row of the first result set of an execute_sql call; REQUIREs success.
nlohmann::json first_row(TestScope& scope, const std::string& query, mcp::ToolCallContext context,
                         nlohmann::json arguments = nlohmann::json::object()) {
  arguments["query"] = query;
  const mcp::ToolOutcome out = scope.call("execute_sql", arguments, context);
  INFO(TestScope::text(out));
  REQUIRE_FALSE(out.is_error);
  REQUIRE_FALSE(out.structured_json()["resultSets"].empty());
  REQUIRE_FALSE(out.structured_json()["resultSets"][0]["rows"].empty());
  return out.structured_json()["resultSets"][0]["rows"][0];
}

// What the pooled connection says, outside any tool (the fixture's raw path).
std::string raw_scalar(db::Pool& pool, const std::string& sql) {
  db::ResultCollector sink({10, 10'000});
  REQUIRE(pool.execute(sql, {}, sink).is_ok());
  const nlohmann::json& v = sink.result_sets().at(0)["rows"][0][0];
  return v.is_null() ? "NULL" : v.get<std::string>();
}

constexpr const char* kContextQuery =
    "SELECT SESSION_CONTEXT(N'mcp.user') AS u, SESSION_CONTEXT(N'mcp.client') AS c, "
    "SESSION_CONTEXT(N'mcp.scope') AS s";

TEST_CASE("session context: SQL sees who asks, and the next caller on the pooled connection") {
  for (const bool read_only : {true, false}) {
    CAPTURE(read_only);
    TestScope scope(two_databases(), test_settings("who", read_only), {1, 5000});
    CHECK(first_row(scope, kContextQuery, caller("alice", "claude")) ==
          nlohmann::json::array({"alice", "claude", "who"}));
    CHECK(first_row(scope, kContextQuery, caller("bob", "chatgpt")) ==
          nlohmann::json::array({"bob", "chatgpt", "who"}));
    // Between calls the pooled connection carries no identity: the batch cleared it.
    CHECK(raw_scalar(scope.pool(), "SELECT SESSION_CONTEXT(N'mcp.user')") == "NULL");
    // A batch that fails half-way never reaches its clearing statements: they follow in a batch
    // of their own.
    mcp::ToolCallContext alice = caller("alice");
    const mcp::ToolOutcome failed = scope.call(
        "execute_sql", {{"query", "SELECT 1 AS one; SELECT * FROM dbo.NoSuchTable"}}, alice);
    CHECK(failed.is_error);
    CHECK(raw_scalar(scope.pool(), "SELECT SESSION_CONTEXT(N'mcp.user')") == "NULL");
    // So does one cut short by the row cap (its rows are still an answer).
    mcp::ToolCallContext bob = caller("bob");
    const mcp::ToolOutcome capped =
        scope.call("execute_sql", {{"query", "SELECT OrderDetailID FROM dbo.OrderDetails"}}, bob);
    CHECK(capped.structured_json()["truncated"] == true);
    CHECK(raw_scalar(scope.pool(), "SELECT SESSION_CONTEXT(N'mcp.user')") == "NULL");
    CHECK(first_row(scope, kContextQuery, caller("", "")) ==
          nlohmann::json::array({nullptr, nullptr, "who"}));
    CHECK(scope.pool().counters().opened_total == 1);  // all on one pooled connection
    // The audit log names the user and the client of each call.
    std::ifstream audit(scope.audit_path());
    const std::string log((std::istreambuf_iterator<char>(audit)),
                          std::istreambuf_iterator<char>());
    CHECK(log.find("\"client_id\":\"chatgpt\",\"user\":\"bob\"") != std::string::npos);
  }
}

TEST_CASE("session context: read-only user SQL cannot change it; read-write SQL can (advisory)") {
  TestScope ro(two_databases(), test_settings("who", true), {1, 5000});
  mcp::ToolCallContext alice = caller("alice");
  const mcp::ToolOutcome refused = ro.call(
      "execute_sql",
      {{"query", "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'mallory'"}},
      alice);
  CHECK(refused.is_error);
  CHECK(TestScope::text(refused).find("EXEC") != std::string::npos);

  TestScope rw(two_databases(), test_settings("who", false), {1, 5000});
  CHECK(first_row(rw,
                  "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'mallory'; " +
                      std::string(kContextQuery),
                  caller("alice"))[0] == "mallory");
  CHECK(first_row(rw, kContextQuery, caller("bob"))[0] == "bob");
  // A key locked @read_only = 1 would pin the identity to the connection: the call's own clearing
  // fails (error 15664), the call is an error and its connection is closed; the next is clean.
  const mcp::ToolOutcome locked = rw.call(
      "execute_sql",
      {{"query",
        "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'mallory', @read_only = 1"}},
      alice);
  CHECK(locked.is_error);
  CHECK(TestScope::text(locked).find("SQL Server error 15664") != std::string::npos);
  CHECK(first_row(rw, kContextQuery, caller("bob"))[0] == "bob");
  CHECK(rw.pool().counters().opened_total == 2);
}

TEST_CASE("impersonation: EXECUTE AS USER WITH COOKIE, reverted before the connection is pooled") {
  for (const bool read_only : {true, false}) {
    CAPTURE(read_only);
    tools::ToolSettings settings = test_settings("who", read_only);
    settings.impersonate = true;
    settings.database_users = {{"alice", "alice_db"}, {"bob", "bob_db"}};
    settings.max_rows = 5;
    TestScope scope(two_databases(), settings, {1, 5000});
    CHECK(first_row(scope, "SELECT USER_NAME() AS u, ORIGINAL_LOGIN() AS l", caller("alice")) ==
          nlohmann::json::array({"alice_db", "gateway"}));
    // Reverted: the same pooled connection is the login again, and the devserver saw both.
    CHECK(raw_scalar(scope.pool(), "SELECT USER_NAME()") == "writer");
    CHECK(first_row(scope, "SELECT USER_NAME() AS u", caller("bob"))[0] == "bob_db");
    CHECK(scope.pool().counters().opened_total == 1);
    const std::string log = two_databases().log_text();
    CHECK(log.find("EXECUTE AS USER 'alice_db' WITH COOKIE") != std::string::npos);
    CHECK(log.find("REVERT WITH COOKIE to 'writer'") != std::string::npos);

    // A call cut short (here by the row cap) may not have reverted: its connection is closed.
    mcp::ToolCallContext alice = caller("alice");
    const mcp::ToolOutcome capped =
        scope.call("execute_sql", {{"query", "SELECT OrderID FROM dbo.Orders"}}, alice);
    CHECK_FALSE(capped.is_error);
    CHECK(capped.structured_json()["truncated"] == true);
    CHECK(raw_scalar(scope.pool(), "SELECT USER_NAME()") == "writer");
    CHECK(scope.pool().counters().opened_total == 2);

    // A user without a database user is refused, not run as the gateway's login.
    mcp::ToolCallContext carol = caller("carol");
    const mcp::ToolOutcome refused = scope.call("execute_sql", {{"query", "SELECT 1 AS x"}}, carol);
    CHECK(refused.is_error);
    CHECK(TestScope::text(refused) ==
          "scope \"who\" runs each call as the signed-in user's database user, and user \"carol\" "
          "has none (oauth.users[].database_user)");
  }
}

TEST_CASE("impersonation: user SQL cannot leave the context or keep it") {
  tools::ToolSettings settings = test_settings("who", false);
  settings.impersonate = true;
  settings.database_users = {{"alice", "alice_db"}};
  TestScope scope(two_databases(), settings, {1, 5000});
  mcp::ToolCallContext alice = caller("alice");
  const mcp::ToolOutcome revert = scope.call("execute_sql", {{"query", "REVERT"}}, alice);
  CHECK(revert.is_error);
  CHECK(TestScope::text(revert).find("SQL Server error 15196") != std::string::npos);
  CHECK(raw_scalar(scope.pool(), "SELECT USER_NAME()") == "writer");
  CHECK(first_row(scope, "SELECT USER_NAME() AS u", caller("alice"))[0] == "alice_db");
}

TEST_CASE("extra databases: the database argument picks a pool of its own") {
  tools::ToolSettings settings = test_settings("who", true);
  settings.other_databases = {"ArchiveDB"};
  settings.confine = true;
  TestScope scope(two_databases(), settings, {2, 5000});
  CHECK(scope.tool("execute_sql").descriptor()["inputSchema"]["properties"]["database"]["enum"] ==
        nlohmann::json::array({"DemoDB", "ArchiveDB"}));
  CHECK(first_row(scope, "SELECT DB_NAME() AS d", caller("alice"))[0] == "DemoDB");
  CHECK(first_row(scope, "SELECT DB_NAME() AS d", caller("alice"),
                  {{"database", "archivedb"}})[0] == "ArchiveDB");
  CHECK(scope.pool().counters().opened_total == 1);
  CHECK(scope.extra_pool(0).counters().opened_total == 1);

  mcp::ToolCallContext alice = caller("alice");
  const mcp::ToolOutcome tables =
      scope.call("list_tables", {{"database", "ArchiveDB"}, {"limit", 3}}, alice);
  REQUIRE_FALSE(tables.is_error);
  CHECK(tables.structured_json()["count"] == 3);
  const mcp::ToolOutcome unknown =
      scope.call("execute_sql", {{"query", "SELECT 1 AS x"}, {"database", "Payroll"}}, alice);
  CHECK(TestScope::text(unknown) ==
        "database \"Payroll\" is not one of scope \"who\"'s: DemoDB, ArchiveDB");

  // Three-part names stay confined to the scope's databases.
  const mcp::ToolOutcome other =
      scope.call("execute_sql", {{"query", "SELECT * FROM Payroll.dbo.Salaries"}}, alice);
  CHECK(TestScope::text(other).find("leaves the scope's databases DemoDB, ArchiveDB") !=
        std::string::npos);
  const mcp::ToolOutcome archive = scope.call(
      "execute_sql", {{"query", "SELECT COUNT(*) AS n FROM ArchiveDB.dbo.Customers"}}, alice);
  CHECK(TestScope::text(archive).find("leaves") == std::string::npos);

  const mcp::ToolOutcome listed = scope.call("list_databases", nlohmann::json::object(), alice);
  REQUIRE_FALSE(listed.is_error);
  const nlohmann::json d = listed.structured_json()["databases"];
  REQUIRE(d.size() == 2);
  CHECK(d[0]["name"] == "DemoDB");
  CHECK(d[0]["default"] == true);
  CHECK(d[0]["status"] == "healthy");
  CHECK(d[1]["name"] == "ArchiveDB");
  CHECK(d[1]["status"] == "healthy");
}

TEST_CASE("a 20,000-table catalog: list_tables and search_objects page within the budget") {
  TestScope scope(large_catalog(), test_settings("big", true), {1, 60000});
  mcp::ToolCallContext alice = caller("alice");
  const mcp::ToolOutcome first = scope.call("list_tables", nlohmann::json::object(), alice);
  REQUIRE_FALSE_MESSAGE(first.is_error, TestScope::text(first));
  const std::int64_t total = first.structured_json()["total"];
  CHECK(total >= 20000);
  CHECK(first.structured_json()["count"] == 200);
  CHECK(first.content[0]["text"].get<std::string>().size() < 100'000);
  // Every page, by cursor, covers the catalog once, in order.
  std::int64_t seen = 0;
  std::string previous;
  nlohmann::json cursor = nullptr;
  int pages = 0;
  do {
    nlohmann::json arguments = {{"limit", 1000}};
    if (!cursor.is_null()) arguments["cursor"] = cursor;
    const mcp::ToolOutcome page = scope.call("list_tables", arguments, alice);
    INFO(TestScope::text(page));
    REQUIRE_FALSE(page.is_error);
    const nlohmann::json tables = page.structured_json()["tables"];
    for (const nlohmann::json& t : tables) {
      const std::string name = t["schema"].get<std::string>() + "." + t["name"].get<std::string>();
      CHECK(previous < name);
      previous = name;
      ++seen;
    }
    cursor = page.structured_json()["nextCursor"];
    REQUIRE(++pages <= 25);
  } while (!cursor.is_null());
  CHECK(seen == total);

  const mcp::ToolOutcome invoices =
      scope.call("search_objects", {{"pattern", "invoice"}, {"kinds", {"table"}}}, alice);
  REQUIRE_FALSE(invoices.is_error);
  CHECK(invoices.structured_json()["total"] == 2000);
  CHECK(invoices.structured_json()["count"] == 50);
  CHECK(invoices.structured_json()["matches"][0]["qualifiedName"] == "dbo.Gen00003_Invoice");
  const mcp::ToolOutcome next = scope.call(
      "search_objects",
      {{"pattern", "invoice"}, {"kinds", {"table"}}, {"cursor", invoices.structured_json()["nextCursor"]}},
      alice);
  REQUIRE_FALSE(next.is_error);
  CHECK(next.structured_json()["matches"][0]["qualifiedName"] == "dbo.Gen00503_Invoice");
  const mcp::ToolOutcome reused =
      scope.call("search_objects",
                 {{"pattern", "ledger"}, {"cursor", invoices.structured_json()["nextCursor"]}}, alice);
  CHECK(reused.is_error);

  const mcp::ToolOutcome columns = scope.call(
      "search_objects", {{"pattern", "%invoicecode"}, {"kinds", {"column"}}, {"limit", 2}}, alice);
  REQUIRE_FALSE(columns.is_error);
  CHECK(columns.structured_json()["total"] == 2000);
  const nlohmann::json expected = {
      {"kind", "column"},           {"schema", "dbo"},
      {"name", "Gen00003_Invoice"}, {"column", "InvoiceCode"},
      {"type", "nvarchar(20)"},     {"qualifiedName", "dbo.Gen00003_Invoice.InvoiceCode"}};
  CHECK(columns.structured_json()["matches"][0] == expected);
  // LIKE's wildcards work, its other syntax is literal, case does not matter.
  const auto total_of = [&](const nlohmann::json& arguments) {
    const mcp::ToolOutcome out = scope.call("search_objects", arguments, alice);
    INFO(TestScope::text(out));
    REQUIRE_FALSE(out.is_error);
    return out.structured_json()["total"].get<std::int64_t>();
  };
  CHECK(total_of({{"pattern", "GEN1234%"}, {"kinds", {"table"}}}) == 10);
  CHECK(total_of({{"pattern", "%_customer"}, {"kinds", {"table", "view"}}}) == 2000);
  CHECK(total_of({{"pattern", "[dbo]"}}) == 0);
  CHECK(total_of({{"pattern", "o'brien"}}) == 0);
  const mcp::ToolOutcome described =
      scope.call("describe_table", {{"table_name", "gen12345_shipment"}}, alice);
  REQUIRE_FALSE(described.is_error);
  CHECK(described.structured_json()["name"] == "Gen12345_Shipment");
  CHECK(described.structured_json()["columns"].size() == 3);
  const mcp::ToolOutcome missing =
      scope.call("describe_table", {{"table_name", "Gen12345_Shipmnt"}}, alice);
  CHECK(TestScope::text(missing).find("Did you mean: dbo.Gen12345_Shipment") != std::string::npos);
}

}  // namespace
}  // namespace gw::testing
