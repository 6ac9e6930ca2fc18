#include "db/login_privileges.h"

#include <doctest/doctest.h>

namespace gw::db {
namespace {

// The four result sets as ResultCollector builds them (only "rows" is read).
nlohmann::json sets(nlohmann::json roles, nlohmann::json database, nlohmann::json schemas,
                    nlohmann::json grants) {
  return nlohmann::json::array({{{"rows", nlohmann::json::array({roles})}},
                                {{"rows", database}},
                                {{"rows", schemas}},
                                {{"rows", grants}}});
}

TEST_CASE("write_findings: a login that can only read finds nothing") {
  const auto found = write_findings(
      sets({0, 0, 0, 0, 0, "reader"},
           nlohmann::json::parse(R"([["CONNECT"], ["SELECT"], ["VIEW DEFINITION"]])"),
           nlohmann::json::parse(R"([["dbo", 0, 0, 0, 0, 0, 0, 0]])"),
           nlohmann::json::parse(R"([["SELECT", "SCHEMA", "dbo", "reader"],
                                                    ["CONNECT", "DATABASE", "DemoDB", "reader"]])")));
  REQUIRE(found.is_ok());
  CHECK(found->empty());
}

TEST_CASE("write_findings: every level that can write is named") {
  const auto found = write_findings(sets(
      {1, 1, 1, 1, 1, "dbo"},
      nlohmann::json::parse(R"([["CONNECT"], ["INSERT"], ["CREATE TABLE"], ["ALTER ANY SCHEMA"],
                                ["TAKE OWNERSHIP"], ["SELECT"]])"),
      nlohmann::json::parse(R"([["dbo", 1, 0, 0, 0, 1, 0, 0], ["sales", 0, 0, 0, 0, 0, 1, 1]])"),
      nlohmann::json::parse(R"([["EXECUTE", "SCHEMA", "dbo", "app_writers"],
                                ["UPDATE", "OBJECT_OR_COLUMN", "dbo.Orders", "public"],
                                ["SELECT", "SCHEMA", "dbo", "reader"]])")));
  REQUIRE(found.is_ok());
  const std::vector<std::string> want = {
      "server role sysadmin",
      "server permission CONTROL SERVER",
      "database role db_owner",
      "owns the database (user dbo)",
      "database role db_datawriter",
      "database role db_ddladmin",
      "database permission INSERT",
      "database permission CREATE TABLE",
      "database permission ALTER ANY SCHEMA",
      "database permission TAKE OWNERSHIP",
      "schema dbo: INSERT",
      "schema dbo: EXECUTE",
      "schema sales: CONTROL",
      "schema sales: TAKE OWNERSHIP",
      "grant EXECUTE on SCHEMA dbo to app_writers",
      "grant UPDATE on OBJECT_OR_COLUMN dbo.Orders to public",
  };
  CHECK(*found == want);
}

TEST_CASE("write_findings: results of the wrong shape are an error, not a verdict") {
  CHECK(write_findings(nlohmann::json::array()).status().message() ==
        "login check: expected 4 result sets, got 0");
  CHECK(write_findings(
            sets({0, 0}, nlohmann::json::array(), nlohmann::json::array(), nlohmann::json::array()))
            .status()
            .message() == "login check: the role query did not return one row of 6 columns");
  CHECK(write_findings(sets({0, 0, 0, 0, 0, "u"}, nlohmann::json::array(),
                            nlohmann::json::parse(R"([["dbo", 1]])"), nlohmann::json::array()))
            .status()
            .message() == "login check: the schema query returned a row of the wrong width");
}

}  // namespace
}  // namespace gw::db
