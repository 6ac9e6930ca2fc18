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

TEST_CASE("hmac_token matches RFC 4231 test case 2") {
  const std::string mac =
      base64url_decode(hmac_token("Jefe", "what do ya want for nothing?")).value();
  std::string hex;
  for (unsigned char c : mac) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[c >> 4];
    hex += kDigits[c & 15];
  }
  CHECK(hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("constant_time_equals") {
  CHECK(constant_time_equals("abc", "abc"));
  CHECK_FALSE(constant_time_equals("abc", "abd"));
  CHECK_FALSE(constant_time_equals("abc", "abcd"));
  CHECK(constant_time_equals("", ""));
}

}  // namespace gw::oauth
