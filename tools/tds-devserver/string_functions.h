#pragma once
// STUFF and STRING_AGG (Microsoft Learn, "STUFF (Transact-SQL)", "STRING_AGG (Transact-SQL)"),
// counting characters, not bytes, in the UTF-8 text this server stores.
//
// STRING_AGG(expr, sep) [WITHIN GROUP (ORDER BY k1 [ASC|DESC], ...)] is translated to the
// aggregate tds_string_agg(expr, sep, 'AD..', k1, ...): one direction letter per key (SQLite 3.40
// has no ORDER BY inside an aggregate call). NULL values are skipped with their separator; no
// value at all gives NULL.

#include <optional>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags;

// STUFF(s, start, length, insert); nullopt where SQL Server returns NULL (start < 1, start past
// the end, negative length).
std::optional<std::string> stuff(const std::string& s, int64_t start, int64_t length,
                                 const std::string& insert);

Status register_string_functions(sqlite3* db, TypeTags* tags);

}  // namespace gw::tdsdev
