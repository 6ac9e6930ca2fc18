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

TEST_CASE("a Status carries a machine-readable reason beside its free-text message") {
  const gw::Status plain = gw::invalid_argument("bad");
  CHECK(std::holds_alternative<std::monostate>(plain.reason()));
  CHECK(plain.oauth_error_code() == nullptr);
  CHECK(plain.sql_server_error() == nullptr);

  const gw::Status refused(gw::StatusCode::kUnauthenticated, "the token expired",
                           gw::OAuthErrorCode::kInvalidToken);
  REQUIRE(refused.oauth_error_code() != nullptr);
  CHECK(*refused.oauth_error_code() == gw::OAuthErrorCode::kInvalidToken);
  CHECK(refused.sql_server_error() == nullptr);
  CHECK(refused.message() == "the token expired");

  const gw::Status failed(gw::StatusCode::kInvalidArgument, "Invalid object name 'nope'.",
                          gw::SqlServerError{208, 16, 1, 1});
  REQUIRE(failed.sql_server_error() != nullptr);
  CHECK(*failed.sql_server_error() == gw::SqlServerError{208, 16, 1, 1});
  CHECK(failed.oauth_error_code() == nullptr);

  // Carried through Result and GW_RETURN_IF_ERROR unchanged.
  const gw::Result<int> result = failed;
  CHECK(result.status().sql_server_error()->number == 208);
}
