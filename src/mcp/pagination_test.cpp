#include "mcp/pagination.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

using nlohmann::json;

TEST_CASE("paginate walks the list page by page and ends without a cursor") {
  const auto fp = list_fingerprint({"a", "b", "c", "d", "e"});
  auto first = paginate(5, 2, fp, nullptr);
  REQUIRE(first.is_ok());
  CHECK(first->begin == 0);
  CHECK(first->end == 2);
  REQUIRE(first->next_cursor.has_value());
  auto second = paginate(5, 2, fp, json(*first->next_cursor));
  REQUIRE(second.is_ok());
  CHECK(second->begin == 2);
  CHECK(second->end == 4);
  auto last = paginate(5, 2, fp, json(*second->next_cursor));
  REQUIRE(last.is_ok());
  CHECK(last->begin == 4);
  CHECK(last->end == 5);
  CHECK_FALSE(last->next_cursor.has_value());
  auto all = paginate(5, 10, fp, nullptr);
  CHECK_FALSE(all->next_cursor.has_value());
  CHECK(paginate(0, 10, fp, nullptr)->end == 0);
}

TEST_CASE("paginate refuses cursors it did not issue for this list") {
  const auto fp = list_fingerprint({"a", "b", "c"});
  const std::string good = *paginate(3, 1, fp, nullptr)->next_cursor;
  const auto other_fp = list_fingerprint({"a", "b", "x"});
  const json bad_cursors[] = {
      json(""),
      json("garbage"),
      json(7),
      json("c1.zz." + good.substr(5)),
      json("c1.0" + good.substr(4)),  // offset 0 is never issued
      json("c1.9" + good.substr(4)),  // past the end
      json(*paginate(3, 1, other_fp, nullptr)->next_cursor),
      json(good + "0"),
  };
  CHECK(paginate(3, 1, fp, json(good)).is_ok());
  for (const auto& cursor : bad_cursors) {
    CAPTURE(cursor.dump());
    const auto page = paginate(3, 1, fp, cursor);
    REQUIRE_FALSE(page.is_ok());
    CHECK(page.status().message() == "Invalid params: invalid cursor");
  }
}

TEST_CASE("list_fingerprint tells lists apart") {
  CHECK(list_fingerprint({"ab", "c"}) != list_fingerprint({"a", "bc"}));
  CHECK(list_fingerprint({"a"}) == list_fingerprint({"a"}));
}

}  // namespace
}  // namespace gw::mcp
