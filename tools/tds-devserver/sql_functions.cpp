#include "sql_functions.h"

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <random>

#include <fmt/format.h>

#include "catalog_functions.h"
#include "convert_functions.h"
#include "date_functions.h"
#include "for_clause_functions.h"
#include "format_function.h"
#include "sqlite_calls.h"
#include "string_functions.h"
#include "transaction_state.h"
#include "value_codec.h"

namespace gw::tdsdev {

unsigned TypeTags::tag_for(const ColumnType& t) {
  for (size_t i = 0; i < types_.size(); ++i) {
    const auto& x = types_[i];
    if (x.type == t.type && x.length == t.length && x.precision == t.precision &&
        x.scale == t.scale) {
      return static_cast<unsigned>(i + 1);
    }
  }
  if (types_.size() >= 255) return 0;
  types_.push_back(t);
  return static_cast<unsigned>(types_.size());
}

std::optional<ColumnType> TypeTags::type_for(unsigned tag) const {
  if (tag == 0 || tag > types_.size()) return std::nullopt;
  return types_[tag - 1];
}

std::optional<std::string> canonical_datetime_text(const std::string& in, const ColumnType& t) {
  auto p = parse_datetime(in);
  if (!p) return std::nullopt;
  int y, m, d;
  civil_from_days(p->days, y, m, d);
  int64_t secs = p->ticks / 10000000, frac = p->ticks % 10000000;
  std::string time = fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
  std::string date = fmt::format("{:04}-{:02}-{:02}", y, m, d);
  switch (t.type) {
    case SqlType::kDate: return date;
    case SqlType::kTime: return time + fmt::format(".{:07}", frac);
    case SqlType::kDateTime: return date + " " + time + fmt::format(".{:03}", frac / 10000);
    case SqlType::kDateTimeOffset:
      return date + " " + time +
             fmt::format(".{:07} {}{:02}:{:02}", frac, p->offset_minutes < 0 ? '-' : '+',
                         std::abs(p->offset_minutes) / 60, std::abs(p->offset_minutes) % 60);
    default: return date + " " + time + fmt::format(".{:07}", frac);
  }
}

namespace {

struct FnData {
  TypeTags* tags;
  const SessionInfo* info;
};

FnData* data_of(sqlite3_context* c) { return static_cast<FnData*>(sqlite3_user_data(c)); }

void tag(sqlite3_context* c, const ColumnType& t) {
  unsigned k = data_of(c)->tags->tag_for(t);
  if (k != 0) sqlite3_result_subtype(c, k);
}

void conversion_failed(sqlite3_context* c, sqlite3_value* v, const ColumnType& t) {
  std::string msg =
      fmt::format("Conversion failed when converting the varchar value '{}' to data type {}.",
                  text_of(v), type_name(t.type));
  sqlite3_result_error(c, msg.c_str(), -1);
}

std::string now_text(bool utc, int digits) {
  auto now = std::chrono::system_clock::now();
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  if (utc)
    gmtime_r(&secs, &tm);
  else
    localtime_r(&secs, &tm);
  std::string s = fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string frac = fmt::format("{:06}0", us % 1000000);
  return s + "." + frac.substr(0, static_cast<size_t>(digits));
}

void fn_now(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, now_text(false, 3).c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kDateTime, 0, 23, 3});
}

void fn_sysdatetime(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, now_text(false, 7).c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kDateTime2, 0, 27, 7});
}

void fn_sysutcdatetime(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, now_text(true, 7).c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kDateTime2, 0, 27, 7});
}

void fn_utcnow(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, now_text(true, 3).c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kDateTime, 0, 23, 3});
}

void fn_sysdatetimeoffset(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_text(c, (now_text(true, 7) + " +00:00").c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kDateTimeOffset, 0, 34, 7});
}

void fn_len(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  std::string s = text_of(v[0]);
  while (!s.empty() && s.back() == ' ') s.pop_back();  // LEN ignores trailing blanks
  int64_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  sqlite3_result_int64(c, n);
}

void fn_datalength(sqlite3_context* c, int, sqlite3_value** v) {
  int t = sqlite3_value_type(v[0]);
  if (t == SQLITE_NULL) return sqlite3_result_null(c);
  if (t == SQLITE_BLOB) return sqlite3_result_int64(c, sqlite3_value_bytes(v[0]));
  if (t == SQLITE_INTEGER) return sqlite3_result_int64(c, 4);
  if (t == SQLITE_FLOAT) return sqlite3_result_int64(c, 8);
  sqlite3_result_int64(c, static_cast<int64_t>(utf8_to_utf16le(text_of(v[0])).size()));
}

