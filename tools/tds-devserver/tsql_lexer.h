#pragma once
// Tokens of T-SQL text (the subset the development server translates).

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
  bool national = false;  // N'...'

  bool is_word(std::string_view upper) const;
  bool is_symbol(std::string_view s) const { return kind == kSymbol && text == s; }
};

// Errors: "Unclosed quotation mark after the character string 'abc'." (SQL Server Msg 105).
Result<std::vector<SqlToken>> lex_tsql(std::string_view sql);

std::string to_upper(std::string_view s);

}  // namespace gw::tdsdev
