#include "oauth/crypto.h"

#include <doctest/doctest.h>

#include <set>

#include "util/base64.h"

namespace gw::oauth {

TEST_CASE("sha256 matches the FIPS 180-2 test vector") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256("abc").size() == 32);
}

TEST_CASE("random tokens are 256-bit, url-safe and distinct") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = random_token();
    CHECK(t.size() == 43);
    CHECK(base64url_decode(t).value().size() == 32);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
}

TEST_CASE("constant_time_equals") {
  CHECK(constant_time_equals("abc", "abc"));
  CHECK_FALSE(constant_time_equals("abc", "abd"));
  CHECK_FALSE(constant_time_equals("abc", "abcd"));
  CHECK(constant_time_equals("", ""));
}

}  // namespace gw::oauth