void fn_newid(sqlite3_context* c, int, sqlite3_value**) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & ~0xF000ULL) | 0x4000ULL;  // version 4
  b = (b & ~(0xC0ULL << 56)) | (0x80ULL << 56);
  std::string s = fmt::format("{:08X}-{:04X}-{:04X}-{:04X}-{:012X}", a >> 32, (a >> 16) & 0xFFFF,
                              a & 0xFFFF, b >> 48, b & 0xFFFFFFFFFFFFULL);
  sqlite3_result_text(c, s.c_str(), -1, SQLITE_TRANSIENT);
  tag(c, {SqlType::kUniqueIdentifier, 0, 0, 0});
}

// Decimal text of more significant digits than a double keeps (15) stays text, rounded half up to
// the scale, so CAST('12.345678901234567890' AS decimal(38,18)) loses no digit; write_value sends
// decimal text exactly.
bool cast_exact_decimal(sqlite3_context* c, sqlite3_value* v, const ColumnType& t) {
  if (t.type != SqlType::kDecimal || sqlite3_value_type(v) != SQLITE_TEXT) return false;
  const std::string s = text_of(v);
  size_t digits = 0;
  bool leading = true;
  for (char ch : s) {
    if (ch >= '1' && ch <= '9') leading = false;
    if (ch >= '0' && ch <= '9' && !leading) ++digits;
  }
  if (digits <= 15) return false;
  auto scaled = parse_scaled(s, t.scale);
  if (!scaled) return false;
  UInt128 mag = *scaled < 0 ? static_cast<UInt128>(-*scaled) : static_cast<UInt128>(*scaled);
  std::string text;
  do {
    text.insert(text.begin(), static_cast<char>('0' + static_cast<int>(mag % 10)));
    mag /= 10;
  } while (mag != 0);
  while (text.size() <= static_cast<size_t>(t.scale)) text.insert(text.begin(), '0');
  if (t.scale > 0) text.insert(text.size() - static_cast<size_t>(t.scale), ".");
  if (*scaled < 0) text.insert(text.begin(), '-');
  sqlite3_result_text(c, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return true;
}

void cast_number(sqlite3_context* c, sqlite3_value* v, const ColumnType& t) {
  if (cast_exact_decimal(c, v, t)) return;
  int vt = sqlite3_value_type(v);
  bool integral = t.type == SqlType::kTinyInt || t.type == SqlType::kSmallInt ||
                  t.type == SqlType::kInt || t.type == SqlType::kBigInt || t.type == SqlType::kBit;
  double d = 0;
  if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
    d = sqlite3_value_double(v);
  } else {
    std::string s = text_of(v);
    char* end = nullptr;
    d = std::strtod(s.c_str(), &end);
    while (end && *end == ' ') ++end;
    if (s.empty() || end == s.c_str() || *end != 0) return conversion_failed(c, v, t);
    if (integral && s.find_first_of(".eE") != std::string::npos && vt == SQLITE_TEXT) {
      return conversion_failed(c, v, t);  // CAST('1.5' AS INT) fails in SQL Server
    }
  }
  if (t.type == SqlType::kBit) return sqlite3_result_int(c, d != 0);
  if (integral) {
    if (vt == SQLITE_INTEGER) return sqlite3_result_int64(c, sqlite3_value_int64(v));
    return sqlite3_result_int64(c, static_cast<int64_t>(std::trunc(d)));
  }
  if (t.type == SqlType::kDecimal || t.type == SqlType::kMoney) {
    double scale = std::pow(10.0, t.scale);
    return sqlite3_result_double(c, std::round(d * scale) / scale);
  }
  sqlite3_result_double(c, d);
}

