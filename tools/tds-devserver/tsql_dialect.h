#pragma once
// T-SQL query forms SQLite lacks, rewritten token to token into forms the main rewrite
// (tsql_rewrite.h) and the functions of this server run. Applied to every query statement before
// the main rewrite, in this order:
//
// - query hints `OPTION (MAXDOP n, RECOMPILE, ...)`: dropped (they choose a plan, not a result);
// - `SELECT alias = expr` -> `expr AS alias`; a column of the statement's result without a name
//   gets an empty one, as SQL Server sends it (`SELECT COUNT(*)`);
// - CROSS APPLY / OUTER APPLY (tsql_apply.h), PIVOT / UNPIVOT (tsql_pivot.h),
//   GROUP BY ROLLUP / CUBE / GROUPING SETS (tsql_grouping_sets.h), FOR JSON / FOR XML PATH
//   (tsql_for_clause.h);
// - STRING_AGG(x, sep) [WITHIN GROUP (ORDER BY ...)] -> tds_string_agg(x, sep, 'A|D..', keys).

#include <vector>

#include "tsql_lexer.h"
#include "tsql_translator.h"
#include "util/status.h"

namespace gw::tdsdev {

Result<std::vector<SqlToken>> rewrite_dialect(const std::vector<SqlToken>& stmt,
                                              const TranslateContext& ctx);

// The CAST/CONVERT type of each result column of the statement's SELECT ("" where unknown).
std::vector<std::string> cast_column_types(const std::vector<SqlToken>& stmt);

}  // namespace gw::tdsdev
