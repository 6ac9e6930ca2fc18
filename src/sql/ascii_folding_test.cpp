#include "sql/ascii_folding.h"

#include <doctest/doctest.h>

using gw::sql::ascii_folding;
using gw::sql::fold_to_ascii_upper;

TEST_CASE("ascii_folding: letters that case folding or NFKC turn into ASCII letters") {
  CHECK(ascii_folding(0x017F) == "S");   // LATIN SMALL LETTER LONG S
  CHECK(ascii_folding(0x0131) == "I");   // LATIN SMALL LETTER DOTLESS I
  CHECK(ascii_folding(0x0130) == "I");   // LATIN CAPITAL LETTER I WITH DOT ABOVE (Turkic folding)
  CHECK(ascii_folding(0x212A) == "K");   // KELVIN SIGN
  CHECK(ascii_folding(0xFF33) == "S");   // FULLWIDTH LATIN CAPITAL LETTER S
  CHECK(ascii_folding(0xFF5A) == "Z");   // FULLWIDTH LATIN SMALL LETTER Z
  CHECK(ascii_folding(0xFB01) == "FI");  // LATIN SMALL LIGATURE FI
  CHECK(ascii_folding(0x216E) == "D");   // ROMAN NUMERAL FIVE HUNDRED
  CHECK(ascii_folding(0x24C5) == "P");   // CIRCLED LATIN CAPITAL LETTER P
  CHECK(ascii_folding(0x1D403) == "D");  // MATHEMATICAL BOLD CAPITAL D
  CHECK(ascii_folding(0x1D6A3) == "Z");  // MATHEMATICAL MONOSPACE SMALL Z, the end of a run
  CHECK(ascii_folding(0x00DF) == "SS");  // LATIN SMALL LETTER SHARP S (full case folding)
  CHECK(ascii_folding('S') == "");
  CHECK(ascii_folding(0x00E9) == "");   // é stays é
  CHECK(ascii_folding(0x212B) == "");   // ANGSTROM SIGN folds to å, not ASCII
  CHECK(ascii_folding(0x0441) == "");   // CYRILLIC SMALL LETTER ES: a look-alike, not a folding
  CHECK(ascii_folding(0x1D455) == "");  // unassigned hole in the italic run
}

TEST_CASE("fold_to_ascii_upper: only words with a folding letter and nothing else non-ASCII") {
  CHECK(fold_to_ascii_upper("\xC5\xBF"
                            "elect") == "SELECT");
  CHECK(fold_to_ascii_upper("\xC4\xB1nsert") == "INSERT");
  CHECK(fold_to_ascii_upper("Stra\xC3\x9F"
                            "e") == "STRASSE");
  CHECK(fold_to_ascii_upper("select") == "");
  CHECK(fold_to_ascii_upper("\xC5\xBF\xC3\xA9lect") == "");  // é keeps it non-ASCII
}