void cast_value(sqlite3_context* c, sqlite3_value** v, const std::optional<ColumnType>& t) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  switch (t->type) {
    case SqlType::kNVarChar:
    case SqlType::kVarChar: {
      std::string s = text_of(v[0]);
      if (t->length != kMaxLength) {  // CAST truncates to the declared length (in characters)
        size_t chars = 0, i = 0;
        for (; i < s.size(); ++i) {
          if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 &&
              chars++ == static_cast<size_t>(t->length))
            break;
        }
        s.resize(i);
      }
      return sqlite3_result_text(c, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    case SqlType::kVarBinary: {
      std::string s = sqlite3_value_type(v[0]) == SQLITE_BLOB
                          ? std::string(static_cast<const char*>(sqlite3_value_blob(v[0])),
                                        static_cast<size_t>(sqlite3_value_bytes(v[0])))
                          : text_of(v[0]);
      return sqlite3_result_blob(c, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    case SqlType::kUniqueIdentifier: {
      auto g = parse_guid(text_of(v[0]));
      if (!g) {
        return sqlite3_result_error(c,
                                    "Conversion failed when converting from a character string to "
                                    "uniqueidentifier.",
                                    -1);
      }
      std::string hex;
      for (char ch : *g) hex += fmt::format("{:02X}", static_cast<uint8_t>(ch));
      std::string s = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                      hex.substr(16, 4) + "-" + hex.substr(20);
      return sqlite3_result_text(c, s.c_str(), -1, SQLITE_TRANSIENT);
    }
    case SqlType::kDate:
    case SqlType::kTime:
    case SqlType::kDateTime:
    case SqlType::kDateTime2:
    case SqlType::kDateTimeOffset: {
      auto s = canonical_datetime_text(text_of(v[0]), *t);
      if (!s) {
        return sqlite3_result_error(
            c,
            "Conversion failed when converting date and/or time from character "
            "string.",
            -1);
      }
      return sqlite3_result_text(c, s->c_str(), -1, SQLITE_TRANSIENT);
    }
    default: return cast_number(c, v[0], *t);
  }
}

void fn_cast(sqlite3_context* c, int, sqlite3_value** v) {
  auto t = parse_decltype(text_of(v[1]));
  if (!t) {
    std::string msg = fmt::format("Type {} is not a defined system type.", text_of(v[1]));
    return sqlite3_result_error(c, msg.c_str(), -1);
  }
  cast_value(c, v, t);
  tag(c, *t);  // after the result: setting a result clears its subtype
}

void fn_spid(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3_result_int(c, data_of(c)->info->spid);
}
void fn_trancount(sqlite3_context* c, int, sqlite3_value**) {
  sqlite3* db = sqlite3_context_db_handle(c);
  const TransactionState* tx = data_of(c)->info->transactions;
  sqlite3_result_int(c, tx ? tx->trancount(db) : sqlite3_get_autocommit(db) ? 0 : 1);
}
void fn_current_transaction_id(sqlite3_context* c, int, sqlite3_value**) {
  const TransactionState* tx = data_of(c)->info->transactions;
  if (!tx) return sqlite3_result_null(c);
  sqlite3_result_int64(c, static_cast<sqlite3_int64>(tx->current_id(sqlite3_context_db_handle(c))));
  tag(c, ColumnType{SqlType::kBigInt});  // bigint (Microsoft Learn: return type)
}
void fn_left_right(sqlite3_context* c, sqlite3_value** v, bool left) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL || sqlite3_value_type(v[1]) == SQLITE_NULL) {
    return sqlite3_result_null(c);
  }
  std::string s = text_of(v[0]);
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  int64_t k = std::max<int64_t>(0, sqlite3_value_int64(v[1]));
  size_t count = std::min<size_t>(static_cast<size_t>(k), starts.size());
  std::string r = left ? s.substr(0, count == starts.size() ? s.size() : starts[count])
                       : s.substr(count == 0 ? s.size() : starts[starts.size() - count]);
  sqlite3_result_text(c, r.c_str(), static_cast<int>(r.size()), SQLITE_TRANSIENT);
}
void fn_left(sqlite3_context* c, int, sqlite3_value** v) { fn_left_right(c, v, true); }
void fn_right(sqlite3_context* c, int, sqlite3_value** v) { fn_left_right(c, v, false); }

void fn_date_part(sqlite3_context* c, sqlite3_value* v, int which) {
  if (sqlite3_value_type(v) == SQLITE_NULL) return sqlite3_result_null(c);
  auto p = parse_datetime(text_of(v));
  if (!p)
    return sqlite3_result_error(c,
                                "Conversion failed when converting date and/or time from character "
                                "string.",
                                -1);
  int y, m, d;
  civil_from_days(p->days, y, m, d);
  sqlite3_result_int(c, which == 0 ? y : which == 1 ? m : d);
}
void fn_year(sqlite3_context* c, int, sqlite3_value** v) { fn_date_part(c, v[0], 0); }
void fn_month(sqlite3_context* c, int, sqlite3_value** v) { fn_date_part(c, v[0], 1); }
void fn_day(sqlite3_context* c, int, sqlite3_value** v) { fn_date_part(c, v[0], 2); }

void fn_charindex(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL || sqlite3_value_type(v[1]) == SQLITE_NULL) {
    return sqlite3_result_null(c);
  }
  std::string needle = text_of(v[0]), hay = text_of(v[1]);
  auto at = hay.find(needle);
  if (at == std::string::npos) return sqlite3_result_int(c, 0);
  int64_t chars = 1;
  for (size_t i = 0; i < at; ++i) chars += (static_cast<unsigned char>(hay[i]) & 0xC0) != 0x80;
  sqlite3_result_int64(c, chars);
}

