#include "tools/write_access.h"

#include <doctest/doctest.h>

namespace gw::tools {

TEST_CASE("call_may_write: only execute_sql on a read-write scope with SQL that is not a query") {
  ToolSettings read_write;
  read_write.read_only = false;
  ToolSettings read_only;
  read_only.read_only = true;
  struct Case {
    const ToolSettings* settings;
    const char* tool;
    nlohmann::json arguments;
    bool writes;
  };
  const Case cases[] = {
      {&read_write, "execute_sql", {{"query", "SELECT 1"}}, false},
      {&read_write, "execute_sql", {{"query", "WITH c AS (SELECT 1 AS x) SELECT x FROM c"}}, false},
      {&read_write, "execute_sql", {{"query", "DELETE FROM dbo.Customers"}}, true},
      {&read_write, "execute_sql", {{"query", "SELECT 1; DROP TABLE dbo.Orders"}}, true},
      {&read_write, "execute_sql", {{"query", "SELECT * INTO dbo.Copy FROM dbo.Orders"}}, true},
      {&read_write, "execute_sql", {{"query", "/* unterminated"}}, true},
      {&read_write, "execute_sql", {{"query", 42}}, false},
      {&read_write, "execute_sql", nlohmann::json::object(), false},
      {&read_write, "execute_sql", nlohmann::json::array(), false},
      {&read_write, "list_tables", {{"query", "DELETE FROM dbo.Customers"}}, false},
      {&read_write, "get_table_sample", {{"table_name", "dbo.Customers"}}, false},
      {&read_only, "execute_sql", {{"query", "DELETE FROM dbo.Customers"}}, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.tool);
    CAPTURE(c.arguments.dump());
    CHECK(call_may_write(*c.settings, c.tool, c.arguments) == c.writes);
  }
}

}  // namespace gw::tools
