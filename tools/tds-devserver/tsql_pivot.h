#pragma once
// PIVOT and UNPIVOT (Microsoft Learn, "FROM - Using PIVOT and UNPIVOT") over a derived table,
// rewritten into what SQLite runs:
//
//   (SELECT g, k, v FROM t) AS s PIVOT (SUM(v) FOR k IN ([a], [2024])) AS p
//   -> (SELECT "g", SUM(CASE WHEN "k" = 'a' THEN "v" END) AS "a",
//              SUM(CASE WHEN "k" = 2024 THEN "v" END) AS "2024" FROM (...) AS s GROUP BY "g") AS p
//
// The grouping columns are the derived table's columns other than the pivoted and the aggregated
// one, as SQL Server groups. A column name of digits compares as a number. UNPIVOT gives one row
// per source row and listed column whose value is not NULL:
//
//   (SELECT id, a, b FROM t) AS s UNPIVOT (val FOR col IN (a, b)) AS u
//   -> (SELECT "id", 'a' AS "col", "a" AS "val" FROM (...) AS s WHERE "a" IS NOT NULL
//       UNION ALL SELECT "id", 'b', "b" FROM (...) AS s WHERE "b" IS NOT NULL) AS u
//
// Over a table name (whose columns are not known before the query runs) both are refused with an
// error naming the derived-table form.

#include "tsql_select_list.h"
#include "util/status.h"

namespace gw::tdsdev {

Result<Tokens> rewrite_pivots(const Tokens& t);

}  // namespace gw::tdsdev
