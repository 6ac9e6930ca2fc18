#pragma once
// Token-level rewriting of one T-SQL query statement into SQLite SQL (see tsql_translator.h).

#include <string>
#include <vector>

#include "tsql_lexer.h"
#include "tsql_translator.h"
#include "util/status.h"

namespace gw::tdsdev {

// Rewrites tokens [begin, end). Sets uses_catalog when a sys.* or INFORMATION_SCHEMA.* name appears.
Result<std::string> rewrite_tokens(const std::vector<SqlToken>& toks, size_t begin, size_t end,
                                   const TranslateContext& ctx, bool& uses_catalog);

// 'it''s' -> the SQLite literal.
std::string sqlite_string_literal(const std::string& value);
std::string sqlite_identifier(const std::string& name);

}  // namespace gw::tdsdev
