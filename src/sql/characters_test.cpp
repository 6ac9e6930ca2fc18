#include "sql/characters.h"

#include <doctest/doctest.h>

#include <cstdint>

using gw::sql::character_name;
using gw::sql::is_refused_outside_strings;

TEST_CASE("characters refused outside string literals, by class") {
  // C0 but TAB, LF, CR; DEL; C1; Cf (zero-width, bidi, tags, soft hyphen); Zl, Zp; noncharacters.
  for (std::uint32_t cp :
       {0x00u,   0x01u,   0x08u,    0x0Bu,    0x0Cu,    0x1Bu,    0x1Fu,   0x7Fu,   0x80u,
        0x85u,   0x9Fu,   0xADu,    0x600u,   0x61Cu,   0x180Eu,  0x200Bu, 0x200Fu, 0x2028u,
        0x2029u, 0x202Au, 0x202Eu,  0x2060u,  0x2066u,  0x2069u,  0x206Fu, 0xFEFFu, 0xFFF9u,
        0xFFFEu, 0xFFFFu, 0x110BDu, 0x1BCA0u, 0x1D173u, 0xE0001u, 0xE0041u}) {
    CAPTURE(cp);
    CHECK(is_refused_outside_strings(cp));
  }
  // TAB, LF and CR (judged with what follows it), printable ASCII and printable Unicode: letters,
  // spaces (refused in code by the look-alike table, harmless in comments), symbols, emoji.
  for (std::uint32_t cp : {0x09u, 0x0Au, 0x0Du, 0x20u, 0x41u, 0x7Eu, 0xA0u, 0xE9u, 0x131u, 0x17Fu,
                           0x2019u, 0x3000u, 0x65E5u, 0xFF33u, 0x1F600u, 0xE0100u}) {
    CAPTURE(cp);
    CHECK_FALSE(is_refused_outside_strings(cp));
  }
}

TEST_CASE("character names for messages") {
  CHECK(character_name(0x00) == "U+0000 NULL");
  CHECK(character_name(0x0B) == "U+000B VERTICAL TAB");
  CHECK(character_name(0x0C) == "U+000C FORM FEED");
  CHECK(character_name(0x0D) == "U+000D CARRIAGE RETURN");
  CHECK(character_name(0x1F) == "U+001F UNIT SEPARATOR");
  CHECK(character_name(0x7F) == "U+007F DELETE");
  CHECK(character_name(0x85) == "U+0085 NEXT LINE");
  CHECK(character_name(0x9F) == "U+009F APPLICATION PROGRAM COMMAND");
  CHECK(character_name(0x200B) == "U+200B ZERO WIDTH SPACE");
  CHECK(character_name(0x2028) == "U+2028 LINE SEPARATOR");
  CHECK(character_name(0x2029) == "U+2029 PARAGRAPH SEPARATOR");
  CHECK(character_name(0x202E) == "U+202E RIGHT-TO-LEFT OVERRIDE");
  CHECK(character_name(0xFEFF) == "U+FEFF ZERO WIDTH NO-BREAK SPACE");
  CHECK(character_name(0x0600) == "U+0600 (a format character)");
  CHECK(character_name(0xE0041) == "U+E0041 (a format character)");
  CHECK(character_name(0xFFFE) == "U+FFFE (a noncharacter)");
  CHECK(character_name(0x65E5) == "U+65E5");
}
