#include "date_functions.h"

#include <sqlite3.h>

#include <string_view>

#include <fmt/format.h>

#include "datetime_text.h"
#include "sql_functions.h"
#include "sqlite_calls.h"
#include "tsql_lexer.h"

namespace gw::tdsdev {

namespace {

enum class Part {
  kYear,
  kQuarter,
  kMonth,
  kDayOfYear,
  kDay,
  kWeek,
  kWeekday,
  kHour,
  kMinute,
  kSecond,
  kMilli
};

constexpr int64_t kTicksPerDay = 864000000000LL;

std::optional<Part> parse_part(const std::string& s) {
  struct Name {
    const char* name;
    Part part;
  };
  static constexpr Name kNames[] = {{"YEAR", Part::kYear},       {"YY", Part::kYear},
                                    {"YYYY", Part::kYear},       {"QUARTER", Part::kQuarter},
                                    {"QQ", Part::kQuarter},      {"Q", Part::kQuarter},
                                    {"MONTH", Part::kMonth},     {"MM", Part::kMonth},
                                    {"M", Part::kMonth},         {"DAYOFYEAR", Part::kDayOfYear},
                                    {"DY", Part::kDayOfYear},    {"Y", Part::kDayOfYear},
                                    {"DAY", Part::kDay},         {"DD", Part::kDay},
                                    {"D", Part::kDay},           {"WEEK", Part::kWeek},
                                    {"WK", Part::kWeek},         {"WW", Part::kWeek},
                                    {"WEEKDAY", Part::kWeekday}, {"DW", Part::kWeekday},
                                    {"W", Part::kWeekday},       {"HOUR", Part::kHour},
                                    {"HH", Part::kHour},         {"MINUTE", Part::kMinute},
                                    {"MI", Part::kMinute},       {"N", Part::kMinute},
                                    {"SECOND", Part::kSecond},   {"SS", Part::kSecond},
                                    {"S", Part::kSecond},        {"MILLISECOND", Part::kMilli},
                                    {"MS", Part::kMilli}};
  std::string u = to_upper(s);
  for (const auto& n : kNames) {
    if (u == n.name) return n.part;
  }
  return std::nullopt;
}

int64_t unit_ticks(Part p) {
  switch (p) {
    case Part::kHour: return 36000000000LL;
    case Part::kMinute: return 600000000LL;
    case Part::kSecond: return 10000000LL;
    case Part::kMilli: return 10000LL;
    default: return kTicksPerDay;
  }
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int days_in_month(int y, int m) {
  return static_cast<int>(
      days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : static_cast<unsigned>(m + 1), 1) -
      days_from_civil(y, static_cast<unsigned>(m), 1));
}

// How the input was written, so the result is written the same way.
struct Shape {
  bool has_time = false;
  int frac_digits = 0;
  std::string offset;  // " +05:30" or empty
};

Shape shape_of(const std::string& s) {
  Shape sh;
  sh.has_time = s.size() > 10 && (s[10] == ' ' || s[10] == 'T');
  auto dot = s.find('.');
  if (dot != std::string::npos) {
    size_t i = dot + 1;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    sh.frac_digits = static_cast<int>(i - dot - 1);
  }
  auto sign = s.find_last_of("+-");
  if (sh.has_time && sign != std::string::npos && sign > 10 &&
      s.find(':', sign) != std::string::npos) {
    sh.offset = " " + s.substr(sign);
  }
  return sh;
}

std::string format(int64_t days, int64_t ticks, const Shape& sh) {
  int y, m, d;
  civil_from_days(days, y, m, d);
  std::string out = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (!sh.has_time) return out;
  int64_t s = ticks / 10000000;
  out += fmt::format(" {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  if (sh.frac_digits > 0)
    out +=
        "." + fmt::format("{:07}", ticks % 10000000).substr(0, static_cast<size_t>(sh.frac_digits));
  return out + sh.offset;
}

}  // namespace

std::optional<std::string> date_add(const std::string& part_name, int64_t n,
                                    const std::string& date) {
  auto part = parse_part(part_name);
  auto p = parse_datetime(date);
  if (!part || !p) return std::nullopt;
  Shape sh = shape_of(date);
  int64_t days = p->days, ticks = p->ticks;
  if (*part == Part::kYear || *part == Part::kQuarter || *part == Part::kMonth) {
    int y, m, d;
    civil_from_days(days, y, m, d);
    int64_t months = int64_t{y} * 12 + (m - 1) +
                     n * (*part == Part::kYear      ? 12
                          : *part == Part::kQuarter ? 3
                                                    : 1);
    y = static_cast<int>(floor_div(months, 12));
    m = static_cast<int>(months - int64_t{y} * 12 + 1);
    if (y < 1 || y > 9999) return std::nullopt;
    days = days_from_civil(y, static_cast<unsigned>(m),
                           static_cast<unsigned>(std::min(d, days_in_month(y, m))));
  } else if (*part == Part::kWeek) {
    days += 7 * n;
  } else {
    int64_t total = days * kTicksPerDay + ticks + n * unit_ticks(*part);
    days = floor_div(total, kTicksPerDay);
    ticks = total - days * kTicksPerDay;
    if (unit_ticks(*part) < kTicksPerDay) sh.has_time = true;
    if (*part == Part::kMilli && sh.frac_digits < 3) sh.frac_digits = 3;
  }
  if (days < 0 || days >= days_from_civil(10000, 1, 1)) return std::nullopt;
  return format(days, ticks, sh);
}

std::optional<int64_t> date_diff(const std::string& part_name, const std::string& from,
                                 const std::string& to) {
  auto part = parse_part(part_name);
  auto a = parse_datetime(from), b = parse_datetime(to);
  if (!part || !a || !b) return std::nullopt;
  int y1, m1, d1, y2, m2, d2;
  civil_from_days(a->days, y1, m1, d1);
  civil_from_days(b->days, y2, m2, d2);
  switch (*part) {
    case Part::kYear: return y2 - y1;
    case Part::kQuarter: return (y2 * 4 + (m2 - 1) / 3) - (y1 * 4 + (m1 - 1) / 3);
    case Part::kMonth: return (y2 * 12 + m2) - (y1 * 12 + m1);
    case Part::kWeek:
      return floor_div(b->days + 1, 7) - floor_div(a->days + 1, 7);  // weeks start on Sunday
    case Part::kDay:
    case Part::kDayOfYear:
    case Part::kWeekday: return b->days - a->days;
    default: {
      int64_t u = unit_ticks(*part);
      return floor_div(b->days * kTicksPerDay + b->ticks, u) -
             floor_div(a->days * kTicksPerDay + a->ticks, u);
    }
  }
}

std::optional<int64_t> date_part(const std::string& part_name, const std::string& date) {
  auto part = parse_part(part_name);
  auto p = parse_datetime(date);
  if (!part || !p) return std::nullopt;
  int y, m, d;
  civil_from_days(p->days, y, m, d);
  int64_t doy = p->days - days_from_civil(y, 1, 1) + 1;
  auto weekday = [](int64_t days) {
    return (days + 1) % 7 + 1;
  };  // 0001-01-01 was a Monday; Sunday = 1
  switch (*part) {
    case Part::kYear: return y;
    case Part::kQuarter: return (m - 1) / 3 + 1;
    case Part::kMonth: return m;
    case Part::kDayOfYear: return doy;
    case Part::kDay: return d;
    case Part::kWeekday: return weekday(p->days);
    case Part::kWeek: return (doy + weekday(days_from_civil(y, 1, 1)) - 2) / 7 + 1;
    case Part::kHour: return p->ticks / 36000000000LL;
    case Part::kMinute: return p->ticks / 600000000LL % 60;
    case Part::kSecond: return p->ticks / 10000000 % 60;
    case Part::kMilli: return p->ticks / 10000 % 1000;
  }
  return std::nullopt;
}

namespace {

void bad_date(sqlite3_context* c, sqlite3_value** v, int date_arg) {
  if (!parse_part(text_of(v[0]))) {
    std::string m = fmt::format("'{}' is not a recognized datepart option.", text_of(v[0]));
    return sqlite3_result_error(c, m.c_str(), -1);
  }
  (void)date_arg;
  sqlite3_result_error(
      c, "Conversion failed when converting date and/or time from character string.", -1);
}

void tag_like(sqlite3_context* c, const std::string& result) {
  auto* tags = static_cast<TypeTags*>(sqlite3_user_data(c));
  Shape sh = shape_of(result);
  ColumnType t = !sh.has_time          ? ColumnType{SqlType::kDate, 0, 10, 0}
                 : !sh.offset.empty()  ? ColumnType{SqlType::kDateTimeOffset, 0, 34, 7}
                 : sh.frac_digits <= 3 ? ColumnType{SqlType::kDateTime, 0, 23, 3}
                                       : ColumnType{SqlType::kDateTime2, 0, 27, 7};
  if (unsigned k = tags->tag_for(t); k != 0) sqlite3_result_subtype(c, k);
}

void fn_dateadd(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[1]) == SQLITE_NULL || sqlite3_value_type(v[2]) == SQLITE_NULL)
    return sqlite3_result_null(c);
  auto r = date_add(text_of(v[0]), sqlite3_value_int64(v[1]), text_of(v[2]));
  if (!r) return bad_date(c, v, 2);
  sqlite3_result_text(c, r->c_str(), -1, SQLITE_TRANSIENT);
  tag_like(c, *r);
}

void fn_datediff(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[1]) == SQLITE_NULL || sqlite3_value_type(v[2]) == SQLITE_NULL)
    return sqlite3_result_null(c);
  auto r = date_diff(text_of(v[0]), text_of(v[1]), text_of(v[2]));
  if (!r) return bad_date(c, v, 1);
  sqlite3_result_int64(c, *r);
}

