// database.confine through execute_sql on a read-only scope, against a real tds-devserver whose login
// can write: only the gateway stands between the query and the data.
#include <doctest/doctest.h>

#include "scope_fixture.h"

namespace gw::testing {
namespace {

TEST_CASE("a confined read-only scope refuses names outside its database and serves its own") {
  DevServer server({"--demo"});
  tools::ToolSettings settings = test_settings("ro-confined", true);
  settings.confine = true;
  settings.database = "DemoDB";
  TestScope ro(server, settings);
  const mcp::ToolOutcome own =
      ro.call("execute_sql", {{"query", "SELECT COUNT(*) AS n FROM [demodb].dbo.Categories"}});
  REQUIRE_MESSAGE(!own.is_error, TestScope::text(own));
  CHECK(own.structured_json()["resultSets"][0]["rows"] == nlohmann::json::parse("[[8]]"));
  const std::pair<const char*, const char*> refused[] = {
      {"SELECT * FROM master.dbo.spt_values",
       "read-only scope: name master.dbo.spt_values leaves the scope's database DemoDB (name "
       "objects with one or two parts) (statement 1, line 1)"},
      {"SELECT name FROM sys.sql_logins",
       "read-only scope: server-level object sys.sql_logins is not allowed (statement 1, line 1)"},
      {"SELECT * FROM Srv.DemoDB.dbo.Categories",
       "read-only scope: four-part name Srv.DemoDB.dbo.Categories is not allowed (linked servers) "
       "(statement 1, line 1)"},
      {"SELECT * FROM fn_dblog(NULL, NULL)",
       "read-only scope: server-level object fn_dblog is not allowed (statement 1, line 1)"},
  };
  for (const auto& entry : refused) {
    const auto& [sql, message] = entry;
    CAPTURE(entry.first);
    const mcp::ToolOutcome out = ro.call("execute_sql", {{"query", sql}});
    CHECK(out.is_error);
    CHECK(TestScope::text(out) == message);
  }
  // Unconfined (database.confine: false), the same three-part name reaches the server.
  tools::ToolSettings open_settings = test_settings("ro-open", true);
  TestScope open(server, open_settings);
  const mcp::ToolOutcome reached =
      open.call("execute_sql", {{"query", "SELECT * FROM master.dbo.spt_values"}});
  CHECK(reached.is_error);
  CHECK(TestScope::text(reached).rfind("SQL Server error", 0) == 0);
}

}  // namespace
}  // namespace gw::testing
