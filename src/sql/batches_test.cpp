#include "sql/batches.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

TEST_CASE("split_batches cuts at GO lines and keeps repeat counts") {
  struct Expected {
    std::string text;
    int line;
    long repeat;
  };
  struct Case {
    std::string sql;
    std::vector<Expected> batches;
  };
  const Case cases[] = {
      {"SELECT 1", {{"SELECT 1", 1, 1}}},
      {"SELECT 1\nGO\nSELECT 2\nGO 3\n", {{"SELECT 1", 1, 1}, {"SELECT 2", 3, 3}}},
      {"-- note\nSELECT 1 /* x */\ngo\n\n-- only a comment\nGO\n",
       {{"-- note\nSELECT 1 /* x */", 1, 1}}},
      {"GO\nGO\nSELECT 'GO\nGO'\nGO 99999999", {{"SELECT 'GO\nGO'", 3, 1'000'000}}},
      {"SELECT 1 GO\nSELECT 2", {{"SELECT 1 GO\nSELECT 2", 1, 1}}},
      {"", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sql);
    const auto batches = gw::sql::split_batches(c.sql);
    REQUIRE(batches.is_ok());
    REQUIRE(batches->size() == c.batches.size());
    for (std::size_t i = 0; i < c.batches.size(); ++i) {
      const auto& b = (*batches)[i];
      CHECK(c.sql.substr(b.offset, b.length) == c.batches[i].text);
      CHECK(b.line == c.batches[i].line);
      CHECK(b.repeat == c.batches[i].repeat);
    }
  }
}

TEST_CASE("split_batches reports lexer errors") {
  const auto batches = gw::sql::split_batches("SELECT 1\nGO\nSELECT 'x");
  REQUIRE_FALSE(batches.is_ok());
  CHECK(batches.status().message() == "unterminated string literal starting at line 3, column 8");
}
