#include "format_function.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "datetime_text.h"
#include "sql_functions.h"
#include "sqlite_calls.h"
#include "tsql_lexer.h"
#include "value_codec.h"

namespace gw::tdsdev {

namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

// |value| rounded half away from zero to `decimals`, as digit text: {integer digits, fraction}.
std::pair<std::string, std::string> rounded_digits(double value, int decimals) {
  std::string text = fmt::format("{:.15g}", std::fabs(value));
  if (text.find_first_of("eE") != std::string::npos)
    text = fmt::format("{:.20f}", std::fabs(value));
  auto scaled = parse_scaled(text, decimals);
  UInt128 v = scaled ? static_cast<UInt128>(*scaled) : 0;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  while (digits.size() < static_cast<size_t>(decimals) + 1) digits.insert(digits.begin(), '0');
  size_t cut = digits.size() - static_cast<size_t>(decimals);
  return {digits.substr(0, cut), digits.substr(cut)};
}

std::string grouped(const std::string& int_digits) {
  std::string out;
  for (size_t i = 0; i < int_digits.size(); ++i) {
    if (i != 0 && (int_digits.size() - i) % 3 == 0) out += ',';
    out += int_digits[i];
  }
  return out;
}

std::string number_text(double value, int decimals, bool group, size_t min_int_digits) {
  auto [i, f] = rounded_digits(value, decimals);
  while (i.size() > 1 && i.size() > min_int_digits && i.front() == '0') i.erase(i.begin());
  while (i.size() < min_int_digits) i.insert(i.begin(), '0');
  if (min_int_digits == 0 && i == "0") i.clear();
  std::string s = group ? grouped(i) : i;
  if (decimals > 0) s += "." + f;
  bool zero = std::all_of(i.begin(), i.end(), [](char ch) { return ch == '0'; }) &&
              std::all_of(f.begin(), f.end(), [](char ch) { return ch == '0'; });
  return (value < 0 && !zero ? "-" : "") + s;
}

std::optional<int> precision_of(const std::string& pattern, int fallback) {
  if (pattern.size() == 1) return fallback;
  for (size_t k = 1; k < pattern.size(); ++k)
    if (!std::isdigit(static_cast<unsigned char>(pattern[k]))) return std::nullopt;
  int p = std::atoi(pattern.c_str() + 1);
  return p <= 99 ? std::optional<int>(p) : std::nullopt;
}

}  // namespace

