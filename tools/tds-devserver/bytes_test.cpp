#include "bytes.h"

#include <doctest/doctest.h>

#include "test_bytes.h"

namespace gw::tdsdev {
namespace {

TEST_CASE("UTF-8 to UTF-16LE and back") {
  struct Case {
    const char* utf8;
    const char* utf16_hex;
  };
  const Case cases[] = {
      {"", ""},        {"Ab", "41 00 62 00"}, {"Zoë", "5A 00 6F 00 EB 00"},
      {"日", "E5 65"}, {"😀", "3D D8 00 DE"},  // a surrogate pair
  };
  for (const auto& c : cases) {
    CAPTURE(c.utf8);
    std::string u16 = utf8_to_utf16le(c.utf8);
    CHECK(hex(u16) == c.utf16_hex);
    CHECK(utf16le_to_utf8(u16) == c.utf8);
  }
  CHECK(hex(utf8_to_utf16le("\xFF"
                            "a")) == "FD FF 61 00");  // invalid byte -> U+FFFD
}

TEST_CASE("Windows-1252 for varchar") {
  CHECK(hex(utf8_to_cp1252("café")) == "63 61 66 E9");
  CHECK(hex(utf8_to_cp1252("€")) == "80");
  CHECK(utf8_to_cp1252("日本") == "??");
  CHECK(cp1252_to_utf8("\x80\xE9") == "€é");
}

TEST_CASE("writer and reader layouts") {
  ByteWriter w;
  w.u16(0x1234);
  w.u16_be(0x1234);
  w.u32(0x01020304);
  w.b_varchar("ab");
  w.us_varchar("c");
  CHECK(hex(w.data()) == "34 12 12 34 04 03 02 01 02 61 00 62 00 01 00 63 00");
  ByteReader r(w.data());
  CHECK(r.u16() == 0x1234);
  CHECK(r.u16_be() == 0x1234);
  CHECK(r.u32() == 0x01020304);
  CHECK(r.ucs2(r.u8()) == "ab");
  CHECK(r.ucs2(r.u16()) == "c");
  CHECK_FALSE(r.failed());
  r.u8();  // past the end
  CHECK(r.failed());
}

}  // namespace
}  // namespace gw::tdsdev
