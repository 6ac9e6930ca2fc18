#include "sql/keywords.h"

#include <doctest/doctest.h>

TEST_CASE("keyword lists are sorted and consistent") {
  CHECK(gw::sql::keyword_lists_are_consistent());
  CHECK(gw::sql::is_reserved_keyword("SELECT"));
  CHECK_FALSE(gw::sql::is_reserved_keyword("NOLOCK"));
  CHECK(gw::sql::is_query_keyword("UNION"));
  CHECK_FALSE(gw::sql::is_query_keyword("INTO"));
}
