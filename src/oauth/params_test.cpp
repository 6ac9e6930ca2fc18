#include "oauth/params.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("parse_form") {
  auto p =
      parse_form("grant_type=authorization_code&code=a%2Bb&redirect_uri=http%3A%2F%2Fx&s=a+b&e=");
  REQUIRE(p.is_ok());
  CHECK(param(*p, "grant_type") == "authorization_code");
  CHECK(param(*p, "code") == "a+b");
  CHECK(param(*p, "redirect_uri") == "http://x");
  CHECK(param(*p, "s") == "a b");
  CHECK(p->count("e") == 1);
  CHECK(param(*p, "missing") == "");
  CHECK(parse_form("").value().empty());
  CHECK(parse_form("a=1&&b=2").value().size() == 2);

  struct Bad {
    std::string body;
    std::string error;
  };
  const Bad bad[] = {
      {"a=1&a=2", "parameter a is repeated"},
      {"a=%zz", "malformed form body"},
      {"a=%4", "malformed form body"},
      {"a=%", "malformed form body"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.body);
    auto r = parse_form(b.body);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == b.error);
  }
}

TEST_CASE("form_encode round trips through form_decode") {
  for (std::string s : {"", "abc", "a b+c&d=e", "http://x/y?z#w", "\xc3\xa9"}) {
    CHECK(form_decode(form_encode(s)).value() == s);
  }
  CHECK(form_encode("a b/c") == "a%20b%2Fc");
}

TEST_CASE("params_from_pairs refuses repeats") {
  CHECK(params_from_pairs({{"a", "1"}, {"b", "2"}}).value().size() == 2);
  auto r = params_from_pairs({{"state", "1"}, {"state", "2"}});
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() == "parameter state is repeated");
}

TEST_CASE("parse_json_params") {
  auto p = parse_json_params(R"({"grant_type":"refresh_token","n":3,"b":true,"z":null})");
  REQUIRE(p.is_ok());
  CHECK(param(*p, "grant_type") == "refresh_token");
  CHECK(param(*p, "n") == "3");
  CHECK(param(*p, "b") == "true");
  CHECK(p->count("z") == 0);
  CHECK(parse_json_params("[1]").status().message() == "body is not a JSON object");
  CHECK(parse_json_params("{").status().message() == "body is not a JSON object");
  CHECK(parse_json_params(R"({"a":{"b":1}})").status().message() == "parameter a must be a string");
}

TEST_CASE("parse_basic_authorization") {
  // "my%20client:s%3Acret" -> id "my client", secret "s:cret"
  auto c = parse_basic_authorization("Basic bXklMjBjbGllbnQ6cyUzQWNyZXQ=");
  REQUIRE(c.is_ok());
  CHECK(c->client_id == "my client");
  CHECK(c->client_secret == "s:cret");
  auto lower = parse_basic_authorization("basic dXNlcjpwYXNz");
  CHECK(lower.value().client_id == "user");
  CHECK(lower.value().client_secret == "pass");

  CHECK(parse_basic_authorization("Bearer abc").status().code() == StatusCode::kNotFound);
  CHECK(parse_basic_authorization("").status().code() == StatusCode::kNotFound);
  for (std::string bad : {"Basic !!!", "Basic dXNlcg==", "Basic OnBhc3M="}) {
    CAPTURE(bad);
    auto r = parse_basic_authorization(bad);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == "malformed Basic credentials");
  }
}

}  // namespace gw::oauth