void fn_datepart(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[1]) == SQLITE_NULL) return sqlite3_result_null(c);
  auto r = date_part(text_of(v[0]), text_of(v[1]));
  if (!r) return bad_date(c, v, 1);
  sqlite3_result_int64(c, *r);
}

void fn_datename(sqlite3_context* c, int, sqlite3_value** v) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};
  if (sqlite3_value_type(v[1]) == SQLITE_NULL) return sqlite3_result_null(c);
  auto r = date_part(text_of(v[0]), text_of(v[1]));
  if (!r) return bad_date(c, v, 1);
  auto part = parse_part(text_of(v[0]));
  std::string s = *part == Part::kMonth     ? kMonths[*r - 1]
                  : *part == Part::kWeekday ? kDays[*r - 1]
                                            : std::to_string(*r);
  sqlite3_result_text(c, s.c_str(), -1, SQLITE_TRANSIENT);
}

void fn_eomonth(sqlite3_context* c, int n, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  auto p = parse_datetime(text_of(v[0]));
  if (!p)
    return sqlite3_result_error(
        c, "Conversion failed when converting date and/or time from character string.", -1);
  int y, m, d;
  civil_from_days(p->days, y, m, d);
  std::string first = fmt::format("{:04}-{:02}-01", y, m);
  auto moved = date_add("MONTH", n == 2 ? sqlite3_value_int64(v[1]) : 0, first);
  if (!moved)
    return sqlite3_result_error(c, "Adding a value to a 'date' column caused an overflow.", -1);
  auto last = date_add("DAY", -1, *date_add("MONTH", 1, *moved));
  sqlite3_result_text(c, last->c_str(), -1, SQLITE_TRANSIENT);
  tag_like(c, *last);
}

void fn_concat(sqlite3_context* c, int n, sqlite3_value** v) {
  std::string out;
  for (int i = 0; i < n; ++i) out += text_of(v[i]);  // NULL counts as an empty string
  sqlite3_result_text(c, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status register_date_functions(sqlite3* db, TypeTags* tags) {
  return create_scalar_functions(db,
                                 {{"tds_dateadd", 3, fn_dateadd},
                                  {"tds_datediff", 3, fn_datediff},
                                  {"tds_datepart", 2, fn_datepart},
                                  {"tds_datename", 2, fn_datename},
                                  {"eomonth", 1, fn_eomonth},
                                  {"eomonth", 2, fn_eomonth},
                                  {"concat", -1, fn_concat}},
                                 tags);
}

}  // namespace gw::tdsdev
