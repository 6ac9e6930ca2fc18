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
// This header has no dependencies, so the development server can read the same classes.

#include <cstdint>
#include <string>

namespace gw::sql {

// True for code points refused outside string literals: the C0 controls except TAB, LF and CR
// (a CR is judged with the character after it), DEL, the C1 controls (NEL among them), the
// format characters (Unicode category Cf: zero-width, bidi, tags, SOFT HYPHEN), LINE SEPARATOR,
// PARAGRAPH SEPARATOR and the noncharacters U+FFFE, U+FFFF.
bool is_refused_outside_strings(std::uint32_t code_point);

// "U+000B VERTICAL TAB", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+E0041 (a format character)":
// the Unicode name (the common alias for C0/C1 controls) where the table has it.
std::string character_name(std::uint32_t code_point);

}  // namespace gw::sql
