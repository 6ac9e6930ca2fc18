#include "convert_functions.h"

#include <sqlite3.h>

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "datetime_text.h"
#include "sql_functions.h"
#include "sql_type.h"
#include "sqlite_calls.h"
#include "value_codec.h"

namespace gw::tdsdev {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Parts {
  int y, m, d, hh, mi, ss;
  int64_t frac;     // 100 ns units
  int frac_digits;  // as stored: 0 for whole seconds, 3 for datetime, 7 for datetime2
  bool has_date, has_time;
};

std::optional<Parts> parts_of(const std::string& v) {
  auto p = parse_datetime(v);
  if (!p) return std::nullopt;
  Parts r{};
  civil_from_days(p->days, r.y, r.m, r.d);
  int64_t secs = p->ticks / 10000000;
  r.frac = p->ticks % 10000000;
  r.hh = static_cast<int>(secs / 3600);
  r.mi = static_cast<int>(secs / 60 % 60);
  r.ss = static_cast<int>(secs % 60);
  r.has_date = v.size() >= 10 && v[4] == '-';
  r.has_time = v.find(':') != std::string::npos;
  auto dot = v.find('.', r.has_date ? 10 : 0);
  if (dot != std::string::npos) {
    size_t k = dot + 1;
    while (k < v.size() && v[k] >= '0' && v[k] <= '9') ++k;
    r.frac_digits = static_cast<int>(k - dot - 1);
  }
  return r;
}

std::string fraction(const Parts& p, int digits) {
  return fmt::format("{:07}", p.frac).substr(0, static_cast<size_t>(digits));
}

std::string twelve_hour(const Parts& p, bool seconds_and_ms) {
  int h = p.hh % 12 == 0 ? 12 : p.hh % 12;
  std::string s = fmt::format("{}:{:02}", h, p.mi);
  if (seconds_and_ms) s += fmt::format(":{:02}:{}", p.ss, fraction(p, 3));
  return s + (p.hh < 12 ? "AM" : "PM");
}

}  // namespace

std::optional<std::string> format_date_style(const std::string& value, int style) {
  auto p = parts_of(value);
  if (!p) return std::nullopt;
  const bool century = style >= 100;
  const std::string yy = century ? fmt::format("{:04}", p->y) : fmt::format("{:02}", p->y % 100);
  const std::string mm = fmt::format("{:02}", p->m), dd = fmt::format("{:02}", p->d);
  const std::string hms = fmt::format("{:02}:{:02}:{:02}", p->hh, p->mi, p->ss);
  const std::string iso_date = fmt::format("{:04}-{}-{}", p->y, mm, dd);
  // Fractional digits of styles 21/121/126: those of the type (3 for datetime, 7 for datetime2).
  const int digits = p->frac_digits == 0 ? 3 : p->frac_digits;
  switch (style) {
    case 0:
    case 100:
      return fmt::format("{} {:>2} {:04} {:>7}", kMonths[p->m - 1], p->d, p->y,
                         twelve_hour(*p, false));
    case 9:
    case 109:
      return fmt::format("{} {:>2} {:04} {}", kMonths[p->m - 1], p->d, p->y, twelve_hour(*p, true));
    case 1:
    case 101: return mm + "/" + dd + "/" + yy;
    case 2:
    case 102: return yy + "." + mm + "." + dd;
    case 3:
    case 103: return dd + "/" + mm + "/" + yy;
    case 4:
    case 104: return dd + "." + mm + "." + yy;
    case 5:
    case 105: return dd + "-" + mm + "-" + yy;
    case 6:
    case 106: return dd + " " + kMonths[p->m - 1] + " " + yy;
    case 7:
    case 107: return std::string(kMonths[p->m - 1]) + " " + dd + ", " + yy;
    case 8:
    case 24:
    case 108: return hms;
    case 10:
    case 110: return mm + "-" + dd + "-" + yy;
    case 11:
    case 111: return yy + "/" + mm + "/" + dd;
    case 12:
    case 112: return yy + mm + dd;
    case 13:
    case 113:
      return fmt::format("{} {} {:04} {}:{}", dd, kMonths[p->m - 1], p->y, hms, fraction(*p, 3));
    case 14:
    case 114: return hms + ":" + fraction(*p, 3);
    case 20:
    case 120: return p->has_date ? iso_date + " " + hms : hms;
    case 21:
    case 25:
    case 121: return (p->has_date ? iso_date + " " : "") + hms + "." + fraction(*p, digits);
    case 23: return iso_date;
    case 126:
    case 127: {
      // "When the value for milliseconds (mmm) is 0, the millisecond decimal fraction value
      // won't display" (CAST and CONVERT, note to style 126).
      std::string s = iso_date + "T" + hms;
      if (p->frac != 0) s += "." + fraction(*p, digits);
      return style == 127 ? s + "Z" : s;
    }
    default: return std::nullopt;
  }
}