std::optional<std::string> format_number(double value, const std::string& pattern) {
  if (pattern.empty()) return std::nullopt;
  const char kind = static_cast<char>(std::toupper(static_cast<unsigned char>(pattern[0])));
  if (std::isalpha(static_cast<unsigned char>(pattern[0]))) {
    auto p = precision_of(pattern, kind == 'D' || kind == 'X' ? 0 : 2);
    if (!p) return std::nullopt;
    switch (kind) {
      case 'N': return number_text(value, *p, true, 1);
      case 'F': return number_text(value, *p, false, 1);
      case 'C': {
        // en-US: "$1,234.50"; a negative amount in parentheses (.NET Framework's
        // CurrencyNegativePattern 0 for en-US).
        std::string s = number_text(std::fabs(value), *p, true, 1);
        return value < 0 ? "($" + s + ")" : "$" + s;
      }
      case 'D': {
        if (value != std::floor(value)) return std::nullopt;  // D is for integral types only
        std::string s =
            number_text(std::fabs(value), 0, false, static_cast<size_t>(std::max(1, *p)));
        return (value < 0 ? "-" : "") + s;
      }
      case 'X': {
        if (value != std::floor(value) || value < 0) return std::nullopt;
        std::string s = fmt::format("{:X}", static_cast<uint64_t>(value));
        if (pattern[0] == 'x') {
          for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        while (s.size() < static_cast<size_t>(*p)) s.insert(s.begin(), '0');
        return s;
      }
      default: return std::nullopt;
    }
  }
  // Custom pattern: [prefix] digits with 0/#/','/'.' [suffix]; one section only.
  size_t first = pattern.find_first_of("0#"), last = pattern.find_last_of("0#");
  if (first == std::string::npos || pattern.find(';') != std::string::npos) return std::nullopt;
  std::string prefix = pattern.substr(0, first), suffix = pattern.substr(last + 1);
  std::string body = pattern.substr(first, last - first + 1);
  if (body.find_first_not_of("0#,.") != std::string::npos) return std::nullopt;
  if (prefix.find_first_of("%‰\\'\"") != std::string::npos ||
      suffix.find_first_of("%‰\\'\"") != std::string::npos)
    return std::nullopt;
  size_t dot = body.find('.');
  std::string int_part = body.substr(0, dot),
              frac_part = dot == std::string::npos ? "" : body.substr(dot + 1);
  if (frac_part.find(',') != std::string::npos) return std::nullopt;
  if (frac_part.find('#') != std::string::npos) return std::nullopt;  // optional decimals: not done
  size_t min_int = static_cast<size_t>(std::count(int_part.begin(), int_part.end(), '0'));
  bool group = int_part.find(',') != std::string::npos;
  std::string n = number_text(value, static_cast<int>(frac_part.size()), group, min_int);
  bool neg = !n.empty() && n[0] == '-';
  return (neg ? "-" : "") + prefix + (neg ? n.substr(1) : n) + suffix;
}

std::optional<std::string> format_datetime(const std::string& value, const std::string& pattern) {
  auto p = parse_datetime(value);
  if (!p) return std::nullopt;
  int y, mo, d;
  civil_from_days(p->days, y, mo, d);
  const int64_t secs = p->ticks / 10000000, frac = p->ticks % 10000000;
  const int hh = static_cast<int>(secs / 3600), mi = static_cast<int>(secs / 60 % 60),
            ss = static_cast<int>(secs % 60);
  const int weekday = static_cast<int>((p->days + 1) % 7);  // 0001-01-01 was a Monday
  // Standard date and time format strings (en-US).
  if (pattern == "d") return format_datetime(value, "M/d/yyyy");
  if (pattern == "D") return format_datetime(value, "dddd, MMMM d, yyyy");
  if (pattern == "t") return format_datetime(value, "h:mm tt");
  if (pattern == "T") return format_datetime(value, "h:mm:ss tt");
  if (pattern == "s") return format_datetime(value, "yyyy-MM-dd'T'HH:mm:ss");
  if (pattern.size() == 1) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    char ch = pattern[i];
    size_t n = 1;
    while (i + n < pattern.size() && pattern[i + n] == ch) ++n;
    switch (ch) {
      case 'y':
        out += n == 2   ? fmt::format("{:02}", y % 100)
               : n == 1 ? std::to_string(y % 100)
                        : fmt::format("{:0{}}", y, n);
        break;
      case 'M':
        out += n >= 4   ? std::string(kMonthNames[mo - 1])
               : n == 3 ? std::string(kMonthNames[mo - 1]).substr(0, 3)
               : n == 2 ? fmt::format("{:02}", mo)
                        : std::to_string(mo);
        break;
      case 'd':
        out += n >= 4   ? std::string(kDayNames[weekday])
               : n == 3 ? std::string(kDayNames[weekday]).substr(0, 3)
               : n == 2 ? fmt::format("{:02}", d)
                        : std::to_string(d);
        break;
      case 'H': out += n >= 2 ? fmt::format("{:02}", hh) : std::to_string(hh); break;
      case 'h': {
        int h12 = hh % 12 == 0 ? 12 : hh % 12;
        out += n >= 2 ? fmt::format("{:02}", h12) : std::to_string(h12);
        break;
      }
      case 'm': out += n >= 2 ? fmt::format("{:02}", mi) : std::to_string(mi); break;
      case 's': out += n >= 2 ? fmt::format("{:02}", ss) : std::to_string(ss); break;
      case 'f':
        if (n > 7) return std::nullopt;
        out += fmt::format("{:07}", frac).substr(0, n);
        break;
      case 't': out += n >= 2 ? (hh < 12 ? "AM" : "PM") : (hh < 12 ? "A" : "P"); break;
      case '\'':
      case '"': {
        size_t close = pattern.find(ch, i + 1);
        if (close == std::string::npos) return std::nullopt;
        out += pattern.substr(i + 1, close - i - 1);
        n = close - i + 1;
        break;
      }
      case '\\':
        if (i + 1 >= pattern.size()) return std::nullopt;
        out += pattern[i + 1];
        n = 2;
        break;
      default:
        if (std::isalpha(static_cast<unsigned char>(ch)))
          return std::nullopt;  // g, K, z, F: not done
        out += pattern.substr(i, n);
        break;
    }
    i += n;
  }
  return out;
}

namespace {

void fn_format(sqlite3_context* c, int n, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL || sqlite3_value_type(v[1]) == SQLITE_NULL)
    return sqlite3_result_null(c);
  if (n == 3 && sqlite3_value_type(v[2]) != SQLITE_NULL) {
    std::string culture = to_upper(text_of(v[2]));
    if (culture != "EN-US" && !culture.empty())
      return sqlite3_result_error(
          c, "FORMAT with a culture other than en-US is not supported by tds-devserver.", -1);
  }
  const std::string pattern = text_of(v[1]);
  std::optional<std::string> s;
  const int vt = sqlite3_value_type(v[0]);
  if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
    s = format_number(sqlite3_value_double(v[0]), pattern);
  } else {
    const std::string text = text_of(v[0]);
    s = format_datetime(text, pattern);
    if (!s && sqlite3_value_numeric_type(v[0]) != SQLITE_TEXT)
      s = format_number(sqlite3_value_double(v[0]), pattern);
  }
  if (!s) {
    std::string msg =
        fmt::format("FORMAT pattern '{}' is not supported by tds-devserver.", pattern);
    return sqlite3_result_error(c, msg.c_str(), -1);
  }
  sqlite3_result_text(c, s->c_str(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  auto* tags = static_cast<TypeTags*>(sqlite3_user_data(c));
  // "Return types: nvarchar or null" (FORMAT (Transact-SQL)); the length is 4000.
  if (unsigned k = tags->tag_for({SqlType::kNVarChar, 4000, 0, 0}); k != 0)
    sqlite3_result_subtype(c, k);
}

}  // namespace

Status register_format_function(sqlite3* db, TypeTags* tags) {
  return create_scalar_functions(db, {{"format", 2, fn_format}, {"format", 3, fn_format}}, tags);
}

}  // namespace gw::tdsdev
