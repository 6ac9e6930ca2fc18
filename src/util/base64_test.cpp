#include "util/base64.h"

#include <doctest/doctest.h>

namespace gw {

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

}  // namespace gw
