#include "sql/confinement.h"

#include <doctest/doctest.h>

namespace gw::sql {
namespace {

// The verdict on the name that starts the text.
std::optional<std::string> verdict(std::string_view text) {
  auto tokens = lex(text);
  REQUIRE(tokens.is_ok());
  return confinement_violation(*tokens, 0, "DemoDB");
}

TEST_CASE("confinement_violation: names that stay in the scope's database pass") {
  for (const char* name : {"Orders", "dbo.Orders", "[dbo].[Orders]", "DemoDB.dbo.Orders",
                           "[demodb].[dbo].[Orders]", "\"DEMODB\".dbo.Orders", "demodb..Orders",
                           "sys.objects", "o.*", "t.XmlCol.value('x', 'int')",
                           "t.XmlCol.nodes('/a')", "[sp_name]", "sp_help_col", "OrderID"}) {
    CAPTURE(name);
    CHECK_FALSE(verdict(name).has_value());
  }
}

TEST_CASE("confinement_violation: names that leave it are refused, with the name as written") {
  const std::pair<const char*, const char*> cases[] = {
      {"OtherDb.dbo.Orders",
       "name OtherDb.dbo.Orders leaves the scope's database DemoDB (name objects with one or two "
       "parts)"},
      {"[Other DB].[dbo].[T]",
       "name Other DB.dbo.T leaves the scope's database DemoDB (name objects with one or two "
       "parts)"},
      {"master..syscomments",
       "name master..syscomments leaves the scope's database DemoDB (name objects with one or two "
       "parts)"},
      {"dbo.Orders.OrderID",
       "name dbo.Orders.OrderID leaves the scope's database DemoDB (name objects with one or two "
       "parts)"},
      {"OtherDb.dbo.fn(1)",
       "name OtherDb.dbo.fn leaves the scope's database DemoDB (name objects with one or two "
       "parts)"},
      {"Srv.DemoDB.dbo.Orders",
       "four-part name Srv.DemoDB.dbo.Orders is not allowed (linked servers)"},
      {"sys.fn_dblog(NULL, NULL)", "server-level object sys.fn_dblog is not allowed"},
      {"fn_dblog(NULL, NULL)", "server-level object fn_dblog is not allowed"},
      {"[sys].[server_principals]", "server-level object sys.server_principals is not allowed"},
      {"SYS.SQL_LOGINS", "server-level object SYS.SQL_LOGINS is not allowed"},
      {"master.sys.sql_logins", "server-level object master.sys.sql_logins is not allowed"},
      {"sys.dm_os_enumerate_filesystem('C:\\', '*')",
       "server-level object sys.dm_os_enumerate_filesystem is not allowed"},
      {"sys.dm_os_file_exists('C:\\x')",
       "server-level object sys.dm_os_file_exists is not allowed"},
      {"sys.fn_xe_file_target_read_file('x', NULL, NULL, NULL)",
       "server-level object sys.fn_xe_file_target_read_file is not allowed"},
      {"sys.fn_get_audit_file('x', NULL, NULL)",
       "server-level object sys.fn_get_audit_file is not allowed"},
      {"sys.fn_trace_gettable('x', 1)", "server-level object sys.fn_trace_gettable is not allowed"},
      {"sys.fn_dump_dblog(NULL)", "server-level object sys.fn_dump_dblog is not allowed"},
      {"sys.servers", "server-level object sys.servers is not allowed"},
      {"[xp_cmdshell]('dir')", "procedure xp_cmdshell is not allowed"},
      {"master.sys.[sp_who]", "procedure master.sys.sp_who is not allowed"},
  };
  for (const auto& entry : cases) {
    const auto& [name, message] = entry;
    CAPTURE(entry.first);
    const auto v = verdict(name);
    REQUIRE(v.has_value());
    CHECK(*v == message);
  }
}

}  // namespace
}  // namespace gw::sql

namespace gw::sql {
namespace {

TEST_CASE("confinement_violation: a scope's extra databases may be named, no others") {
  const std::vector<std::string> others = {"ArchiveDB", "Staging"};
  const auto verdict_with = [&](std::string_view text) {
    auto tokens = lex(text);
    REQUIRE(tokens.is_ok());
    return confinement_violation(*tokens, 0, "DemoDB", others);
  };
  for (const char* name : {"DemoDB.dbo.Orders", "archivedb.dbo.Orders", "[Staging]..[Load]"}) {
    CAPTURE(name);
    CHECK_FALSE(verdict_with(name).has_value());
  }
  CHECK(verdict_with("Payroll.dbo.Salaries") ==
        "name Payroll.dbo.Salaries leaves the scope's databases DemoDB, ArchiveDB, Staging");
  CHECK(verdict_with("Srv.ArchiveDB.dbo.T") ==
        "four-part name Srv.ArchiveDB.dbo.T is not allowed (linked servers)");
}

}  // namespace
}  // namespace gw::sql
