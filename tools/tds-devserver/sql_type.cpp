#include "sql_type.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

namespace gw::tdsdev {

namespace {

std::string lower_trim(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

struct Entry {
  const char* name;
  SqlType type;
  int length, precision, scale;
};

// Names SQL Server accepts, with the defaults it applies when no arguments are given.
constexpr Entry kTypes[] = {
    {"tinyint", SqlType::kTinyInt, 0, 3, 0},
    {"smallint", SqlType::kSmallInt, 0, 5, 0},
    {"int", SqlType::kInt, 0, 10, 0},
    {"integer", SqlType::kInt, 0, 10, 0},
    {"bigint", SqlType::kBigInt, 0, 19, 0},
    {"bit", SqlType::kBit, 0, 1, 0},
    {"boolean", SqlType::kBit, 0, 1, 0},
    {"decimal", SqlType::kDecimal, 0, 18, 0},
    {"numeric", SqlType::kDecimal, 0, 18, 0},
    {"float", SqlType::kFloat, 0, 53, 0},
    {"double", SqlType::kFloat, 0, 53, 0},
    {"real", SqlType::kReal, 0, 24, 0},
    {"money", SqlType::kMoney, 0, 19, 4},
    {"smallmoney", SqlType::kMoney, 0, 19, 4},
    {"nvarchar", SqlType::kNVarChar, 1, 0, 0},
    {"nchar", SqlType::kNVarChar, 1, 0, 0},
    {"ntext", SqlType::kNVarChar, kMaxLength, 0, 0},
    {"text", SqlType::kNVarChar, kMaxLength, 0, 0},
    {"varchar", SqlType::kVarChar, 1, 0, 0},
    {"char", SqlType::kVarChar, 1, 0, 0},
    {"sysname", SqlType::kNVarChar, 128, 0, 0},
    {"varbinary", SqlType::kVarBinary, 1, 0, 0},
    {"binary", SqlType::kVarBinary, 1, 0, 0},
    {"blob", SqlType::kVarBinary, kMaxLength, 0, 0},
    {"image", SqlType::kVarBinary, kMaxLength, 0, 0},
    {"date", SqlType::kDate, 0, 10, 0},
    {"time", SqlType::kTime, 0, 16, 7},
    {"datetime", SqlType::kDateTime, 0, 23, 3},
    {"smalldatetime", SqlType::kDateTime, 0, 23, 3},
    {"datetime2", SqlType::kDateTime2, 0, 27, 7},
    {"datetimeoffset", SqlType::kDateTimeOffset, 0, 34, 7},
    {"uniqueidentifier", SqlType::kUniqueIdentifier, 0, 0, 0},
};

}  // namespace

std::optional<ColumnType> parse_decltype(std::string_view decl) {
  std::string s = lower_trim(decl);
  // SQLite keeps the declaration verbatim; drop any collation or constraint words glued after it.
  std::string base = s.substr(0, s.find('('));
  std::vector<std::string> args;
  if (auto open = s.find('('); open != std::string::npos) {
    auto close = s.find(')', open);
    if (close == std::string::npos) return std::nullopt;
    std::string inner = s.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (start <= inner.size()) {
      size_t comma = inner.find(',', start);
      if (comma == std::string::npos) comma = inner.size();
      args.push_back(inner.substr(start, comma - start));
      start = comma + 1;
    }
  }
  const auto* e = std::find_if(std::begin(kTypes), std::end(kTypes),
                               [&](const Entry& x) { return base == x.name; });
  if (e == std::end(kTypes)) return std::nullopt;
  ColumnType t{e->type, e->length, e->precision, e->scale};
  auto num = [](const std::string& a) { return std::atoi(a.c_str()); };
  switch (t.type) {
    case SqlType::kNVarChar:
    case SqlType::kVarChar:
    case SqlType::kVarBinary:
      if (!args.empty()) t.length = args[0] == "max" ? kMaxLength : std::max(1, num(args[0]));
      if (t.type == SqlType::kNVarChar && t.length > 4000) t.length = kMaxLength;
      if (t.type != SqlType::kNVarChar && t.length > 8000) t.length = kMaxLength;
      break;
    case SqlType::kDecimal:
      if (!args.empty()) t.precision = std::clamp(num(args[0]), 1, 38);
      if (args.size() > 1) t.scale = std::clamp(num(args[1]), 0, t.precision);
      break;
    case SqlType::kFloat:
      if (!args.empty() && num(args[0]) <= 24) t.type = SqlType::kReal;
      break;
    case SqlType::kTime:
    case SqlType::kDateTime2:
    case SqlType::kDateTimeOffset:
      if (!args.empty()) t.scale = std::clamp(num(args[0]), 0, 7);
      break;
    default: break;
  }
  return t;
}

const char* type_name(SqlType t) {
  switch (t) {
    case SqlType::kTinyInt: return "tinyint";
    case SqlType::kSmallInt: return "smallint";
    case SqlType::kInt: return "int";
    case SqlType::kBigInt: return "bigint";
    case SqlType::kBit: return "bit";
    case SqlType::kDecimal: return "decimal";
    case SqlType::kFloat: return "float";
    case SqlType::kReal: return "real";
    case SqlType::kMoney: return "money";
    case SqlType::kNVarChar: return "nvarchar";
    case SqlType::kVarChar: return "varchar";
    case SqlType::kVarBinary: return "varbinary";
    case SqlType::kDate: return "date";
    case SqlType::kTime: return "time";
    case SqlType::kDateTime: return "datetime";
    case SqlType::kDateTime2: return "datetime2";
    case SqlType::kDateTimeOffset: return "datetimeoffset";
    case SqlType::kUniqueIdentifier: return "uniqueidentifier";
  }
  return "sql_variant";
}

std::string full_type_name(const ColumnType& t) {
  std::string n = type_name(t.type);
  switch (t.type) {
    case SqlType::kNVarChar:
    case SqlType::kVarChar:
    case SqlType::kVarBinary:
      return n + "(" + (t.length == kMaxLength ? std::string("max") : std::to_string(t.length)) +
             ")";
    case SqlType::kDecimal:
      return n + "(" + std::to_string(t.precision) + "," + std::to_string(t.scale) + ")";
    case SqlType::kTime:
    case SqlType::kDateTime2:
    case SqlType::kDateTimeOffset: return n + "(" + std::to_string(t.scale) + ")";
    default: return n;
  }
}

int system_type_id(SqlType t) {
  switch (t) {
    case SqlType::kTinyInt: return 48;
    case SqlType::kSmallInt: return 52;
    case SqlType::kInt: return 56;
    case SqlType::kBigInt: return 127;
    case SqlType::kBit: return 104;
    case SqlType::kDecimal: return 106;
    case SqlType::kFloat: return 62;
    case SqlType::kReal: return 59;
    case SqlType::kMoney: return 60;
    case SqlType::kNVarChar: return 231;
    case SqlType::kVarChar: return 167;
    case SqlType::kVarBinary: return 165;
    case SqlType::kDate: return 40;
    case SqlType::kTime: return 41;
    case SqlType::kDateTime: return 61;
    case SqlType::kDateTime2: return 42;
    case SqlType::kDateTimeOffset: return 43;
    case SqlType::kUniqueIdentifier: return 36;
  }
  return 0;
}

int max_length_bytes(const ColumnType& t) {
  switch (t.type) {
    case SqlType::kTinyInt:
    case SqlType::kBit: return 1;
    case SqlType::kSmallInt: return 2;
    case SqlType::kInt:
    case SqlType::kReal: return 4;
    case SqlType::kBigInt:
    case SqlType::kFloat:
    case SqlType::kMoney:
    case SqlType::kDateTime: return 8;
    case SqlType::kDecimal:
      return t.precision <= 9 ? 5 : t.precision <= 19 ? 9 : t.precision <= 28 ? 13 : 17;
    case SqlType::kNVarChar: return t.length == kMaxLength ? -1 : t.length * 2;
    case SqlType::kVarChar:
    case SqlType::kVarBinary: return t.length;
    case SqlType::kDate: return 3;
    case SqlType::kTime: return t.scale <= 2 ? 3 : t.scale <= 4 ? 4 : 5;
    case SqlType::kDateTime2: return (t.scale <= 2 ? 3 : t.scale <= 4 ? 4 : 5) + 3;
    case SqlType::kDateTimeOffset: return (t.scale <= 2 ? 3 : t.scale <= 4 ? 4 : 5) + 5;
    case SqlType::kUniqueIdentifier: return 16;
  }
  return 0;
}

int type_precision(const ColumnType& t) {
  switch (t.type) {
    case SqlType::kTinyInt: return 3;
    case SqlType::kSmallInt: return 5;
    case SqlType::kInt: return 10;
    case SqlType::kBigInt: return 19;
    case SqlType::kBit: return 1;
    case SqlType::kDecimal: return t.precision;
    case SqlType::kFloat: return 53;
    case SqlType::kReal: return 24;
    case SqlType::kMoney: return 19;
    case SqlType::kDate: return 10;
    case SqlType::kTime: return t.scale == 0 ? 8 : 9 + t.scale;
    case SqlType::kDateTime: return 23;
    case SqlType::kDateTime2: return t.scale == 0 ? 19 : 20 + t.scale;
    case SqlType::kDateTimeOffset: return t.scale == 0 ? 26 : 27 + t.scale;
    default: return 0;
  }
}

}  // namespace gw::tdsdev
