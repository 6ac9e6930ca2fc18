#pragma once
// UTF-8 facts the lexer needs: validation, decoding, and which code points it refuses in code.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw::sql {

struct Utf8Char {
  std::uint32_t code_point = 0;
  std::size_t length = 1;  // bytes
};

// Decodes the character at `offset`. REQUIRES: the text passed find_invalid_utf8.
Utf8Char decode_utf8(std::string_view text, std::size_t offset);

// Appends `code_point` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, std::uint32_t code_point);

struct Utf8Problem {
  const char* reason;  // "invalid UTF-8" or "NUL character"
  int line;
  int column;
  std::size_t offset;  // of the first byte concerned
};

// The first byte that is not well-formed UTF-8 (RFC 3629 §4: no overlongs, no surrogates, at
// most U+10FFFF), or a NUL (db-lib passes SQL as a C string, so the server would see less than
// we classified).
std::optional<Utf8Problem> find_invalid_utf8(std::string_view text);

// Code points that mean nothing in T-SQL outside strings, [identifiers] and comments but look
// like space, quotes, operators or ASCII letters (NO-BREAK SPACE, RIGHT SINGLE QUOTATION MARK,
// FULLWIDTH LATIN letters, bidi controls...). A name containing one is refused rather than risk
// that the server reads it differently from us.
bool is_confusable_outside_text(std::uint32_t code_point);

}  // namespace gw::sql
