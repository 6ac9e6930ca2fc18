#include "config/env_expand.h"

#include <doctest/doctest.h>

#include <map>

namespace {

gw::config::EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("expand_env substitutes, defaults and escapes") {
  const auto env = fake_env({{"PASS", "s3cret"}, {"EMPTY", ""}});
  struct Case {
    const char* input;
    const char* expected;
  };
  for (const Case& c : {Case{"plain", "plain"}, Case{"${PASS}", "s3cret"},
                        Case{"a-${PASS}-b", "a-s3cret-b"}, Case{"${MISSING:-dflt}", "dflt"},
                        Case{"${EMPTY:-dflt}", "dflt"}, Case{"${PASS:-dflt}", "s3cret"},
                        Case{"cost $$5", "cost $5"}, Case{"$5", "$5"}, Case{"${MISSING:-}", ""}}) {
    CAPTURE(c.input);
    auto r = gw::config::expand_env(c.input, env);
    REQUIRE(r.is_ok());
    CHECK(*r == c.expected);
  }
}

TEST_CASE("expand_env names what is wrong") {
  const auto env = fake_env({});
  struct Case {
    const char* input;
    const char* message;
  };
  for (const Case& c : {Case{"${DB_PASSWORD}", "environment variable DB_PASSWORD is not set"},
                        Case{"${DB", "unterminated ${ in value (write $$ for a literal $)"},
                        Case{"${1X}", "invalid environment variable name \"1X\""},
                        Case{"${A B}", "invalid environment variable name \"A B\""}}) {
    CAPTURE(c.input);
    auto r = gw::config::expand_env(c.input, env);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == c.message);
  }
}

TEST_CASE("expand_env collects unset names without defaults when asked") {
  std::set<std::string> unset;
  auto r = gw::config::expand_env("${A}-${B:-b}-${C}", fake_env({{"C", "c"}}), &unset);
  REQUIRE(r.is_ok());
  CHECK(*r == "-b-c");
  CHECK(unset == std::set<std::string>{"A"});
}
