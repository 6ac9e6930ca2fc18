#include "tsql_lexer.h"

#include <doctest/doctest.h>

#include <string>

namespace gw::tdsdev {
namespace {

// "kind:text@offset" per token: the split as the translator sees it.
std::string describe(std::string_view sql) {
  auto tokens = lex_tsql(sql);
  if (!tokens) return "error: " + tokens.status().message();
  std::string out;
  for (const SqlToken& t : *tokens) {
    if (!out.empty()) out += " | ";
    out += "WQSNHVY"[t.kind];
    out += ":" + t.text + "@" + std::to_string(t.offset);
  }
  return out;
}

TEST_CASE("the devserver's tokenizer follows the lexical table of src/sql/README.md") {
  struct Case {
    const char* sql;
    const char* tokens;
  };
  const Case cases[] = {
      {"SELECT 1 -- c\r\nx", "W:SELECT@0 | N:1@7 | W:x@15"},
      {"a /* x /* y */ z */ b", "W:a@0 | W:b@20"},
      {"1.5.5 1. .5 1e5 1.e5 1e 0x1F 0x",
       "N:1.5@0 | N:.5@3 | N:1.@6 | N:.5@9 | N:1e5@12 | "
       "N:1.e5@16 | N:1@21 | W:e@22 | H:1F@24 | H:@29"},
      {"$12.50 $.5 $action", "N:$12.50@0 | N:$.5@7 | W:$action@11"},
      {"@x @@ROWCOUNT @a$#@b", "V:@x@0 | V:@@ROWCOUNT@3 | V:@a$#@b@14"},
      {"N'it''s' n'x' [a]]b] \"c\"\"d\"", "S:it's@0 | S:x@9 | Q:a]b@14 | Q:c\"d@21"},
      {"a+=1 b<>c d::e",
       "W:a@0 | Y:+=@1 | N:1@3 | W:b@5 | Y:<>@6 | W:c@8 | W:d@10 | Y:::@11 | W:e@13"},
      {"SELECT '\v\f\r'", "W:SELECT@0 | S:\v\f\r@7"},
      {"SELECT 1 --\v'\nDELETE",
       "error: U+000B VERTICAL TAB is not allowed outside string literals "
       "(tds-devserver)."},
      {"SELECT 1\rDELETE",
       "error: U+000D CARRIAGE RETURN not followed by LINE FEED is not allowed outside string "
       "literals "
       "(tds-devserver)."},
      {"SELECT [a\xE2\x80\xA8]",
       "error: U+2028 LINE SEPARATOR is not allowed outside string "
       "literals (tds-devserver)."},
      {"SEL\xE2\x80\x8B"
       "ECT",
       "error: U+200B ZERO WIDTH SPACE is not allowed outside string literals (tds-devserver)."},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    CHECK(describe(sql) == c.tokens);
  }
}

}  // namespace
}  // namespace gw::tdsdev
