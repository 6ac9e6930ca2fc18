#pragma once
// CONVERT's style argument, TRY_CAST/TRY_CONVERT and DATEFROMPARTS on the text dates this server
// stores (Microsoft Learn, "CAST and CONVERT (Transact-SQL)", Date and time styles; "TRY_CONVERT";
// "DATEFROMPARTS"). The translator writes CONVERT(varchar(n), d, 103) as
// tds_cast(tds_style_out(d, 103), 'varchar(n)') and CONVERT(date, s, 103) as
// tds_cast(tds_style_in(s, 103), 'date'); TRY_ forms become tds_try_cast(x, 'type').

#include <optional>
#include <string>

#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TypeTags;

// Pure cores, exposed for tests. A date/time text in this server's form -> the text CONVERT gives
// for `style`; nullopt when the style is not a date style or the text is no date/time.
std::optional<std::string> format_date_style(const std::string& value, int style);
// Text written in `style` (dd/mm/yyyy for 103, ...) -> ISO text; nullopt when it does not parse.
std::optional<std::string> parse_date_style(const std::string& text, int style);

Status register_convert_functions(sqlite3* db, TypeTags* tags);

}  // namespace gw::tdsdev
