#pragma once
// Token-level rewriting of one T-SQL query statement into SQLite SQL (see tsql_translator.h).

#include <string>
#include <utility>
#include <vector>

#include "tsql_lexer.h"
#include "tsql_translator.h"
#include "util/status.h"

namespace gw::tdsdev {

// What a rewrite noticed on the way.
struct RewriteNotes {
  bool uses_catalog = false;  // a sys.* or INFORMATION_SCHEMA.* name appeared
  // SQLite name of each multi-part or quoted name -> the name as written ("Nope" -> "dbo.Nope"), so
  // errors can quote what the user wrote, as SQL Server does.
  std::vector<std::pair<std::string, std::string>> written_names;
};

// Rewrites tokens [begin, end).
Result<std::string> rewrite_tokens(const std::vector<SqlToken>& toks, size_t begin, size_t end,
                                   const TranslateContext& ctx, RewriteNotes& notes);

// 'it''s' -> the SQLite literal.
std::string sqlite_string_literal(const std::string& value);
std::string sqlite_identifier(const std::string& name);

}  // namespace gw::tdsdev
