#include "rpc_request.h"

#include <doctest/doctest.h>

#include "bytes.h"
#include "value_codec.h"

namespace gw::tdsdev {
namespace {

// ALL_HEADERS with one transaction descriptor header (MS-TDS §2.2.5.3).
void all_headers(ByteWriter& w) {
  w.u32(22);
  w.u32(18);
  w.u16(2);
  w.u64(0);
  w.u32(1);
}

void param_name(ByteWriter& w, const char* name) {
  std::string u = utf8_to_utf16le(name);
  w.u8(static_cast<uint8_t>(u.size() / 2));
  w.bytes(u);
  w.u8(0);  // status flags
}

void nvarchar_param(ByteWriter& w, const char* name, const std::string& value) {
  param_name(w, name);
  w.u8(0xE7);
  w.u16(8000);
  w.bytes(kCollation, sizeof kCollation);
  std::string u = utf8_to_utf16le(value);
  w.u16(static_cast<uint16_t>(u.size()));
  w.bytes(u);
}

TEST_CASE("sp_executesql by name with typed parameters") {
  ByteWriter w;
  all_headers(w);
  w.u16(13);
  w.ucs2("sp_executesql");
  w.u16(0);
  nvarchar_param(w, "", "SELECT @a");
  param_name(w, "@params");  // nvarchar(max): PLP in two chunks
  w.u8(0xE7);
  w.u16(0xFFFF);
  w.bytes(kCollation, sizeof kCollation);
  w.u64(12);
  w.u32(6);
  w.ucs2("@a ");
  w.u32(6);
  w.ucs2("int");
  w.u32(0);
  param_name(w, "@a");
  w.u8(0x26);
  w.u8(4);
  w.u8(4);
  w.u32(42);
  param_name(w, "@n");
  w.u8(0x26);
  w.u8(4);
  w.u8(0);  // NULL
  param_name(w, "@d");
  w.u8(0x6A);
  w.u8(5);
  w.u8(9);
  w.u8(2);
  w.u8(5);
  w.u8(0);
  w.u32(1234);  // -12.34
  param_name(w, "@g");
  w.u8(0x24);
  w.u8(16);
  w.u8(16);
  const uint8_t guid[16] = {0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0,
                            0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF};
  w.bytes(guid, 16);
  param_name(w, "@dt");  // datetime2(0) 2024-01-01 00:00:01
  w.u8(0x2A);
  w.u8(0);
  w.u8(6);
  w.u8(1);
  w.u8(0);
  w.u8(0);
  w.u8(0x45);
  w.u8(0x46);
  w.u8(0x0B);
  param_name(w, "@m");
  w.u8(0x6E);
  w.u8(8);
  w.u8(8);
  w.u32(0);
  w.u32(15000);

  auto r = parse_rpc(w.data());
  REQUIRE(r.is_ok());
  REQUIRE(r->size() == 1);
  const RpcRequest& req = (*r)[0];
  CHECK(req.proc_name == "sp_executesql");
  REQUIRE(req.params.size() == 8);
  CHECK(req.params[0].value.bytes == "SELECT @a");
  CHECK(req.params[1].name == "@params");
  CHECK(req.params[1].value.bytes == "@a int");
  CHECK(req.params[2].value.kind == ParamValue::kInteger);
  CHECK(req.params[2].value.integer == 42);
  CHECK(req.params[3].value.kind == ParamValue::kNull);
  CHECK(req.params[4].value.kind == ParamValue::kReal);
  CHECK(req.params[4].value.real == doctest::Approx(-12.34));
  CHECK(req.params[5].value.bytes == "6F9619FF-8B86-D011-B42D-00C04FC964FF");
  CHECK(req.params[6].value.bytes == "2024-01-01 00:00:01.0000000");
  CHECK(req.params[7].value.real == 1.5);
}

TEST_CASE("sp_executesql by ProcID, and errors") {
  ByteWriter w;
  all_headers(w);
  w.u16(0xFFFF);
  w.u16(kProcSpExecuteSql);
  w.u16(0);
  nvarchar_param(w, "", "SELECT 1");
  auto r = parse_rpc(w.data());
  REQUIRE(r.is_ok());
  CHECK((*r)[0].proc_name == "sp_executesql");
  CHECK((*r)[0].proc_id == kProcSpExecuteSql);

  ByteWriter bad;
  all_headers(bad);
  bad.u16(0xFFFF);
  bad.u16(10);
  bad.u16(0);
  param_name(bad, "@x");
  bad.u8(0xF1);  // XML
  CHECK(parse_rpc(bad.data()).status().message() ==
        "parameter type 0xF1 is not supported by tds-devserver");
  ByteWriter cut = w;
  cut.data().resize(cut.size() - 3);
  CHECK_FALSE(parse_rpc(cut.data()).is_ok());
}

TEST_CASE("RPC values of a length their type cannot carry are refused") {
  // Found by fuzz_tds_request: a DATEN value of 1 byte was decoded as 3 (a read past the buffer).
  struct Case {
    std::vector<uint8_t> type_and_value;  // TYPE_INFO then the length-prefixed value
    std::string error;
  };
  const Case cases[] = {
      {{0x28, 0x01, 0x00}, "RPC: parameter @x has a 1-byte value, which type 0x28 cannot carry"},
      {{0x29, 0x07, 0x02, 0x00, 0x00},
       "RPC: parameter @x has a 2-byte value, which type 0x29 cannot carry"},
      {{0x2A, 0x07, 0x01, 0x00},
       "RPC: parameter @x has a 1-byte value, which type 0x2A cannot carry"},
      {{0x2B, 0x07, 0x02, 0x00, 0x00},
       "RPC: parameter @x has a 2-byte value, which type 0x2B cannot carry"},
      {{0x6F, 0x08, 0x05, 0, 0, 0, 0, 0},
       "RPC: parameter @x has a 5-byte value, which type 0x6F cannot carry"},
      {{0x6D, 0x08, 0x02, 0, 0},
       "RPC: parameter @x has a 2-byte value, which type 0x6D cannot carry"},
      {{0x6E, 0x08, 0x03, 0, 0, 0},
       "RPC: parameter @x has a 3-byte value, which type 0x6E cannot carry"},
      {{0x24, 0x10, 0x04, 0, 0, 0, 0},
       "RPC: parameter @x has a 4-byte value, which type 0x24 cannot carry"},
      {{0x26, 0x08, 0x03, 0, 0, 0},
       "RPC: parameter @x has a 3-byte value, which type 0x26 cannot carry"},
      {{0x6A, 0x11, 0x26, 0x02, 0x01, 0x01},
       "RPC: parameter @x has a 1-byte value, which type 0x6A cannot carry"},
      {{0x28, 0x03, 0x00, 0x00, 0x00}, ""},  // DATEN 3 bytes: 0001-01-01
      {{0x28, 0x00}, ""},                    // DATEN NULL
  };
  for (const auto& c : cases) {
    ByteWriter w;
    all_headers(w);
    w.u16(0xFFFF);
    w.u16(kProcSpExecuteSql);
    w.u16(0);
    param_name(w, "@x");
    w.bytes(c.type_and_value.data(), c.type_and_value.size());
    auto r = parse_rpc(w.data());
    CAPTURE(c.error);
    if (c.error.empty()) {
      CHECK(r.is_ok());
    } else {
      REQUIRE_FALSE(r.is_ok());
      CHECK(r.status().message() == c.error);
    }
  }
}

TEST_CASE("SQL batch text after ALL_HEADERS") {
  ByteWriter w;
  all_headers(w);
  w.ucs2("SELECT N'Zoë'");
  CHECK(*parse_sql_batch(w.data()) == "SELECT N'Zoë'");
}

}  // namespace
}  // namespace gw::tdsdev
