#include "util/status.h"

#include <doctest/doctest.h>

#include <string>

namespace {

gw::Result<int> parse_positive(int v) {
  if (v <= 0) return gw::invalid_argument("expected a positive number");
  return v;
}

gw::Status check_twice(int v) {
  GW_RETURN_IF_ERROR(parse_positive(v));
  return gw::Status::ok();
}

}  // namespace

TEST_CASE("Result carries a value or a Status") {
  auto good = parse_positive(3);
  REQUIRE(good.is_ok());
  CHECK(*good == 3);
  auto bad = parse_positive(-1);
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().code() == gw::StatusCode::kInvalidArgument);
  CHECK(bad.status().to_string() == "InvalidArgument: expected a positive number");
}

TEST_CASE("GW_RETURN_IF_ERROR propagates the first failure") {
  CHECK(check_twice(1).is_ok());
  CHECK(check_twice(0).message() == "expected a positive number");
}
