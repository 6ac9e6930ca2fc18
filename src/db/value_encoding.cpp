#include "db/value_encoding.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "db/json_text.h"

namespace gw::db {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A length in characters, or "max" for the MAX types (length -1/0 or beyond the 8000-byte page
// limit).
std::string length_suffix(int max_length, int bytes_per_char) {
  if (max_length <= 0 || max_length > 8000) return "(max)";
  return fmt::format("({})", max_length / bytes_per_char);
}

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

// Days since 1970-01-01 -> proleptic Gregorian date, by 400-year eras of 146097 days.
CivilDate civil_from_unix_days(std::int64_t z) {
  z += 719468;  // shift the epoch to 0000-03-01 so leap days fall at the end of a year
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const int day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
  const int month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

constexpr std::int64_t kDays1900To1970 = 25567;
constexpr std::uint64_t kHundredNsPerDay = 864'000'000'000ULL;

}  // namespace

std::string sql_type_name(int server_type, int max_length, int precision, int scale,
                          std::string_view declaration) {
  namespace t = tds_type;
  switch (server_type) {
    case t::kInt1: return "tinyint";
    case t::kInt2: return "smallint";
    case t::kInt4: return "int";
    case t::kInt8: return "bigint";
    case t::kIntN:
      switch (max_length) {
        case 1: return "tinyint";
        case 2: return "smallint";
        case 8: return "bigint";
        default: return "int";
      }
    case t::kBit:
    case t::kBitN: return "bit";
    case t::kFlt4: return "real";
    case t::kFlt8: return "float";
    case t::kFltN: return max_length == 4 ? "real" : "float";
    case t::kMoney: return "money";
    case t::kMoney4: return "smallmoney";
    case t::kMoneyN: return max_length == 4 ? "smallmoney" : "money";
    case t::kDateTime: return "datetime";
    case t::kDateTim4: return "smalldatetime";
    case t::kDateTimN: return max_length == 4 ? "smalldatetime" : "datetime";
    case t::kDecimal:
    case t::kDecimalN: return fmt::format("decimal({},{})", precision, scale);
    case t::kNumeric:
    case t::kNumericN: return fmt::format("numeric({},{})", precision, scale);
    case t::kDateN: return "date";
    case t::kTimeN: return fmt::format("time({})", scale);
    case t::kDateTime2N: return fmt::format("datetime2({})", scale);
    case t::kDateTimeOffsetN: return fmt::format("datetimeoffset({})", scale);
    case t::kGuid: return "uniqueidentifier";
    case t::kChar:
    case t::kBigChar: return "char" + length_suffix(max_length, 1);
    case t::kVarChar:
    case t::kBigVarChar: return "varchar" + length_suffix(max_length, 1);
    case t::kNChar: return "nchar" + length_suffix(max_length, 2);
    case t::kNVarChar: return "nvarchar" + length_suffix(max_length, 2);
    case t::kBinary:
    case t::kBigBinary: return "binary" + length_suffix(max_length, 1);
    case t::kVarBinary:
    case t::kBigVarBinary: return "varbinary" + length_suffix(max_length, 1);
    case t::kText: return "text";
    case t::kNText: return "ntext";
    case t::kImage: return "image";
    case t::kXml: return "xml";
    case t::kVariant: return "sql_variant";
    default: break;
  }
  if (!declaration.empty()) return lower(declaration);
  return fmt::format("type 0x{:02X}", server_type);
}

std::string base64_encode(const unsigned char* data, std::size_t size) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const std::uint32_t v = data[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (size - i == 2) {
    const std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string money_to_string(std::int64_t ten_thousandths) {
  const bool negative = ten_thousandths < 0;
  // Magnitude as unsigned so INT64_MIN does not overflow.
  const std::uint64_t magnitude = negative ? ~static_cast<std::uint64_t>(ten_thousandths) + 1
                                           : static_cast<std::uint64_t>(ten_thousandths);
  return fmt::format("{}{}.{:04}", negative ? "-" : "", magnitude / 10000, magnitude % 10000);
}

std::string format_date(std::int64_t days_since_1900) {
  const CivilDate d = civil_from_unix_days(days_since_1900 - kDays1900To1970);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string format_time(std::uint64_t hundred_ns, int scale) {
  const std::uint64_t total_seconds = hundred_ns / 10'000'000;
  std::string out = fmt::format("{:02}:{:02}:{:02}", total_seconds / 3600,
                                (total_seconds / 60) % 60, total_seconds % 60);
  if (scale > 0) {
    const std::string fraction = fmt::format("{:07}", hundred_ns % 10'000'000);
    out += '.';
    out += fraction.substr(0, static_cast<std::size_t>(scale > 7 ? 7 : scale));
  }
  return out;
}

std::string format_datetime(std::int64_t days_since_1900, std::int64_t ticks_300) {
  // datetime counts 1/300 s; SQL Server shows it rounded to milliseconds (.000, .003, .007).
  const std::int64_t ms = (ticks_300 * 1000 + 150) / 300;
  return fmt::format("{}T{:02}:{:02}:{:02}.{:03}", format_date(days_since_1900), ms / 3'600'000,
                     (ms / 60'000) % 60, (ms / 1000) % 60, ms % 1000);
}

std::string format_smalldatetime(std::int64_t days_since_1900, int minutes) {
  return fmt::format("{}T{:02}:{:02}:00", format_date(days_since_1900), minutes / 60, minutes % 60);
}

std::string format_datetimeoffset(std::int64_t utc_days, std::uint64_t utc_hundred_ns,
                                  int offset_minutes, int scale) {
  std::int64_t local = static_cast<std::int64_t>(utc_hundred_ns) +
                       static_cast<std::int64_t>(offset_minutes) * 60 * 10'000'000;
  std::int64_t days = utc_days;
  const auto per_day = static_cast<std::int64_t>(kHundredNsPerDay);
  while (local < 0) {
    local += per_day;
    --days;
  }
  while (local >= per_day) {
    local -= per_day;
    ++days;
  }
  const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}T{}{}{:02}:{:02}", format_date(days),
                     format_time(static_cast<std::uint64_t>(local), scale),
                     offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

void append_bigint_json(std::string& out, std::int64_t value) {
  out += '"';
  append_json_integer(out, value);
  out += '"';
}

void append_real_json(std::string& out, float value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer - 1, value);
  *result.ptr = '\0';
  append_json_double(out, std::strtod(buffer, nullptr));
}

std::string format_guid(const unsigned char b[16]) {
  return fmt::format(
      "{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:"
      "02X}{:02X}",
      b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
      b[15]);
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length =
        static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8_sequence_length(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

}  // namespace gw::db
