#pragma once
// Which characters T-SQL text may hold outside string literals, and their names for messages.
//
// Outside a string literal (in code, comments, [quoted] identifiers and whitespace) only
// printable characters, TAB, LF and CR+LF are accepted. Every other character could end a
// comment or a token at a place the server and we disagree on. Microsoft's "-- (Comment)
// (Transact-SQL)" says a '--' comment is "terminated by a new line, which is specified with a
// carriage return character, line feed character, or a combination of the two"; the devserver
// ends it at LF only, and whether SQL Server also ends it at VT, FF, NEL or U+2028 is not
// documented. A reader that ends the comment where the server does not runs text the server
// reads as comment, and the other way round lets the server run text we read as comment. With
// every such character refused, LF (alone or after CR) is the only line break left.
//
// It depends on util/text.h alone, so the development server can read the same classes.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/text.h"

namespace gw::sql {

// The lexical classes both readers (the gateway's lexer and the devserver's tokenizer) are built
// from; src/sql/README.md states the rules with the Microsoft documentation behind each.
using ::gw::is_ascii_letter;
using ::gw::is_digit;
inline bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// "Database identifiers": a regular identifier starts with a letter, _, @ or # (a leading @ makes
// a variable, read separately) and continues with letters, digits, @, $, # and _. Any byte of a
// non-ASCII character counts as a letter here; each reader judges the character itself.
inline bool is_identifier_start(char c) {
  return is_ascii_letter(c) || c == '_' || c == '#' || static_cast<unsigned char>(c) >= 0x80;
}
inline bool is_identifier_part(char c) {
  return is_identifier_start(c) || is_digit(c) || c == '@' || c == '$';
}
// "Operators (Transact-SQL)": comparison, compound assignment and the scope resolution operator.
inline constexpr std::string_view kTwoCharOperators[] = {
    "<>", "!=", "<=", ">=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::"};
inline constexpr std::string_view kOneCharOperators = "=<>+-*/%&|^~:";
inline constexpr std::string_view kPunctuation = "(),.{}";

// True for code points refused outside string literals: the C0 controls except TAB, LF and CR
// (a CR is judged with the character after it), DEL, the C1 controls (NEL among them), the
// format characters (Unicode category Cf: zero-width, bidi, tags, SOFT HYPHEN), LINE SEPARATOR,
// PARAGRAPH SEPARATOR and the noncharacters U+FFFE, U+FFFF.
bool is_refused_outside_strings(std::uint32_t code_point);

// "U+000B VERTICAL TAB", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+E0041 (a format character)":
// the Unicode name (the common alias for C0/C1 controls) where the table has it.
std::string character_name(std::uint32_t code_point);

}  // namespace gw::sql
