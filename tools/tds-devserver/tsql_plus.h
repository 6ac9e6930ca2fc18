#pragma once
// T-SQL's "+" adds numbers and concatenates strings; SQLite's "+" only adds (and turns 'a' + 'b'
// into 0, a wrong answer). Binary "+" therefore becomes tds_add(a, b), a function that decides by
// the values, as SQL Server decides by the types. Operator precedence is kept: the operands of an
// additive chain end at commas, parentheses, comparison operators and keywords.

#include <vector>

#include "tsql_lexer.h"

namespace gw::tdsdev {

// "a + b - c" -> "tds_add(a, b) - c" (as tokens). Chains without "+" are returned unchanged.
std::vector<SqlToken> rewrite_plus(const std::vector<SqlToken>& tokens);

}  // namespace gw::tdsdev
