#pragma once
// Dates and times as this server stores them in SQLite (ISO 8601 text) and counts them on the wire
// (days since 0001-01-01 in the proleptic Gregorian calendar, 100 ns ticks since midnight).

#include <cstdint>
#include <optional>
#include <string_view>

namespace gw::tdsdev {

struct DateTimeParts {
  int64_t days = 0;        // since 0001-01-01
  int64_t ticks = 0;       // 100 ns units since midnight
  int offset_minutes = 0;  // datetimeoffset only
};
// "2024-03-05", "2024-03-05 14:30:00.1234567", "2024-03-05T14:30:00Z", "... +02:00", "14:30:00".
std::optional<DateTimeParts> parse_datetime(std::string_view text);
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int& y, int& m, int& d);

}  // namespace gw::tdsdev
