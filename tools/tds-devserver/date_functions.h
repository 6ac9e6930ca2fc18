#pragma once
// T-SQL date functions on the text dates this server stores: tds_dateadd, tds_datediff,
// tds_datepart, tds_datename (see tsql_dateparts.h), EOMONTH, and CONCAT (SQLite 3.40 has none).
// Week numbers and weekdays follow SQL Server's default DATEFIRST 7 (weeks start on Sunday).

#include <cstdint>
#include <optional>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags;

// Pure cores, exposed for tests. part: YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR,
// MINUTE, SECOND, MILLISECOND and their SQL Server abbreviations (YY, MM, DD, HH, MI, SS, MS, ...).
std::optional<std::string> date_add(const std::string& part, int64_t n, const std::string& date);
std::optional<int64_t> date_diff(const std::string& part, const std::string& from,
                                 const std::string& to);
std::optional<int64_t> date_part(const std::string& part, const std::string& date);

Status register_date_functions(sqlite3* db, TypeTags* tags);

}  // namespace gw::tdsdev
