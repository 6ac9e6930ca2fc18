#include "sql/utf8.h"

namespace gw::sql {

Utf8Char decode_utf8(std::string_view text, std::size_t offset) {
  const auto byte = [&](std::size_t i) {
    return offset + i < text.size() ? static_cast<unsigned char>(text[offset + i]) : 0u;
  };
  const unsigned b0 = byte(0);
  if (b0 < 0x80) return {b0, 1};
  if (b0 < 0xE0) return {((b0 & 0x1Fu) << 6) | (byte(1) & 0x3Fu), 2};
  if (b0 < 0xF0) return {((b0 & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu), 3};
  return {((b0 & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
              (byte(3) & 0x3Fu),
          4};
}

void append_utf8(std::string& out, std::uint32_t cp) {
  const auto byte = [&](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
  if (cp < 0x80) {
    byte(cp);
  } else if (cp < 0x800) {
    byte(0xC0 | (cp >> 6));
    byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    byte(0xE0 | (cp >> 12));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  } else {
    byte(0xF0 | (cp >> 18));
    byte(0x80 | ((cp >> 12) & 0x3F));
    byte(0x80 | ((cp >> 6) & 0x3F));
    byte(0x80 | (cp & 0x3F));
  }
}

namespace {

// Length of the well-formed sequence at `i`, or 0 (RFC 3629 §4, the table of valid ranges).
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned b0 = byte(0);
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::optional<Utf8Problem> find_invalid_utf8(std::string_view text) {
  int line = 1;
  std::size_t line_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int column = static_cast<int>(i - line_start) + 1;
    if (b == 0) return Utf8Problem{"NUL character", line, column, i};
    if (b < 0x80) {
      if (b == '\n') {
        ++line;
        line_start = i + 1;
      }
      ++i;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, i);
    if (length == 0) return Utf8Problem{"invalid UTF-8", line, column, i};
    i += length;
  }
  return std::nullopt;
}

bool is_confusable_outside_text(std::uint32_t cp) {
  if (cp >= 0x80 && cp <= 0xBF) return cp != 0xAA && cp != 0xB5 && cp != 0xBA;  // C1, NBSP, ´ ·
  if (cp == 0xD7 || cp == 0xF7) return true;                                    // × ÷
  if (cp >= 0x02B9 && cp <= 0x02FF) return true;  // modifier letters: ʼ ˈ ˋ look like quotes
  if (cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160) return true;  // invisible
  if (cp == 0x1680 || cp == 0x180E) return true;  // OGHAM SPACE MARK, MONGOLIAN VOWEL SEPARATOR
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // General Punctuation: spaces, quotes, bidi
  // Currency signs: T-SQL reads a currency sign before digits as a money constant (€12), so
  // x€1DELETE would end a name where we would not. Unicode category Sc outside the ranges here.
  if (cp >= 0x20A0 && cp <= 0x20CF) return true;
  if (cp == 0x058F || cp == 0x060B || cp == 0x07FE || cp == 0x07FF || cp == 0x09F2 ||
      cp == 0x09F3 || cp == 0x09FB || cp == 0x0AF1 || cp == 0x0BF9 || cp == 0x0E3F ||
      cp == 0x17DB || cp == 0xA838 || cp == 0xFDFC || cp == 0x1E2FF || cp == 0x1ECB0) {
    return true;
  }
  if (cp >= 0x2200 && cp <= 0x22FF) return true;    // Mathematical Operators: − ∗ ∕
  if (cp >= 0x2E00 && cp <= 0x2E7F) return true;    // Supplemental Punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return true;    // CJK symbols: IDEOGRAPHIC SPACE, brackets
  if (cp == 0x3164) return true;                    // HANGUL FILLER (renders as nothing)
  if (cp >= 0xFE00 && cp <= 0xFE0F) return true;    // variation selectors
  if (cp >= 0xFE10 && cp <= 0xFE1F) return true;    // vertical forms
  if (cp >= 0xFE30 && cp <= 0xFE6F) return true;    // compatibility and small forms: ﹔ ﹙
  if (cp == 0xFEFF) return true;                    // BYTE ORDER MARK / ZERO WIDTH NO-BREAK SPACE
  if (cp >= 0xFF00 && cp <= 0xFF64) return true;    // FULLWIDTH ASCII: ＳＥＬＥＣＴ ＇ ；
  if (cp == 0xFFA0) return true;                    // HALFWIDTH HANGUL FILLER
  if (cp >= 0xFFE0 && cp <= 0xFFFF) return true;    // fullwidth signs, specials
  if (cp >= 0xE0000 && cp <= 0xE0FFF) return true;  // tags, variation selectors supplement
  return false;
}

}  // namespace gw::sql
