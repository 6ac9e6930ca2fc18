#include "value_codec.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "type_tokens.h"

namespace gw::tdsdev {

namespace {

constexpr uint64_t kPlpNull = ~0ULL;

int time_bytes(int scale) { return scale <= 2 ? 3 : scale <= 4 ? 4 : 5; }

std::string value_text(const CellValue& v) {
  switch (v.kind) {
    case CellValue::kInteger: return std::to_string(v.integer);
    case CellValue::kReal: return fmt::format("{}", v.real);
    default: return std::string(v.bytes);
  }
}

Status conversion_error(const CellValue& v, const ColumnType& t) {
  return invalid_argument(
      fmt::format("Conversion failed when converting the nvarchar value '{}' to "
                  "data type {}.",
                  value_text(v), type_name(t.type)));
}

void write_plp(ByteWriter& w, std::string_view data) {
  w.u64(data.size());
  if (!data.empty()) {
    w.u32(static_cast<uint32_t>(data.size()));
    w.bytes(data);
  }
  w.u32(0);  // PLP_TERMINATOR
}

void write_le(ByteWriter& w, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) w.u8((v >> (8 * i)) & 0xFF);
}

Status write_string(ByteWriter& w, const ColumnType& t, const CellValue& v) {
  std::string data;
  if (t.type == SqlType::kVarBinary) {
    data = v.kind == CellValue::kBlob || v.kind == CellValue::kText ? std::string(v.bytes)
                                                                    : value_text(v);
  } else {
    std::string text = value_text(v);
    data = t.type == SqlType::kNVarChar ? utf8_to_utf16le(text) : utf8_to_cp1252(text);
  }
  if (t.length == kMaxLength) {
    write_plp(w, data);
    return Status::ok();
  }
  size_t max_bytes = static_cast<size_t>(max_length_bytes(t));
  if (data.size() > max_bytes) {
    return invalid_argument(
        fmt::format("String or binary data would be truncated: {} bytes into {}.", data.size(),
                    full_type_name(t)));
  }
  w.u16(static_cast<uint16_t>(data.size()));
  w.bytes(data);
  return Status::ok();
}

std::optional<int64_t> as_integer(const CellValue& v) {
  if (v.kind == CellValue::kInteger) return v.integer;
  if (v.kind == CellValue::kReal && std::floor(v.real) == v.real && std::fabs(v.real) < 9.2e18) {
    return static_cast<int64_t>(v.real);
  }
  if (v.kind == CellValue::kText) {
    auto s = parse_scaled(v.bytes, 0);
    if (s && *s <= INT64_MAX && *s >= INT64_MIN) return static_cast<int64_t>(*s);
  }
  return std::nullopt;
}

std::optional<Int128> as_scaled(const CellValue& v, int scale) {
  if (v.kind == CellValue::kInteger) return parse_scaled(std::to_string(v.integer), scale);
  if (v.kind == CellValue::kReal) return parse_scaled(fmt::format("{:.{}f}", v.real, scale), scale);
  if (v.kind == CellValue::kText) return parse_scaled(v.bytes, scale);
  return std::nullopt;
}

Status write_integer(ByteWriter& w, const ColumnType& t, const CellValue& v) {
  auto i = as_integer(v);
  int n = max_length_bytes(t);
  int64_t lo = t.type == SqlType::kTinyInt ? 0 : n == 8 ? INT64_MIN : -(int64_t{1} << (8 * n - 1));
  int64_t hi = t.type == SqlType::kTinyInt ? 255
               : n == 8                    ? INT64_MAX
                                           : (int64_t{1} << (8 * n - 1)) - 1;
  if (t.type == SqlType::kBit && i) *i = *i != 0;
  if (!i) return conversion_error(v, t);
  if (*i < lo || *i > hi) {
    return invalid_argument(fmt::format(
        "Arithmetic overflow error converting expression to data type {}.", type_name(t.type)));
  }
  w.u8(static_cast<uint8_t>(n));
  write_le(w, static_cast<uint64_t>(*i), n);
  return Status::ok();
}

Status write_decimal(ByteWriter& w, const ColumnType& t, const CellValue& v) {
  auto s = as_scaled(v, t.scale);
  if (!s) return conversion_error(v, t);
  Int128 limit = 1;
  for (int k = 0; k < t.precision; ++k) limit *= 10;
  Int128 mag = *s < 0 ? -*s : *s;
  if (mag >= limit)
    return invalid_argument("Arithmetic overflow error converting numeric to data type numeric.");
  int n = max_length_bytes(t);
  w.u8(static_cast<uint8_t>(n));
  w.u8(*s < 0 ? 0 : 1);
  for (int k = 0; k < n - 1; ++k) w.u8(static_cast<uint8_t>((mag >> (8 * k)) & 0xFF));
  return Status::ok();
}

Status write_datetime(ByteWriter& w, const ColumnType& t, const CellValue& v) {
  std::optional<DateTimeParts> p;
  if (v.kind == CellValue::kText) p = parse_datetime(v.bytes);
  if (!p) {
    return invalid_argument(
        fmt::format("Conversion failed when converting date and/or time from "
                    "character string '{}'.",
                    value_text(v)));
  }
  int64_t scale_div = 1;
  for (int k = t.scale; k < 7; ++k) scale_div *= 10;
  auto write_time = [&](int64_t ticks, int64_t& days) {
    int64_t units = (ticks + scale_div / 2) / scale_div;
    int64_t per_day = 864000000000LL / scale_div;
    if (units >= per_day) {  // rounding up past midnight moves to the next day, as SQL Server does
      units -= per_day;
      ++days;
    }
    write_le(w, static_cast<uint64_t>(units), time_bytes(t.scale));
  };
  int64_t days = p->days;
  switch (t.type) {
    case SqlType::kDate:
      w.u8(3);
      write_le(w, static_cast<uint64_t>(days), 3);
      break;
    case SqlType::kTime:
      w.u8(static_cast<uint8_t>(time_bytes(t.scale)));
      write_time(p->ticks, days);
      break;
    case SqlType::kDateTime2: {
      w.u8(static_cast<uint8_t>(time_bytes(t.scale) + 3));
      write_time(p->ticks, days);
      write_le(w, static_cast<uint64_t>(days), 3);
      break;
    }
    case SqlType::kDateTimeOffset: {
      // MS-TDS §2.2.5.5.1.8: the time and date are UTC; the offset follows.
      int64_t ticks = p->ticks - int64_t{p->offset_minutes} * 600000000LL;
      while (ticks < 0) {
        ticks += 864000000000LL;
        --days;
      }
      while (ticks >= 864000000000LL) {
        ticks -= 864000000000LL;
        ++days;
      }
      w.u8(static_cast<uint8_t>(time_bytes(t.scale) + 5));
      write_time(ticks, days);
      write_le(w, static_cast<uint64_t>(days), 3);
      w.u16(static_cast<uint16_t>(static_cast<int16_t>(p->offset_minutes)));
      break;
    }
    default: {  // datetime: days since 1900-01-01 and 1/300 s since midnight
      int64_t d1900 = days - days_from_civil(1900, 1, 1) + days_from_civil(1, 1, 1);
      int64_t t300 = (p->ticks * 3 + 50000) / 100000;
      if (t300 >= 25920000) {
        t300 -= 25920000;
        ++d1900;
      }
      w.u8(8);
      w.u32(static_cast<uint32_t>(static_cast<int32_t>(d1900)));
      w.u32(static_cast<uint32_t>(t300));
    }
  }
  return Status::ok();
}

}  // namespace

