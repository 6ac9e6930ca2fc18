#include "oauth/crypto.h"

#include <doctest/doctest.h>

#include <set>

namespace gw::oauth {

TEST_CASE("base64url round trips and refuses foreign alphabets") {
  struct Case {
    std::string raw;
    std::string encoded;
  };
  const Case cases[] = {
      {"", ""},        {"f", "Zg"},        {"fo", "Zm8"},
      {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"\xfb\xff", "-_8"},
  };
  for (const auto& c : cases) {
    CHECK(base64url_encode(c.raw) == c.encoded);
    auto back = base64url_decode(c.encoded);
    REQUIRE(back.has_value());
    CHECK(*back == c.raw);
  }
  CHECK_FALSE(base64url_decode("Zm9v+").has_value());
  CHECK_FALSE(base64url_decode("Zm9v=").has_value());
  CHECK_FALSE(base64url_decode("Z").has_value());
  CHECK_FALSE(base64url_decode("Zh").has_value());  // non-zero trailing bits
}

TEST_CASE("base64 standard decoding for HTTP Basic") {
  CHECK(base64_decode("dXNlcjpwYXNz").value() == "user:pass");
  CHECK(base64_decode("Zm8=").value() == "fo");
  CHECK(base64_decode("Zg==").value() == "f");
  CHECK(base64_decode("+/8=").value() == "\xfb\xff");
  CHECK_FALSE(base64_decode("Zg").has_value());
  CHECK_FALSE(base64_decode("Z=g=").has_value());
  CHECK_FALSE(base64_decode("-_8=").has_value());
}

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
