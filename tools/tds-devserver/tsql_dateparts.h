#pragma once
// DATEADD(day, 1, d), DATEDIFF(month, a, b), DATEPART(year, d), DATENAME(month, d): the first
// argument is a keyword in T-SQL, which SQLite would read as a column. It becomes a string for the
// functions of date_functions.cpp: DATEADD( day , ... -> tds_dateadd( 'day' , ...

#include <vector>

#include "tsql_lexer.h"

namespace gw::tdsdev {

std::vector<SqlToken> rewrite_dateparts(const std::vector<SqlToken>& tokens);

}  // namespace gw::tdsdev
