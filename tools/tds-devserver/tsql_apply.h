#pragma once
// CROSS APPLY and OUTER APPLY (Microsoft Learn, "FROM clause plus JOIN, APPLY, PIVOT"). SQLite has
// no lateral join, but a table-valued function may take the outer row's columns: the applied
// rows travel as one JSON array of arrays through json_each, and each reference to a column of
// the applied source reads its element.
//
//   FROM c CROSS APPLY (SELECT TOP 1 o.OrderID FROM o WHERE o.CustomerID = c.CustomerID
//                       ORDER BY o.OrderDate DESC) AS x
//   -> FROM c JOIN json_each((SELECT json_group_array(json_array("_a"."OrderID"))
//                             FROM (SELECT ...) AS "_a")) AS x
//      and x.OrderID (or OrderID alone, at the same level) -> json_extract(x.value, '$[0]')
//
// OUTER APPLY is the LEFT JOIN of it (no applied row: NULLs). Also `(VALUES (...), (...)) AS
// v(a, b)` and STRING_SPLIT(s, sep) (column `value`). Values come back as JSON keeps them:
// integers, floats and text (a bit reads 0/1, a date its text). Not supported, with an error:
// `SELECT *` in the applied query, other table-valued functions.

#include "tsql_select_list.h"
#include "util/status.h"

namespace gw::tdsdev {

Result<Tokens> rewrite_applies(const Tokens& t);

}  // namespace gw::tdsdev
