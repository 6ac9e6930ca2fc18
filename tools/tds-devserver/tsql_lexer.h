#pragma once
// Tokens of T-SQL text (the subset the development server translates), split by the lexical
// table in src/sql/README.md, which the gateway's lexer follows too.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace gw::tdsdev {

struct SqlToken {
  enum Kind { kWord, kQuoted, kString, kNumber, kHex, kVariable, kSymbol } kind = kWord;
  std::string
      text;  // kWord/kNumber/kSymbol/kVariable: as written; kQuoted/kString: the unquoted value
  int line = 1;
  size_t offset = 0;      // byte offset of the token's first character in the batch
  bool national = false;  // N'...'

  bool is_word(std::string_view upper) const;
  bool is_symbol(std::string_view s) const { return kind == kSymbol && text == s; }
  // A name: a word or a [quoted]/"quoted" identifier.
  bool is_name() const { return kind == kWord || kind == kQuoted; }
};

// Errors: "Unclosed quotation mark after the character string 'abc'." (SQL Server Msg 105);
// outside string literals a character other than printable ones, TAB, LF and CR+LF is refused.
Result<std::vector<SqlToken>> lex_tsql(std::string_view sql);

std::string to_upper(std::string_view s);

}  // namespace gw::tdsdev
