#include "sql/utf8.h"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("find_invalid_utf8 follows RFC 3629 and refuses NUL") {
  struct Case {
    std::string text;
    bool valid;
    int line;
    int column;
  };
  const Case cases[] = {
      {"plain ASCII", true, 0, 0},
      {"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", true, 0, 0},  // é € 😀
      {"\xF4\x8F\xBF\xBF", true, 0, 0},                      // U+10FFFF
      {"a\x80", false, 1, 2},                                // lone continuation
      {"\xC0\xAF", false, 1, 1},                             // overlong '/'
      {"\xC1\xBF", false, 1, 1},                             // overlong
      {"\xE0\x80\xAF", false, 1, 1},                         // overlong
      {"\xED\xA0\x80", false, 1, 1},                         // surrogate U+D800
      {"\xF4\x90\x80\x80", false, 1, 1},                     // above U+10FFFF
      {"\xF8\x88\x80\x80\x80", false, 1, 1},                 // five bytes
      {"x\n\xE2\x82", false, 2, 1},                          // truncated
      {std::string("a\0b", 3), false, 1, 2},                 // NUL
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto problem = gw::sql::find_invalid_utf8(c.text);
    CHECK(problem.has_value() == !c.valid);
    if (problem) {
      CHECK(problem->line == c.line);
      CHECK(problem->column == c.column);
    }
  }
}

TEST_CASE("append_utf8 writes what decode_utf8 reads") {
  for (std::uint32_t cp :
       {0x41u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0x2028u, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
    CAPTURE(cp);
    std::string text;
    gw::sql::append_utf8(text, cp);
    CHECK_FALSE(gw::sql::find_invalid_utf8(text).has_value());
    CHECK(gw::sql::decode_utf8(text, 0).code_point == cp);
    CHECK(gw::sql::decode_utf8(text, 0).length == text.size());
  }
}

TEST_CASE("decode_utf8 and the look-alike table") {
  CHECK(gw::sql::decode_utf8("\xE2\x80\x99", 0).code_point == 0x2019);
  CHECK(gw::sql::decode_utf8("\xE2\x80\x99", 0).length == 3);
  CHECK(gw::sql::decode_utf8("a\xF0\x9F\x98\x80", 1).code_point == 0x1F600);
  for (std::uint32_t cp : {0xA0u, 0x2019u, 0x02BCu, 0xFF07u, 0xFF33u, 0x3000u, 0xFEFFu, 0x200Bu,
                           0x20ACu, 0x0E3Fu, 0x2212u, 0x202Eu}) {
    CAPTURE(cp);
    CHECK(gw::sql::is_confusable_outside_text(cp));
  }
  for (std::uint32_t cp : {0xE9u, 0xDFu, 0xAAu, 0x65E5u, 0x0430u, 0x03B1u, 0xFF71u}) {
    CAPTURE(cp);
    CHECK_FALSE(gw::sql::is_confusable_outside_text(cp));
  }
}
