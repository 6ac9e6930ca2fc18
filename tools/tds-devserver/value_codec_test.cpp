#include "value_codec.h"

#include <doctest/doctest.h>

#include "test_bytes.h"

namespace gw::tdsdev {
namespace {

CellValue integer(int64_t v) { return {CellValue::kInteger, v, 0, {}}; }
CellValue real(double v) { return {CellValue::kReal, 0, v, {}}; }
CellValue text(std::string_view v) { return {CellValue::kText, 0, 0, v}; }
CellValue null() { return {}; }

std::string encode(const char* decl, const CellValue& v) {
  ByteWriter w;
  Status s = write_value(w, *parse_decltype(decl), v);
  return s.is_ok() ? hex(w.data()) : "error: " + s.message();
}

TEST_CASE("declared types") {
  struct Case {
    const char* decl;
    const char* full_name;
  };
  const Case cases[] = {
      {"INT", "int"},
      {"integer", "int"},
      {"NVARCHAR(50)", "nvarchar(50)"},
      {"NVARCHAR(MAX)", "nvarchar(max)"},
      {"nvarchar(-1)", "nvarchar(1)"},
      {"decimal(10, 2)", "decimal(10,2)"},
      {"NUMERIC", "decimal(18,0)"},
      {"DATETIME2", "datetime2(7)"},
      {"TIME(0)", "time(0)"},
      {"CHAR(2)", "varchar(2)"},
      {"VARBINARY(MAX)", "varbinary(max)"},
      {"float(24)", "real"},
      {"NVARCHAR(5000)", "nvarchar(max)"},
  };
  for (const auto& c : cases) {
    std::string decl = c.decl;
    CAPTURE(decl);
    auto t = parse_decltype(c.decl);
    REQUIRE(t.has_value());
    CHECK(full_type_name(*t) == c.full_name);
  }
  CHECK_FALSE(parse_decltype("").has_value());
  CHECK_FALSE(parse_decltype("GEOGRAPHY").has_value());
}

TEST_CASE("row values") {
  struct Case {
    const char* decl;
    CellValue value;
    const char* bytes;
  };
  const Case cases[] = {
      {"INT", integer(7), "04 07 00 00 00"},
      {"TINYINT", integer(255), "01 FF"},
      {"BIT", integer(5), "01 01"},
      {"BIGINT", integer(-1), "08 FF FF FF FF FF FF FF FF"},
      {"INT", text("42"), "04 2A 00 00 00"},
      {"DECIMAL(9,2)", text("12.34"), "05 01 D2 04 00 00"},
      {"DECIMAL(9,2)", real(-0.5), "05 00 32 00 00 00"},
      {"DECIMAL(9,2)", text("1.005"), "05 01 65 00 00 00"},  // rounds half up at the scale
      {"DECIMAL(10,2)", text("12.34"),
       "09 01 D2 04 00 00 00 00 00 00"},  // precision 10-19: 8 bytes
      {"REAL", real(2.5), "04 00 00 20 40"},
      {"FLOAT", integer(1), "08 00 00 00 00 00 00 F0 3F"},
      {"MONEY", real(1.5), "08 00 00 00 00 98 3A 00 00"},
      {"NVARCHAR(10)", text("Zoë"), "06 00 5A 00 6F 00 EB 00"},
      {"VARCHAR(10)", text("café"), "04 00 63 61 66 E9"},
      {"NVARCHAR(MAX)", text("ab"), "04 00 00 00 00 00 00 00 04 00 00 00 61 00 62 00 00 00 00 00"},
      {"NVARCHAR(MAX)", text(""), "00 00 00 00 00 00 00 00 00 00 00 00"},
      {"DATE", text("0001-01-01"), "03 00 00 00"},
      {"DATE", text("2024-02-29"), "03 80 46 0B"},
      {"TIME(7)", text("23:59:59.1234567"), "05 07 00 E4 29 C9"},
      {"DATETIME", text("1900-01-01 00:00:01"), "08 00 00 00 00 2C 01 00 00"},
      {"DATETIME2(0)", text("2024-01-01T00:00:01"), "06 01 00 00 45 46 0B"},
      {"DATETIMEOFFSET(0)", text("2024-01-01 05:30:00 +05:30"), "08 00 00 00 45 46 0B 4A 01"},
      {"UNIQUEIDENTIFIER", text("6F9619FF-8B86-D011-B42D-00C04FC964FF"),
       "10 FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF"},
      {"INT", null(), "00"},
      {"NVARCHAR(10)", null(), "FF FF"},
      {"VARBINARY(MAX)", null(), "FF FF FF FF FF FF FF FF"},
  };
  for (const auto& c : cases) {
    std::string decl = c.decl;
    CAPTURE(decl);
    CHECK(encode(c.decl, c.value) == c.bytes);
  }
}

TEST_CASE("values that do not fit are SQL Server errors") {
  CHECK(encode("INT", text("abc")) ==
        "error: Conversion failed when converting the nvarchar value 'abc' to data type int.");
  CHECK(encode("INT", integer(2147483648)) ==
        "error: Arithmetic overflow error converting expression to data type int.");
  CHECK(encode("DECIMAL(4,2)", text("123.45")) ==
        "error: Arithmetic overflow error converting numeric to data type numeric.");
  CHECK(encode("DATE", text("2024-13-01")) ==
        "error: Conversion failed when converting date and/or time from character string "
        "'2024-13-01'.");
  CHECK(encode("NVARCHAR(2)", text("abc")) ==
        "error: String or binary data would be truncated: 6 bytes into "
        "nvarchar(2).");
}

TEST_CASE("expression columns take the type of their first value") {
  CHECK(full_type_name(infer_type(integer(1))) == "int");
  CHECK(full_type_name(infer_type(integer(1LL << 40))) == "bigint");
  CHECK(full_type_name(infer_type(real(1.5))) == "float");
  CHECK(full_type_name(infer_type(text("x"))) == "nvarchar(4000)");
  CHECK(full_type_name(infer_type(null())) == "int");
}

TEST_CASE("date and time text") {
  auto p = parse_datetime("2024-02-29 13:45:30.1234567 -08:00");
  REQUIRE(p.has_value());
  CHECK(p->days == 738944);
  CHECK(p->ticks == (13 * 3600 + 45 * 60 + 30) * 10000000LL + 1234567);
  CHECK(p->offset_minutes == -480);
  CHECK(parse_datetime("2024-01-01Z").has_value());
  CHECK_FALSE(parse_datetime("2024-1-1").has_value());
  CHECK_FALSE(parse_datetime("24:00:00").has_value());
  int y, m, d;
  civil_from_days(738944, y, m, d);
  CHECK(y * 10000 + m * 100 + d == 20240229);
}

}  // namespace
}  // namespace gw::tdsdev
