#include "tools/object_search.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

TEST_CASE("like_pattern keeps % and _ and escapes the rest of LIKE's syntax") {
  const std::pair<const char*, const char*> cases[] = {
      {"invoice", "%invoice%"},  // no wildcard: anywhere in the name
      {"Cust%", "Cust%"},        // a prefix
      {"%_id", "%_id"},          // _ is one character
      {"[dbo]", "%\\[dbo]%"},    // [ is literal, not a character class
      {"a\\b", "%a\\\\b%"},      // the escape character itself
      {"o'brien", "%o'brien%"},  // quoting is quote_string_literal's job
  };
  for (const auto& [typed, like] : cases) CHECK(like_pattern(typed) == like);
}

TEST_CASE("search_sql: literal pattern, kinds as type lists, the page as integers") {
  const std::string sql =
      search_sql({"o'brien", {ObjectKind::kTable, ObjectKind::kColumn}, 50, 25});
  CHECK(sql.find("LOWER(o.name) LIKE LOWER(N'%o''brien%') ESCAPE '\\'") != std::string::npos);
  CHECK(sql.find("LOWER(c.name) LIKE LOWER(N'%o''brien%') ESCAPE '\\'") != std::string::npos);
  CHECK(sql.find("o.type IN ('U')") != std::string::npos);
  CHECK(sql.find("'P'") == std::string::npos);
  CHECK(sql.find("OFFSET 50 ROWS FETCH NEXT 25 ROWS ONLY") != std::string::npos);
  CHECK(sql.rfind("SELECT COUNT(*) AS total FROM (", 0) == 0);
  const std::string procedures =
      search_sql({"x", {ObjectKind::kProcedure, ObjectKind::kFunction}, 0, 5});
  CHECK(procedures.find("o.type IN ('P', 'PC', 'FN', 'IF', 'TF', 'FS', 'FT')") !=
        std::string::npos);
  CHECK(procedures.find("sys.columns") == std::string::npos);
}

TEST_CASE("assemble_search: kinds, qualified names, column types") {
  const nlohmann::json sets = nlohmann::json::parse(R"([
    {"rows": [[3]]},
    {"rows": [["dbo", "Customers", "U ", null, null, null, null, null],
              ["dbo", "Customers", "U", "Email", "nvarchar", 200, 0, 0],
              ["sales", "usp_Report", "P ", null, null, null, null, null]]}])");
  const SearchPage page = assemble_search(sets);
  CHECK(page.total == 3);
  REQUIRE(page.matches.size() == 3);
  const nlohmann::json table = {{"kind", "table"},     {"schema", "dbo"},
                                {"name", "Customers"}, {"column", nullptr},
                                {"type", nullptr},     {"qualifiedName", "dbo.Customers"}};
  const nlohmann::json column = {
      {"kind", "column"},  {"schema", "dbo"},         {"name", "Customers"},
      {"column", "Email"}, {"type", "nvarchar(100)"}, {"qualifiedName", "dbo.Customers.Email"}};
  CHECK(page.matches[0] == table);
  CHECK(page.matches[1] == column);
  CHECK(page.matches[2]["kind"] == "procedure");
}

}  // namespace
}  // namespace gw::tools
