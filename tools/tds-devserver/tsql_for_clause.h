#pragma once
// FOR JSON PATH/AUTO and FOR XML PATH (Microsoft Learn, "SELECT - FOR Clause"), rewritten into the
// aggregates of for_clause_functions.h over the SELECT without its FOR clause:
//
//   SELECT a, b AS [x.y] FROM t ORDER BY a FOR JSON PATH, ROOT('r')
//   -> SELECT tds_for_json('', 'r', 'vv', 'a', "a", 'x.y', "x.y")
//        FROM (SELECT a, b AS "x.y" FROM t ORDER BY a)
//
// A subquery's FOR clause gives one value (nvarchar(max); NULL for no rows); the statement's own
// gives a result set of one column named JSON_F52E2B61-18A1-11d1-B105-00805F49916B (XML_... for
// XML) in rows of at most 2033 characters, as SQL Server sends it. The STUFF((SELECT ',' + x ...
// FOR XML PATH('')), 1, 1, '') idiom and `FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)')`
// work. Not supported (an error says so): `SELECT *` with FOR (the column names are not known
// before the query runs), FOR JSON AUTO over joins, FOR XML RAW/AUTO/EXPLICIT.

#include <cstddef>

#include "tsql_select_list.h"
#include "util/status.h"

namespace gw::tdsdev {

// main: index of the statement's result SELECT in t (tsql_dialect.cpp), or a value past the end.
Result<Tokens> rewrite_for_clauses(const Tokens& t, size_t main);

}  // namespace gw::tdsdev