void write_type_info(ByteWriter& w, const ColumnType& t) {
  switch (t.type) {
    case SqlType::kTinyInt:
    case SqlType::kSmallInt:
    case SqlType::kInt:
    case SqlType::kBigInt:
      w.u8(kIntN);
      w.u8(static_cast<uint8_t>(max_length_bytes(t)));
      break;
    case SqlType::kBit:
      w.u8(kBitN);
      w.u8(1);
      break;
    case SqlType::kFloat:
      w.u8(kFltN);
      w.u8(8);
      break;
    case SqlType::kReal:
      w.u8(kFltN);
      w.u8(4);
      break;
    case SqlType::kMoney:
      w.u8(kMoneyN);
      w.u8(8);
      break;
    case SqlType::kDateTime:
      w.u8(kDateTimN);
      w.u8(8);
      break;
    case SqlType::kUniqueIdentifier:
      w.u8(kGuid);
      w.u8(16);
      break;
    case SqlType::kDate: w.u8(kDateN); break;
    case SqlType::kTime:
      w.u8(kTimeN);
      w.u8(static_cast<uint8_t>(t.scale));
      break;
    case SqlType::kDateTime2:
      w.u8(kDateTime2N);
      w.u8(static_cast<uint8_t>(t.scale));
      break;
    case SqlType::kDateTimeOffset:
      w.u8(kDateTimeOffsetN);
      w.u8(static_cast<uint8_t>(t.scale));
      break;
    case SqlType::kDecimal:
      w.u8(kDecimalN);
      w.u8(static_cast<uint8_t>(max_length_bytes(t)));
      w.u8(static_cast<uint8_t>(t.precision));
      w.u8(static_cast<uint8_t>(t.scale));
      break;
    case SqlType::kNVarChar:
    case SqlType::kVarChar:
    case SqlType::kVarBinary:
      w.u8(t.type == SqlType::kNVarChar  ? kNVarChar
           : t.type == SqlType::kVarChar ? kBigVarChr
                                         : kBigVarBin);
      w.u16(t.length == kMaxLength ? 0xFFFF : static_cast<uint16_t>(max_length_bytes(t)));
      if (t.type != SqlType::kVarBinary) w.bytes(kCollation, sizeof kCollation);
      break;
  }
}

