#pragma once
// TYPE_INFO (MS-TDS §2.2.5.6) and row values (§2.2.5.5) of the types in sql_type.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bytes.h"
#include "datetime_text.h"
#include "sql_type.h"
#include "util/status.h"

namespace gw::tdsdev {

// 128-bit integers for decimal(38) magnitudes (a GCC/Clang extension).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// A SQLite value, borrowed: text is UTF-8, blob is raw bytes.
struct CellValue {
  enum Kind { kNull, kInteger, kReal, kText, kBlob } kind = kNull;
  int64_t integer = 0;
  double real = 0;
  std::string_view bytes;
};

// SQL_Latin1_General_CP1_CI_AS, the collation this server announces (MS-TDS §2.2.5.1.2).
constexpr uint8_t kCollation[5] = {0x09, 0x04, 0xD0, 0x00, 0x34};

void write_type_info(ByteWriter& w, const ColumnType& t);
// Appends the value as a ROW token column. Errors read like SQL Server's conversion errors (Msg
// 245, 8114).
Status write_value(ByteWriter& w, const ColumnType& t, const CellValue& v);

// The type an expression column gets from its first value (SQL Server would know it statically).
ColumnType infer_type(const CellValue& v);

// Decimal text -> the integer value * 10^scale; nullopt on bad text or overflow of 38 digits.
std::optional<Int128> parse_scaled(std::string_view text, int scale);
// "{6F9619FF-8B86-D011-B42D-00C04FC964FF}" or without braces -> the 16 bytes in text order.
std::optional<std::string> parse_guid(std::string_view text);

}  // namespace gw::tdsdev
