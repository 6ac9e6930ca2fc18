#include "db/value_encoding.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace gw::db {
namespace {

TEST_CASE("sql_type_name names SQL Server types as they are declared") {
  namespace t = tds_type;
  struct Case {
    int type, max_length, precision, scale;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {t::kIntN, 4, 0, 0, "int"},
      {t::kIntN, 8, 0, 0, "bigint"},
      {t::kIntN, 2, 0, 0, "smallint"},
      {t::kIntN, 1, 0, 0, "tinyint"},
      {t::kInt4, 4, 0, 0, "int"},
      {t::kBitN, 1, 0, 0, "bit"},
      {t::kDecimalN, 9, 10, 2, "decimal(10,2)"},
      {t::kNumericN, 17, 38, 0, "numeric(38,0)"},
      {t::kMoneyN, 8, 0, 0, "money"},
      {t::kMoneyN, 4, 0, 0, "smallmoney"},
      {t::kFltN, 8, 0, 0, "float"},
      {t::kFltN, 4, 0, 0, "real"},
      {t::kDateTimN, 8, 0, 0, "datetime"},
      {t::kDateTimN, 4, 0, 0, "smalldatetime"},
      {t::kDateN, 3, 0, 0, "date"},
      {t::kTimeN, 5, 0, 7, "time(7)"},
      {t::kDateTime2N, 8, 0, 3, "datetime2(3)"},
      {t::kDateTimeOffsetN, 10, 0, 7, "datetimeoffset(7)"},
      {t::kNVarChar, 200, 0, 0, "nvarchar(100)"},
      {t::kNVarChar, -1, 0, 0, "nvarchar(max)"},
      {t::kNChar, 20, 0, 0, "nchar(10)"},
      {t::kBigVarChar, 50, 0, 0, "varchar(50)"},
      {t::kBigVarChar, 0x3fffffff, 0, 0, "varchar(max)"},
      {t::kBigChar, 3, 0, 0, "char(3)"},
      {t::kBigVarBinary, 16, 0, 0, "varbinary(16)"},
      {t::kBigBinary, 8, 0, 0, "binary(8)"},
      {t::kGuid, 16, 0, 0, "uniqueidentifier"},
      {t::kXml, -1, 0, 0, "xml"},
      {t::kNText, 16, 0, 0, "ntext"},
      {t::kImage, 16, 0, 0, "image"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    CHECK(sql_type_name(c.type, c.max_length, c.precision, c.scale) == c.expected);
  }
  CHECK(sql_type_name(0xF0, 10, 0, 0, "GEOGRAPHY") == "geography");
  CHECK(sql_type_name(0x99, 10, 0, 0) == "type 0x99");
}

TEST_CASE("base64_encode follows RFC 4648 test vectors") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
      {std::string("\xff\x00\xfe", 3), "/wD+"}};
  for (const auto& [in, out] : cases) {
    CHECK(base64_encode(reinterpret_cast<const unsigned char*>(in.data()), in.size()) == out);
  }
}

TEST_CASE("money keeps its four stored decimals exactly") {
  CHECK(money_to_string(123400) == "12.3400");
  CHECK(money_to_string(123456) == "12.3456");
  CHECK(money_to_string(-5) == "-0.0005");
  CHECK(money_to_string(0) == "0.0000");
  CHECK(money_to_string(922337203685477580LL * 10 + 7) == "922337203685477.5807");
  CHECK(money_to_string(-922337203685477580LL * 10 - 8) == "-922337203685477.5808");
}

TEST_CASE("dates count days from 1900-01-01, before and after it") {
  CHECK(format_date(0) == "1900-01-01");
  CHECK(format_date(59) == "1900-03-01");  // 1900 is not a leap year
  CHECK(format_date(45304) == "2024-01-15");
  CHECK(format_date(-693595) == "0001-01-01");
  CHECK(format_date(2958463) == "9999-12-31");
  CHECK(format_date(36583) == "2000-02-29");
}

TEST_CASE("times print the column's scale in fraction digits") {
  CHECK(format_time(0, 0) == "00:00:00");
  CHECK(format_time(378'001'234'567ULL, 7) == "10:30:00.1234567");
  CHECK(format_time(378'001'234'567ULL, 3) == "10:30:00.123");
  CHECK(format_time(863'999'999'999ULL, 7) == "23:59:59.9999999");
}

TEST_CASE("datetime rounds 1/300 s ticks to milliseconds as SQL Server shows them") {
  CHECK(format_datetime(45304, 0) == "2024-01-15T00:00:00.000");
  CHECK(format_datetime(45304, 1) == "2024-01-15T00:00:00.003");
  CHECK(format_datetime(45304, 2) == "2024-01-15T00:00:00.007");
  CHECK(format_datetime(45304, 25919999) == "2024-01-15T23:59:59.997");
  CHECK(format_smalldatetime(45304, 630) == "2024-01-15T10:30:00");
}

TEST_CASE("datetimeoffset shows local time with its offset") {
  // 2024-01-15 08:30 UTC at +02:00 is 10:30 local.
  CHECK(format_datetimeoffset(45304, 306'000'000'000ULL, 120, 7) ==
        "2024-01-15T10:30:00.0000000+02:00");
  // 2024-01-15 01:00 UTC at -05:30 is the previous day 19:30.
  CHECK(format_datetimeoffset(45304, 36'000'000'000ULL, -330, 0) == "2024-01-14T19:30:00-05:30");
  CHECK(format_datetimeoffset(45304, 828'000'000'000ULL, 60, 3) == "2024-01-16T00:00:00.000+01:00");
}

TEST_CASE("bigint is always a string, real keeps its shortest form") {
  const auto bigint = [](std::int64_t v) {
    std::string out;
    append_bigint_json(out, v);
    return out;
  };
  const auto real = [](float v) {
    std::string out;
    append_real_json(out, v);
    return out;
  };
  CHECK(bigint(42) == "\"42\"");
  CHECK(bigint(9007199254740993LL) == "\"9007199254740993\"");
  CHECK(bigint(-9223372036854775807LL - 1) == "\"-9223372036854775808\"");
  CHECK(real(0.1f) == "0.1");
  CHECK(real(3.5f) == "3.5");
  CHECK(real(1.0f) == "1.0");
}

TEST_CASE("uniqueidentifier uses SQL Server's byte order") {
  const unsigned char bytes[16] = {0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0,
                                   0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF};
  CHECK(format_guid(bytes) == "6F9619FF-8B86-D011-B42D-00C04FC964FF");
}

TEST_CASE("sanitize_utf8 keeps valid text and replaces each bad byte") {
  CHECK(sanitize_utf8("plain") == "plain");
  CHECK(sanitize_utf8("Zoë – 東京 🎉") == "Zoë – 東京 🎉");
  CHECK(sanitize_utf8("a\xffz") == "a\xEF\xBF\xBDz");
  CHECK(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(sanitize_utf8("end\xE2\x82") == "end\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated sequence
}

}  // namespace
}  // namespace gw::db