std::optional<std::string> parse_date_style(const std::string& text, int style) {
  int a = 0, b = 0, c = 0;
  char s1 = 0, s2 = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c%d", &a, &s1, &b, &s2, &c) != 5) {
    if (style == 112 && text.size() == 8) {
      a = std::atoi(text.substr(0, 4).c_str());
      b = std::atoi(text.substr(4, 2).c_str());
      c = std::atoi(text.substr(6, 2).c_str());
      return fmt::format("{:04}-{:02}-{:02}", a, b, c);
    }
    return std::nullopt;
  }
  int y, m, d;
  switch (style % 100) {
    case 1:
    case 10: m = a, d = b, y = c; break;  // mm/dd/yyyy, mm-dd-yyyy
    case 3:
    case 4:
    case 5: d = a, m = b, y = c; break;   // dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy
    default: y = a, m = b, d = c; break;  // yyyy.mm.dd, yyyy/mm/dd, ISO
  }
  if (style < 100 && y < 100) y += y < 50 ? 2000 : 1900;  // two-digit year cutoff 2049
  std::string iso = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (!parse_datetime(iso)) return std::nullopt;
  return iso;
}

namespace {

// CONVERT(varchar, date, style): the styled text, or the value unchanged when it is no date.
void fn_style_out(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL || sqlite3_value_type(v[1]) == SQLITE_NULL)
    return sqlite3_result_null(c);
  if (sqlite3_value_type(v[0]) == SQLITE_TEXT) {
    if (auto s = format_date_style(text_of(v[0]), sqlite3_value_int(v[1]))) {
      return sqlite3_result_text(c, s->c_str(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    }
  }
  sqlite3_result_value(c, v[0]);
}

// CONVERT(date, 'dd/mm/yyyy', 103): the ISO text tds_cast reads; unchanged for other styles.
void fn_style_in(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  std::string text = text_of(v[0]);
  int style = sqlite3_value_int(v[1]);
  if (style != 0 && style != 120 && style != 121 && style != 126 && style != 23) {
    if (auto s = parse_date_style(text, style)) {
      return sqlite3_result_text(c, s->c_str(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
    }
  }
  sqlite3_result_value(c, v[0]);
}

// Would tds_cast(x, type) succeed? TRY_CAST and TRY_CONVERT return NULL where CAST fails
// ("TRY_CONVERT (Transact-SQL)": "returns a value cast to the specified data type if the cast
// succeeds; otherwise, returns null").
bool castable(sqlite3_value* v, const ColumnType& t) {
  const int vt = sqlite3_value_type(v);
  if (vt == SQLITE_NULL) return true;
  const std::string s = text_of(v);
  switch (t.type) {
    case SqlType::kNVarChar:
    case SqlType::kVarChar:
    case SqlType::kVarBinary: return true;
    case SqlType::kUniqueIdentifier: return parse_guid(s).has_value();
    case SqlType::kDate:
    case SqlType::kTime:
    case SqlType::kDateTime:
    case SqlType::kDateTime2:
    case SqlType::kDateTimeOffset: return canonical_datetime_text(s, t).has_value();
    default: break;
  }
  double d = 0;
  if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
    d = sqlite3_value_double(v);
  } else {
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    while (end && *end == ' ') ++end;
    if (s.empty() || end == s.c_str() || *end != 0) return false;
    const bool integral = t.type == SqlType::kTinyInt || t.type == SqlType::kSmallInt ||
                          t.type == SqlType::kInt || t.type == SqlType::kBigInt;
    if (integral && s.find_first_of(".eE") != std::string::npos) return false;
  }
  switch (t.type) {
    case SqlType::kTinyInt: return d > -1 && d < 256;
    case SqlType::kSmallInt: return d > -32769 && d < 32768;
    case SqlType::kInt: return d > -2147483649.0 && d < 2147483648.0;
    case SqlType::kBigInt: return std::fabs(d) < 9.2233720368547758e18;
    case SqlType::kDecimal: return std::fabs(d) < std::pow(10.0, t.precision - t.scale);
    default: return true;
  }
}

void fn_can_cast(sqlite3_context* c, int, sqlite3_value** v) {
  auto t = parse_decltype(text_of(v[1]));
  sqlite3_result_int(c, t && castable(v[0], *t) ? 1 : 0);
}

// DATEFROMPARTS(year, month, day): a date; NULL when an argument is NULL; error 289 when the
// parts make no date ("DATEFROMPARTS (Transact-SQL)").
void fn_datefromparts(sqlite3_context* c, int n, sqlite3_value** v) {
  for (int i = 0; i < n; ++i)
    if (sqlite3_value_type(v[i]) == SQLITE_NULL) return sqlite3_result_null(c);
  int64_t y = sqlite3_value_int64(v[0]), m = sqlite3_value_int64(v[1]),
          d = sqlite3_value_int64(v[2]);
  std::string s = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 || !parse_datetime(s) ||
      canonical_datetime_text(s, {SqlType::kDate}) != s) {
    return sqlite3_result_error(
        c,
        "Cannot construct data type date, some of the arguments have values which are not valid.",
        -1);
  }
  sqlite3_result_text(c, s.c_str(), -1, SQLITE_TRANSIENT);
  auto* tags = static_cast<TypeTags*>(sqlite3_user_data(c));
  if (unsigned k = tags->tag_for({SqlType::kDate, 0, 10, 0}); k != 0) sqlite3_result_subtype(c, k);
}

}  // namespace

Status register_convert_functions(sqlite3* db, TypeTags* tags) {
  return create_scalar_functions(db,
                                 {{"tds_style_out", 2, fn_style_out},
                                  {"tds_style_in", 2, fn_style_in},
                                  {"tds_can_cast", 2, fn_can_cast},
                                  {"datefromparts", 3, fn_datefromparts}},
                                 tags);
}

}  // namespace gw::tdsdev
