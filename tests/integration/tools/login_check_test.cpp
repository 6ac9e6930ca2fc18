// Least privilege, checked against tds-devserver logins of each role (reader, writer, owner).
#include <doctest/doctest.h>

#include <algorithm>

#include "db/freetds_connection.h"
#include "db/login_privileges.h"
#include "db/result_collector.h"
#include "scope_fixture.h"
#include "tools/login_check.h"
#include "tools/scope_tools.h"

namespace gw::testing {
namespace {

const char* const kLogins = "ro:ro-password:reader,own:own-password:owner";

std::unique_ptr<db::Pool> pool_for(const DevServer& server, const std::string& user,
                                   const std::string& password) {
  db::ConnectionSettings c;
  c.host = "127.0.0.1";
  c.port = server.port();
  c.database = "DemoDB";
  c.user = user;
  c.password = Secret(password);
  c.login_timeout_s = 3;
  auto connector = db::FreeTdsConnector::create("login-" + user, c);
  REQUIRE(connector.is_ok());
  return std::make_unique<db::Pool>("login-" + user, std::move(*connector),
                                    db::PoolOptions{2, 2000});
}

bool has(const std::vector<std::string>& found, const std::string& finding) {
  return std::find(found.begin(), found.end(), finding) != found.end();
}

TEST_CASE("the login check finds nothing for a reader, and the reader really cannot write") {
  DevServer server({"--demo", "--login", kLogins});
  auto pool = pool_for(server, "ro", "ro-password");
  const auto found = db::check_login_privileges(*pool, 10'000);
  REQUIRE_MESSAGE(found.is_ok(), found.status().to_string());
  CHECK(found->empty());
  const std::pair<const char*, const char*> writes[] = {
      {"UPDATE Categories SET CategoryName = N'X' WHERE CategoryID = 3",
       "The UPDATE permission was denied on the object 'Categories', database 'DemoDB', schema "
       "'dbo'."},
      {"INSERT INTO sales.Regions (RegionID, RegionName, Country) VALUES (9, N'x', N'y')",
       "The INSERT permission was denied on the object 'Regions', database 'DemoDB', schema "
       "'sales'."},
      {"DELETE FROM OrderDetails",
       "The DELETE permission was denied on the object 'OrderDetails', "
       "database 'DemoDB', schema 'dbo'."},
      {"CREATE TABLE GwNew (a INT)", "CREATE TABLE permission denied in database 'DemoDB'."},
      {"DROP TABLE OrderDetails", "DROP TABLE permission denied in database 'DemoDB'."},
  };
  for (const auto& entry : writes) {
    const auto& [sql, message] = entry;
    CAPTURE(entry.first);
    db::ResultCollector sink({10, 10'000});
    CHECK(pool->execute(sql, {}, sink).code() == StatusCode::kInvalidArgument);
    REQUIRE(sink.errors().size() == 1);
    CHECK(sink.errors()[0].number == (std::string(message).rfind("The ", 0) == 0 ? 229 : 262));
    CHECK(sink.errors()[0].text == message);
  }
  db::ResultCollector read({10, 10'000});
  REQUIRE(pool->execute("SELECT COUNT(*) FROM Categories", {}, read).is_ok());
  CHECK(read.result_sets()[0]["rows"] == nlohmann::json::parse("[[8]]"));
}

TEST_CASE("the login check names what a writer and an owner can write with") {
  DevServer server({"--demo", "--login", kLogins});
  auto writer = pool_for(server, server.user(), server.password());  // the default role: writer
  const auto w = db::check_login_privileges(*writer, 10'000);
  REQUIRE_MESSAGE(w.is_ok(), w.status().to_string());
  for (const char* f :
       {"database role db_datawriter", "database role db_ddladmin", "database permission INSERT",
        "database permission CREATE TABLE", "schema dbo: INSERT", "schema sales: DELETE",
        "grant EXECUTE on SCHEMA dbo to app_writers"}) {
    CAPTURE(f);
    CHECK(has(*w, f));
  }
  CHECK_FALSE(has(*w, "server role sysadmin"));
  auto owner = pool_for(server, "own", "own-password");
  const auto o = db::check_login_privileges(*owner, 10'000);
  REQUIRE_MESSAGE(o.is_ok(), o.status().to_string());
  for (const char* f : {"server role sysadmin", "server permission CONTROL SERVER",
                        "database role db_owner", "owns the database (user dbo)",
                        "database permission CONTROL", "schema dbo: TAKE OWNERSHIP"}) {
    CAPTURE(f);
    CHECK(has(*o, f));
  }
}

config::ScopeConfig scope_config(const DevServer& server, const std::string& user,
                                 const std::string& password, bool require) {
  config::ScopeConfig s;
  s.name = "login-" + user;
  s.path = "/" + s.name;
  s.read_only = true;
  s.database.host = "127.0.0.1";
  s.database.port = server.port();
  s.database.database = "DemoDB";
  s.database.user = user;
  s.database.password = Secret(password);
  s.database.login_timeout_s = 3;
  s.database.require_read_only_login = require;
  return s;
}

mcp::ToolOutcome run_query(tools::ScopeTools& scope, const std::string& sql) {
  mcp::ToolCallContext context;
  context.scope_name = "login";
  for (const auto& tool : scope.tools()) {
    if (tool->descriptor()["name"] == "execute_sql") return tool->call({{"query", sql}}, context);
  }
  FAIL("no execute_sql");
  return {};
}

TEST_CASE(
    "require_read_only_login: a scope whose login can write refuses to serve; a reader serves") {
  DevServer server({"--demo", "--login", kLogins});
  auto audit = tools::AuditLog::disabled();
  const config::ScopeConfig writer_config =
      scope_config(server, server.user(), server.password(), true);
  auto writer = tools::ScopeTools::create(writer_config, *audit);
  REQUIRE(writer.is_ok());
  tools::LoginCheck* check = (*writer)->login_check();
  REQUIRE(check != nullptr);
  // Not verified yet: refused, never served on trust.
  mcp::ToolOutcome out = run_query(**writer, "SELECT 1 AS one");
  CHECK(out.is_error);
  CHECK(TestScope::text(out).find("has not been verified as read-only") != std::string::npos);
  check->run((*writer)->pool(), 10'000);
  CHECK(check->snapshot().verdict == tools::LoginVerdict::kCanWrite);
  out = run_query(**writer, "SELECT 1 AS one");
  CHECK(out.is_error);
  CHECK(TestScope::text(out) ==
        "scope \"login-gateway\" does not serve: its database login can write (database role "
        "db_datawriter), and database.require_read_only_login is set");

  const config::ScopeConfig reader_config = scope_config(server, "ro", "ro-password", true);
  auto reader = tools::ScopeTools::create(reader_config, *audit);
  REQUIRE(reader.is_ok());
  (*reader)->login_check()->run((*reader)->pool(), 10'000);
  CHECK((*reader)->login_check()->snapshot().verdict == tools::LoginVerdict::kReadOnly);
  out = run_query(**reader, "SELECT COUNT(*) AS n FROM Categories");
  REQUIRE_MESSAGE(!out.is_error, TestScope::text(out));
  CHECK(out.structured_json()["resultSets"][0]["rows"] == nlohmann::json::parse("[[8]]"));

  // Without require_read_only_login, a writer's scope serves (health reports it degraded).
  const config::ScopeConfig lenient_config =
      scope_config(server, server.user(), server.password(), false);
  auto lenient = tools::ScopeTools::create(lenient_config, *audit);
  REQUIRE(lenient.is_ok());
  (*lenient)->login_check()->run((*lenient)->pool(), 10'000);
  CHECK((*lenient)->login_check()->snapshot().verdict == tools::LoginVerdict::kCanWrite);
  CHECK_FALSE(run_query(**lenient, "SELECT 1 AS one").is_error);
}

}  // namespace
}  // namespace gw::testing
