#pragma once
// Pure encoders from SQL Server values (as db-lib hands them over) to exact JSON.
//
// Decisions (documented in src/db/README.md):
// - decimal/numeric/money/smallmoney -> JSON string, exact digits (money with its 4 stored
// decimals);
// - bigint -> JSON string ALWAYS (a column's JSON type never depends on its values; JavaScript
// clients lose
//   precision beyond 2^53); tinyint/smallint/int -> JSON number;
// - float/real -> JSON number (real printed with its shortest float form, 0.1 not
// 0.10000000149011612);
// - date/time types -> ISO 8601 text: date "2024-01-15", time "10:30:00.1234567" (fraction digits =
// scale),
//   datetime "2024-01-15T10:30:00.123", smalldatetime "2024-01-15T10:30:00", datetime2(n) with n
//   digits, datetimeoffset(n) with the offset "+02:00" (local time as written, not converted to
//   UTC);
// - binary/varbinary/image/timestamp -> base64 (RFC 4648 §4, with padding);
// - uniqueidentifier -> "6F9619FF-8B86-D011-B42D-00C04FC964FF" (SQL Server's text form);
// - bit -> true/false; NULL -> null; text -> UTF-8 string (invalid bytes replaced by U+FFFD).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gw::db {

// TDS data type codes on the wire (MS-TDS 2.2.5.4.1-3), as db-lib's DBCOL2.ServerType reports them.
namespace tds_type {
inline constexpr int kImage = 0x22, kText = 0x23, kGuid = 0x24, kVarBinary = 0x25, kIntN = 0x26,
                     kVarChar = 0x27, kDateN = 0x28, kTimeN = 0x29, kDateTime2N = 0x2A,
                     kDateTimeOffsetN = 0x2B, kBinary = 0x2D, kChar = 0x2F, kInt1 = 0x30,
                     kBit = 0x32, kInt2 = 0x34, kDecimal = 0x37, kInt4 = 0x38, kDateTim4 = 0x3A,
                     kFlt4 = 0x3B, kMoney = 0x3C, kDateTime = 0x3D, kFlt8 = 0x3E, kNumeric = 0x3F,
                     kVariant = 0x62, kNText = 0x63, kBitN = 0x68, kDecimalN = 0x6A,
                     kNumericN = 0x6C, kFltN = 0x6D, kMoneyN = 0x6E, kDateTimN = 0x6F,
                     kMoney4 = 0x7A, kInt8 = 0x7F, kBigVarBinary = 0xA5, kBigVarChar = 0xA7,
                     kBigBinary = 0xAD, kBigChar = 0xAF, kNVarChar = 0xE7, kNChar = 0xEF,
                     kUdt = 0xF0, kXml = 0xF1;
}  // namespace tds_type

// The declared SQL type of a result column: "int", "decimal(10,2)", "nvarchar(100)",
// "varchar(max)". max_length is the server's byte length (nvarchar(100) -> 200; a MAX type -> <= 0
// or > 8000). declaration is db-lib's own text for the type, used for codes this table does not
// know.
std::string sql_type_name(int server_type, int max_length, int precision, int scale,
                          std::string_view declaration = {});

std::string base64_encode(const unsigned char* data, std::size_t size);

// money is stored as an integer count of ten-thousandths: 123400 -> "12.3400".
std::string money_to_string(std::int64_t ten_thousandths);

// days since 1900-01-01 (negative before it) -> "YYYY-MM-DD".
std::string format_date(std::int64_t days_since_1900);
// 100-nanosecond units since midnight -> "HH:MM:SS" plus `scale` (0..7) fraction digits.
std::string format_time(std::uint64_t hundred_ns, int scale);
// datetime: ticks of 1/300 s since midnight -> "YYYY-MM-DDTHH:MM:SS.mmm".
std::string format_datetime(std::int64_t days_since_1900, std::int64_t ticks_300);
// smalldatetime -> "YYYY-MM-DDTHH:MM:SS".
std::string format_smalldatetime(std::int64_t days_since_1900, int minutes);
// datetimeoffset: TDS carries UTC plus the offset in minutes (MS-TDS 2.2.5.5.1.8); shown as local
// time + offset.
std::string format_datetimeoffset(std::int64_t utc_days, std::uint64_t utc_hundred_ns,
                                  int offset_minutes, int scale);

// Appended as JSON text: bigint always a string (see the header comment); real as the double of
// its shortest float form.
void append_bigint_json(std::string& out, std::int64_t value);
void append_real_json(std::string& out, float value);

// SQL Server's text form of a uniqueidentifier: the first three groups are little-endian on the
// wire.
std::string format_guid(const unsigned char bytes[16]);

// Valid UTF-8 unchanged; each invalid byte sequence replaced by U+FFFD, so JSON serialization never
// fails.
std::string sanitize_utf8(std::string_view text);

}  // namespace gw::db
