#pragma once
// The aggregates behind FOR JSON and FOR XML PATH (tsql_for_clause.h writes the calls):
//
//   tds_for_json(options, root, kinds, key1, value1, key2, value2, ...)
//   tds_for_xml(options, row_element, root, kinds, name1, value1, ...)
//   tds_chunks(text)   -> a JSON array of the text in pieces of 2033 characters
//
// options: letters; J: 'N' INCLUDE_NULL_VALUES, 'W' WITHOUT_ARRAY_WRAPPER; X: 'V' the string value
// of the XML (the `.value('.', ...)` idiom: text without tags or escaping). kinds: one letter per
// column, 'v' a value, 'j' JSON text to embed as is (a nested FOR JSON or JSON_QUERY).
//
// Microsoft Learn, "Format query results as JSON with FOR JSON": null properties are left out
// unless INCLUDE_NULL_VALUES; dot-separated names nest objects in PATH mode. "FOR XML (SQL Server)
// - Use PATH mode": a column without a name (or named text()) is inlined as text, one named @x is
// an attribute of the row element, NULL values produce nothing, PATH('') has no row element.
// Values of this server carry no SQL Server type here, so a bit comes out as 0/1 and a decimal
// without trailing zeros; date/time text gets the ISO 8601 "T" as SQL Server writes it.

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags;

Status register_for_clause_functions(sqlite3* db, TypeTags* tags);

}  // namespace gw::tdsdev
