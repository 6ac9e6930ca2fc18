#include "tools/page_cursor.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

TEST_CASE("cursors round-trip and are bound to the arguments that made them") {
  const std::string f = list_fingerprint("list_tables\ntrue\ndbo\n");
  CHECK(f.size() == 16);
  CHECK(f != list_fingerprint("list_tables\ntrue\nsales\n"));
  const nlohmann::json next = next_cursor({0, 200}, 200, 450, f);
  REQUIRE(next.is_string());
  Result<PageRequest> page = page_arguments({{"cursor", next}, {"limit", 100}}, f, 200, 1000);
  REQUIRE(page.is_ok());
  CHECK(page->offset == 200);
  CHECK(page->limit == 100);
  CHECK(next_cursor({400, 100}, 50, 450, f).is_null());  // the last page
  CHECK(next_cursor({0, 100}, 0, 0, f).is_null());

  const char* refused =
      "argument \"cursor\" is not a cursor this tool returned for these arguments (pass "
      "nextCursor back with the same arguments, or omit it for the first page)";
  for (const nlohmann::json& bad :
       {nlohmann::json(encode_cursor(200, list_fingerprint("other"))), nlohmann::json("forged"),
        nlohmann::json(encode_cursor(-5, f)), nlohmann::json("!!")}) {
    Result<PageRequest> r = page_arguments({{"cursor", bad}}, f, 200, 1000);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == refused);
  }
}

TEST_CASE("limit defaults and bounds") {
  CHECK(page_arguments(nlohmann::json::object(), "f", 200, 1000)->limit == 200);
  CHECK(page_arguments({{"limit", 0}}, "f", 200, 1000).status().message() ==
        "argument \"limit\" must be 1..1000");
  CHECK(page_arguments({{"limit", 1001}}, "f", 200, 1000).status().message() ==
        "argument \"limit\" must be 1..1000");
  CHECK(page_arguments({{"limit", "ten"}}, "f", 200, 1000).status().message() ==
        "argument \"limit\" must be an integer");
}

}  // namespace
}  // namespace gw::tools
