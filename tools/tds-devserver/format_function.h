#pragma once
// FORMAT(value, format[, culture]) for the en-US culture (Microsoft Learn, "FORMAT (Transact-SQL)":
// .NET format strings). Numbers: standard N, F, D, C, X with a precision (N2, D5) and custom
// patterns of 0, #, ',' and '.' ("#,##0.00", "000"). Dates and times: custom patterns (yyyy, yy,
// MMMM, MMM, MM, M, dddd, ddd, dd, d, HH, H, hh, h, mm, m, ss, s, fff.., tt, quoted literals) and
// the standard d, D, t, T, s. .NET rounds numbers half away from zero after taking 15 significant
// digits of a double; so does this.

#include <optional>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags;

// nullopt: a pattern this server does not implement (the function then raises an error).
std::optional<std::string> format_number(double value, const std::string& pattern);
std::optional<std::string> format_datetime(const std::string& value, const std::string& pattern);

Status register_format_function(sqlite3* db, TypeTags* tags);

}  // namespace gw::tdsdev
