#include "util/number.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>

namespace gw {

TEST_CASE("parse_decimal: checked, never throws or wraps") {
  struct Case {
    std::string text;
    std::optional<std::int64_t> value;
  };
  const Case cases[] = {
      {"0", 0},
      {"443", 443},
      {"65535", 65535},
      {"0065535", 65535},
      {"65536", std::nullopt},
      {"70000", std::nullopt},
      {"99999999999999999999", std::nullopt},
      {"9223372036854775807", std::nullopt},  // fits int64, not the range
      {"", std::nullopt},
      {"-1", std::nullopt},
      {"+1", std::nullopt},
      {" 1", std::nullopt},
      {"1 ", std::nullopt},
      {"0x10", std::nullopt},
      {"1e3", std::nullopt},
      {"12a", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_decimal(c.text, 0, 65535) == c.value);
  }
  CHECK(parse_decimal("9223372036854775807", 0, std::numeric_limits<std::int64_t>::max()) ==
        std::numeric_limits<std::int64_t>::max());
  CHECK(parse_decimal("9223372036854775808", 0, std::numeric_limits<std::int64_t>::max()) ==
        std::nullopt);
  CHECK(parse_decimal("5", 10, 20) == std::nullopt);
}

TEST_CASE("whole_number: doubles that are int64 whole numbers") {
  CHECK(whole_number(3.0) == 3);
  CHECK(whole_number(-7.0) == -7);
  CHECK(whole_number(0.5) == std::nullopt);
  CHECK(whole_number(1e300) == std::nullopt);
  CHECK(whole_number(-1e300) == std::nullopt);
  CHECK(whole_number(9223372036854775808.0) == std::nullopt);
  CHECK(whole_number(-9223372036854775808.0) == std::numeric_limits<std::int64_t>::min());
  CHECK(whole_number(std::numeric_limits<double>::quiet_NaN()) == std::nullopt);
  CHECK(whole_number(std::numeric_limits<double>::infinity()) == std::nullopt);
}

}  // namespace gw
