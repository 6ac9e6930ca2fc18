#include "date_functions.h"

#include <doctest/doctest.h>

#include "tsql_translator.h"

namespace gw::tdsdev {
namespace {

TEST_CASE("DATEADD keeps the shape of its input") {
  struct Case {
    const char* part;
    int64_t n;
    const char* date;
    const char* want;
  };
  const Case cases[] = {
      {"day", 1, "2024-02-28", "2024-02-29"},
      {"month", 1, "2024-01-31", "2024-02-29"},  // clamped to the month's last day
      {"yy", -1, "2024-02-29", "2023-02-28"},
      {"hour", 25, "2024-01-01 00:00:00.000", "2024-01-02 01:00:00.000"},
      {"minute", -1, "2024-01-01 00:00:00", "2023-12-31 23:59:00"},
      {"quarter", 1, "2024-11-30 10:00:00.1234567 +05:30", "2025-02-28 10:00:00.1234567 +05:30"},
      {"ms", 5, "2024-01-01", "2024-01-01 00:00:00.005"},
      {"week", 2, "2024-12-25", "2025-01-08"},
  };
  for (const auto& c : cases) {
    CAPTURE(std::string(c.part));
    auto r = date_add(c.part, c.n, c.date);
    REQUIRE(r.has_value());
    CHECK(*r == c.want);
  }
  CHECK_FALSE(date_add("fortnight", 1, "2024-01-01").has_value());
  CHECK_FALSE(date_add("day", 1, "not a date").has_value());
  CHECK_FALSE(date_add("year", 1, "9999-06-01").has_value());
}

TEST_CASE("DATEDIFF counts boundaries crossed, as SQL Server does") {
  CHECK(*date_diff("day", "2024-01-01", "2024-03-01") == 60);
  CHECK(*date_diff("month", "2023-12-31", "2024-01-01") == 1);
  CHECK(*date_diff("year", "2023-12-31 23:59:59", "2024-01-01") == 1);
  CHECK(*date_diff("week", "2024-01-06", "2024-01-07") == 1);  // Saturday -> Sunday
  CHECK(*date_diff("hour", "2024-01-01 10:59:59", "2024-01-01 11:00:00") == 1);
  CHECK(*date_diff("second", "2024-01-02", "2024-01-01") == -86400);
}

TEST_CASE("DATEPART with DATEFIRST 7") {
  CHECK(*date_part("weekday", "2024-01-07") == 1);  // a Sunday
  CHECK(*date_part("dw", "2024-01-01") == 2);       // a Monday
  CHECK(*date_part("week", "2024-01-06") == 1);
  CHECK(*date_part("week", "2024-01-07") == 2);
  CHECK(*date_part("dayofyear", "2024-12-31") == 366);
  CHECK(*date_part("quarter", "2024-08-15") == 3);
  CHECK(*date_part("hour", "2024-01-01 13:45:30.250") == 13);
  CHECK(*date_part("millisecond", "2024-01-01 13:45:30.250") == 250);
}

TEST_CASE("date parts become strings before SQLite sees them") {
  auto r = translate_batch(
      "SELECT DATEADD(day, -30, GETDATE()), DATEDIFF(mm, a, b), DATEPART(yyyy, d) FROM t",
      TranslateContext{.name_result_columns = false});
  REQUIRE(r.is_ok());
  CHECK((*r)[0].sqlite_sql ==
        "SELECT tds_dateadd('DAY', - 30, GETDATE()), tds_datediff('MM', a, b), "
        "tds_datepart('YYYY', d) FROM t");
}

}  // namespace
}  // namespace gw::tdsdev
