#pragma once
// GROUP BY ROLLUP / CUBE / GROUPING SETS (Microsoft Learn, "SELECT - GROUP BY"): SQLite groups by
// one set only, so the query becomes a UNION ALL of one grouping per set, the full set first. In
// each branch a grouping expression outside the set reads NULL (outside aggregate calls), and
// GROUPING(e) / GROUPING_ID(e, ...) become the constants SQL Server would compute for that set.
// `GROUP BY a, ROLLUP(b, c)` crosses the plain columns with the sets. The ORDER BY stays at the end
// (SQLite matches its terms to the result columns). Not supported, with an error: TOP, GROUPING()
// in ORDER BY, a FOR clause or a UNION on the same SELECT, ROLLUP/CUBE nested in GROUPING SETS.
//
//   SELECT a, SUM(x) FROM t GROUP BY ROLLUP(a) ORDER BY a
//   -> SELECT a, SUM(x) FROM t GROUP BY a UNION ALL SELECT NULL, SUM(x) FROM t ORDER BY a

#include "tsql_select_list.h"
#include "util/status.h"

namespace gw::tdsdev {

Result<Tokens> rewrite_grouping_sets(const Tokens& t);

}  // namespace gw::tdsdev