// T-SQL "+": strings concatenate, numbers add, a string meeting a number is converted to a number
// (SQL Server's type precedence) and a string that is no number is a conversion error.
void fn_add(sqlite3_context* c, int, sqlite3_value** v) {
  int a = sqlite3_value_type(v[0]), b = sqlite3_value_type(v[1]);
  if (a == SQLITE_NULL || b == SQLITE_NULL) return sqlite3_result_null(c);
  bool text_a = a == SQLITE_TEXT || a == SQLITE_BLOB, text_b = b == SQLITE_TEXT || b == SQLITE_BLOB;
  if (text_a && text_b) {
    std::string s = text_of(v[0]) + text_of(v[1]);
    return sqlite3_result_text(c, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  for (int k = 0; k < 2; ++k) {
    if (sqlite3_value_type(v[k]) != SQLITE_TEXT) continue;
    if (sqlite3_value_numeric_type(v[k]) == SQLITE_TEXT) {
      std::string msg = fmt::format(
          "Conversion failed when converting the varchar value '{}' to data type {}.",
          text_of(v[k]), sqlite3_value_type(v[1 - k]) == SQLITE_FLOAT ? "float" : "int");
      return sqlite3_result_error(c, msg.c_str(), -1);
    }
  }
  if (sqlite3_value_numeric_type(v[0]) == SQLITE_INTEGER &&
      sqlite3_value_numeric_type(v[1]) == SQLITE_INTEGER) {
    int64_t r;
    if (!__builtin_add_overflow(sqlite3_value_int64(v[0]), sqlite3_value_int64(v[1]), &r)) {
      return sqlite3_result_int64(c, r);
    }
    return sqlite3_result_error(
        c, "Arithmetic overflow error converting expression to data type bigint.", -1);
  }
  sqlite3_result_double(c, sqlite3_value_double(v[0]) + sqlite3_value_double(v[1]));
}

void fn_quotename(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return sqlite3_result_null(c);
  std::string out = "[";
  for (char ch : text_of(v[0])) {
    out += ch;
    if (ch == ']') out += ']';
  }
  out += "]";
  sqlite3_result_text(c, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status register_functions(sqlite3* db, TypeTags* tags, const SessionInfo* info) {
  auto* data = new FnData{tags, info};
  struct Fn {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
    bool deterministic;
  };
  const Fn fns[] = {
      {"getdate", 0, fn_now, false},
      {"current_timestamp", 0, fn_now, false},
      {"sysdatetime", 0, fn_sysdatetime, false},
      {"getutcdate", 0, fn_utcnow, false},
      {"sysutcdatetime", 0, fn_sysutcdatetime, false},
      {"sysdatetimeoffset", 0, fn_sysdatetimeoffset, false},
      {"len", 1, fn_len, true},
      {"datalength", 1, fn_datalength, true},
      {"newid", 0, fn_newid, false},
      {"tds_cast", 2, fn_cast, true},
      {"tds_spid", 0, fn_spid, false},
      {"tds_trancount", 0, fn_trancount, false},
      {"current_transaction_id", 0, fn_current_transaction_id, false},
      {"left", 2, fn_left, true},
      {"right", 2, fn_right, true},
      {"year", 1, fn_year, true},
      {"month", 1, fn_month, true},
      {"day", 1, fn_day, true},
      {"charindex", 2, fn_charindex, true},
      {"tds_add", 2, fn_add, true},
      {"quotename", 1, fn_quotename, true},
  };
  for (const auto& f : fns) {
    int flags = SQLITE_UTF8 | (f.deterministic ? SQLITE_DETERMINISTIC : 0);
    void (*destroy)(void*) = nullptr;
    if (&f == &fns[0]) destroy = [](void* p) { delete static_cast<FnData*>(p); };
    int rc = sqlite3_create_function_v2(db, f.name, f.args, flags, data, f.fn, nullptr, nullptr,
                                        destroy);
    if (rc != SQLITE_OK)
      return internal_error(std::string("registering ") + f.name + ": " + sqlite3_errmsg(db));
  }
  if (Status s = register_date_functions(db, tags); !s.is_ok()) return s;
  for (auto* reg : {register_convert_functions, register_format_function, register_string_functions,
                    register_for_clause_functions}) {
    if (Status s = reg(db, tags); !s.is_ok()) return s;
  }
  return register_catalog_functions(db, info);
}

}  // namespace gw::tdsdev
