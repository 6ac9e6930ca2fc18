#include "tools/tool_support.h"

#include <doctest/doctest.h>

namespace gw::tools {

TEST_CASE("integer_argument: checked conversions of JSON numbers") {
  struct Case {
    std::string json;
    std::optional<std::int64_t> value;
  };
  const Case cases[] = {
      {R"({"n": 5})", 5},
      {R"({"n": -5})", -5},
      {R"({"n": 5.0})", 5},
      {R"({"n": 9223372036854775807})", INT64_MAX},
      {R"({"n": 9223372036854775808})", std::nullopt},   // unsigned past INT64_MAX: no wrap
      {R"({"n": 18446744073709551615})", std::nullopt},  // would wrap to -1
      {R"({"n": 1e300})", std::nullopt},                 // a cast would be undefined behaviour
      {R"({"n": -1e300})", std::nullopt},
      {R"({"n": 5.5})", std::nullopt},
      {R"({"n": "5"})", std::nullopt},
      {R"({})", 7},
      {R"({"n": null})", 7},
  };
  for (const auto& c : cases) {
    CAPTURE(c.json);
    auto r = integer_argument(nlohmann::json::parse(c.json), "n", 7);
    if (c.value) {
      REQUIRE(r.is_ok());
      CHECK(*r == *c.value);
    } else {
      CHECK(r.status().message() == "argument \"n\" must be an integer");
    }
  }
}

}  // namespace gw::tools