Status write_value(ByteWriter& w, const ColumnType& t, const CellValue& v) {
  bool is_var =
      t.type == SqlType::kNVarChar || t.type == SqlType::kVarChar || t.type == SqlType::kVarBinary;
  if (v.kind == CellValue::kNull) {
    if (is_var && t.length == kMaxLength)
      w.u64(kPlpNull);
    else if (is_var)
      w.u16(0xFFFF);
    else
      w.u8(0);
    return Status::ok();
  }
  switch (t.type) {
    case SqlType::kTinyInt:
    case SqlType::kSmallInt:
    case SqlType::kInt:
    case SqlType::kBigInt:
    case SqlType::kBit: return write_integer(w, t, v);
    case SqlType::kFloat:
    case SqlType::kReal: {
      double d = v.kind == CellValue::kReal      ? v.real
                 : v.kind == CellValue::kInteger ? static_cast<double>(v.integer)
                                                 : NAN;
      if (v.kind == CellValue::kText) {
        char* end = nullptr;
        std::string s(v.bytes);
        d = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != 0) return conversion_error(v, t);
      }
      if (std::isnan(d)) return conversion_error(v, t);
      if (t.type == SqlType::kReal) {
        float f = static_cast<float>(d);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        w.u8(4);
        w.u32(bits);
      } else {
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        w.u8(8);
        w.u64(bits);
      }
      return Status::ok();
    }
    case SqlType::kMoney: {
      auto s = as_scaled(v, 4);
      if (!s) return conversion_error(v, t);
      auto m = static_cast<uint64_t>(static_cast<int64_t>(*s));
      w.u8(8);
      w.u32(static_cast<uint32_t>(m >> 32));  // MS-TDS §2.2.5.5.1.4: high half first
      w.u32(static_cast<uint32_t>(m & 0xFFFFFFFF));
      return Status::ok();
    }
    case SqlType::kDecimal: return write_decimal(w, t, v);
    case SqlType::kUniqueIdentifier: {
      std::optional<std::string> g;
      if (v.kind == CellValue::kText) g = parse_guid(v.bytes);
      if (v.kind == CellValue::kBlob && v.bytes.size() == 16) g = std::string(v.bytes);
      if (!g) {
        return invalid_argument(
            fmt::format("Conversion failed when converting from a character string to "
                        "uniqueidentifier."));
      }
      // The first three groups are little-endian integers on the wire.
      const std::string& b = *g;
      std::string wire = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]};
      wire += b.substr(8);
      w.u8(16);
      w.bytes(wire);
      return Status::ok();
    }
    case SqlType::kNVarChar:
    case SqlType::kVarChar:
    case SqlType::kVarBinary: return write_string(w, t, v);
    default: return write_datetime(w, t, v);
  }
}

ColumnType infer_type(const CellValue& v) {
  switch (v.kind) {
    case CellValue::kInteger:
      return {v.integer >= INT32_MIN && v.integer <= INT32_MAX ? SqlType::kInt : SqlType::kBigInt,
              0, 0, 0};
    case CellValue::kReal: return {SqlType::kFloat, 0, 53, 0};
    case CellValue::kText:
      return {SqlType::kNVarChar, v.bytes.size() > 4000 ? kMaxLength : 4000, 0, 0};
    case CellValue::kBlob:
      return {SqlType::kVarBinary, v.bytes.size() > 8000 ? kMaxLength : 8000, 0, 0};
    default: return {SqlType::kInt, 0, 0, 0};  // SELECT NULL is an int column in SQL Server
  }
}

std::optional<Int128> parse_scaled(std::string_view s, int scale) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  Int128 v = 0;
  int digits = 0, frac_digits = 0;
  bool seen_dot = false, round_up = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !seen_dot) {
      seen_dot = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (seen_dot && frac_digits == scale) {
      if (frac_digits == scale && !round_up && c >= '5') round_up = true;
      frac_digits = scale + 1;  // ignore the rest, rounding once on the first dropped digit
      continue;
    }
    if (seen_dot && frac_digits > scale) continue;
    v = v * 10 + (c - '0');
    if (++digits > 38) return std::nullopt;
    if (seen_dot) ++frac_digits;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size() || digits == 0) return std::nullopt;
  for (; frac_digits < scale; ++frac_digits) v *= 10;
  if (round_up) ++v;
  return neg ? -v : v;
}

std::optional<std::string> parse_guid(std::string_view s) {
  std::string out;
  int hi = -1;
  for (char c : s) {
    if (c == '-' || c == '{' || c == '}') continue;
    int n = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (n < 0) return std::nullopt;
    if (hi < 0) {
      hi = n;
    } else {
      out += static_cast<char>(hi * 16 + n);
      hi = -1;
    }
  }
  if (out.size() != 16 || hi >= 0) return std::nullopt;
  return out;
}

}  // namespace gw::tdsdev
