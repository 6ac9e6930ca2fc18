#include "util/text.h"

#include <doctest/doctest.h>

TEST_CASE("closest_match suggests plausible typos only") {
  const std::vector<std::string> keys = {"database.port", "database.host", "pool.max_size",
                                         "read_only"};
  CHECK(gw::closest_match("database.prot", keys) == "database.port");
  CHECK(gw::closest_match("pool.maxsize", keys) == "pool.max_size");
  CHECK(gw::closest_match("readonly", keys) == "read_only");
  CHECK(gw::closest_match("completely_else", keys) == "");
}

TEST_CASE("case-insensitive comparisons") {
  CHECK(gw::iequals("Demo", "dEMO"));
  CHECK_FALSE(gw::iequals("demo", "demos"));
  CHECK(gw::starts_with_icase("/Demo/mcp", "/demo"));
  CHECK(gw::ends_with_icase("/demo/SSE/messages", "/sse/Messages"));
  CHECK_FALSE(gw::ends_with_icase("sse", "/sse"));
  CHECK_FALSE(gw::ends_with_icase("/demo/ssex", "/sse"));
  CHECK(gw::to_lower("AbC") == "abc");
  CHECK(gw::edit_distance("kitten", "sitting") == 3);
}
