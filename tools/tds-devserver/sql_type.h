#pragma once
// The SQL Server column types the server sends, derived from SQLite declared column types
// (sqlite3_column_decltype) or, for expressions, from the first value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw::tdsdev {

enum class SqlType {
  kTinyInt,
  kSmallInt,
  kInt,
  kBigInt,
  kBit,
  kDecimal,
  kFloat,
  kReal,
  kMoney,
  kNVarChar,
  kVarChar,
  kVarBinary,
  kDate,
  kTime,
  kDateTime,
  kDateTime2,
  kDateTimeOffset,
  kUniqueIdentifier,
};

constexpr int kMaxLength = -1;  // (max): sent as PLP (MS-TDS §2.2.5.2.3)

struct ColumnType {
  SqlType type = SqlType::kInt;
  int length = 0;     // characters for nvarchar/varchar, bytes for varbinary; kMaxLength for (max)
  int precision = 0;  // decimal
  int scale = 0;      // decimal, and fractional-second digits of time/datetime2/datetimeoffset
};

// "NVARCHAR(50)", "decimal(10, 2)", "DATETIME2", "int" ... -> ColumnType; nullopt when not a SQL
// Server type we know (the caller then infers the type from values).
std::optional<ColumnType> parse_decltype(std::string_view decl);

// The SQL Server name: "nvarchar", "decimal" (without length), as sys.types and DATA_TYPE show it.
const char* type_name(SqlType t);
// "nvarchar(50)", "decimal(10,2)", "nvarchar(max)".
std::string full_type_name(const ColumnType& t);
// sys.types.system_type_id.
int system_type_id(SqlType t);
// sys.columns.max_length: bytes (-1 for max).
int max_length_bytes(const ColumnType& t);
// Numeric precision as sys.columns shows it (0 for strings).
int type_precision(const ColumnType& t);

}  // namespace gw::tdsdev
