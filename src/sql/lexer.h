#pragma once
// A T-SQL lexer: turns batch text into tokens with their byte offset, line and column.
//
// It exists so that the read-only classifier never looks at raw text: a keyword inside a string,
// a comment or a [bracketed] identifier is data, and a keyword split by a comment (SEL/**/ECT) is
// two words. Where SQL Server's own tokenizer could read the text differently from us, the lexer
// refuses the text instead of guessing (see the WHY notes in lexer.cpp).
//
// Tokens view into the input: the caller keeps the text alive while it uses them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace gw::sql {

enum class TokenKind {
  kWord,              // keyword or regular identifier: SELECT, Customers, #temp, ##g, $action
  kQuotedIdentifier,  // [name] with ]] escape, "name" with "" escape
  kString,            // 'text' with '' escape, N'text'
  kNumber,            // 42, 1.5, .5, 1e-3, 0x1F, $12.50
  kVariable,          // @name, @@ROWCOUNT
  kOperator,          // = <> != < > <= >= !< !> + - * / % & | ^ ~ += -= *= /= %= &= |= ^= ::
  kPunctuation,       // ( ) , . { }
  kSemicolon,         // ;
  kBatchSeparator,    // GO [count], alone on its line (a client convention, not T-SQL)
  kComment,           // -- to end of line, /* nested */
};

const char* token_kind_name(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string_view text;   // exactly as written, delimiters included
  std::size_t offset = 0;  // byte offset of the first character
  int line = 1;            // 1-based
  int column = 1;          // 1-based, in bytes
};

// Input larger than this is refused before lexing: the gateway takes SQL from a chat assistant,
// and a bound keeps every pass over the text cheap (and the fuzzer honest).
inline constexpr std::size_t kMaxSqlBytes = 1024 * 1024;

// All tokens of `sql`, comments included, whitespace dropped.
// Errors (InvalidArgument) name line and column: unterminated string, identifier or comment,
// invalid UTF-8, NUL anywhere, outside string literals a character other than printable ones,
// TAB, LF and CR+LF (named, with its byte offset: characters.h), look-alikes that have no meaning
// outside strings; input over kMaxSqlBytes (ResourceExhausted). A '--' comment ends at LF.
Result<std::vector<Token>> lex(std::string_view sql);

// True when the token is a kWord equal to `keyword` ignoring ASCII case. `keyword` is upper case.
bool is_keyword(const Token& token, std::string_view keyword);

// The name inside a kQuotedIdentifier ([a]]b] -> a]b, "a""b" -> a"b), or the text of a kWord.
std::string identifier_value(const Token& token);

// The value of a kString ('it''s' -> it's, N'x' -> x).
std::string string_value(const Token& token);

// ASCII upper case copy, for keyword comparison and messages.
std::string to_upper_ascii(std::string_view text);

}  // namespace gw::sql
