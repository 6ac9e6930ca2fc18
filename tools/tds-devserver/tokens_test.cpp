#include "tokens.h"

#include <doctest/doctest.h>

#include "login.h"
#include "packet.h"
#include "test_bytes.h"

namespace gw::tdsdev {
namespace {

TEST_CASE("DONE token") {
  ByteWriter w;
  write_done(w, kTokenDone, kDoneCount | kDoneMore, kCmdSelect, 5);
  CHECK(hex(w.data()) == "FD 11 00 C1 00 05 00 00 00 00 00 00 00");
}

TEST_CASE("DONE and ERROR for a TDS 7.1 client that is being turned away") {
  ByteWriter w;
  write_done(w, kTokenDone, kDoneError, 0, 0, true);
  CHECK(hex(w.data()) == "FD 02 00 00 00 00 00 00 00");
  ByteWriter e;
  write_message(e, {18456, 1, 14, "x", 1}, true);
  CHECK(hex(e.data().end() - 2, e.data().end()) == "01 00");
}

TEST_CASE("ERROR and INFO tokens") {
  ByteWriter w;
  write_message(w, {208, 1, 16, "Invalid object name 'x'.", 3});
  const auto& d = w.data();
  CHECK(d[0] == kTokenError);
  CHECK(d[1] + d[2] * 256 == d.size() - 3);
  CHECK(hex(d.begin() + 3, d.begin() + 11) ==
        "D0 00 00 00 01 10 18 00");                   // number, state, class, 24 chars
  CHECK(hex(d.end() - 4, d.end()) == "03 00 00 00");  // line
  ByteWriter info;
  write_message(info, {0, 1, 0, "hi", 1});
  CHECK(info.data()[0] == kTokenInfo);
}

TEST_CASE("LOGINACK announces TDS 7.4 big-endian") {
  ByteWriter w;
  write_login_ack(w, kTds74);
  CHECK(hex(w.data().begin(), w.data().begin() + 8) == "AD 32 00 01 74 00 00 04");
  CHECK(hex(w.data().end() - 4, w.data().end()) == "10 00 03 E8");
}

TEST_CASE("ENVCHANGE tokens") {
  ByteWriter w;
  write_env_change(w, kEnvPacketSize, "4096", "512");
  CHECK(hex(w.data()) == "E3 11 00 04 04 34 00 30 00 39 00 36 00 03 35 00 31 00 32 00");
  ByteWriter c;
  write_collation_change(c);
  CHECK(hex(c.data()) == "E3 08 00 07 05 09 04 D0 00 34 00");
}

TEST_CASE("COLMETADATA of an int and an nvarchar(10) column") {
  ByteWriter w;
  write_col_metadata(w, {{"n", {SqlType::kInt, 0, 10, 0}}, {"s", {SqlType::kNVarChar, 10, 0, 0}}});
  CHECK(hex(w.data()) ==
        "81 02 00 00 00 00 00 09 00 26 04 01 6E 00 "
        "00 00 00 00 09 00 E7 14 00 09 04 D0 00 34 01 73 00");
}

TEST_CASE("packets are cut at the negotiated size and the last has EOM") {
  std::vector<std::vector<uint8_t>> sent;
  PacketWriter pw(
      [&](const uint8_t* p, size_t n) {
        sent.emplace_back(p, p + n);
        return true;
      },
      512);
  for (int i = 0; i < 1200; ++i) pw.out().u8(static_cast<uint8_t>(i));
  CHECK(pw.flush_full());
  CHECK(sent.size() == 2);
  CHECK(pw.end());
  REQUIRE(sent.size() == 3);
  CHECK(hex(sent[0].begin(), sent[0].begin() + 8) == "04 00 02 00 00 33 01 00");
  CHECK(hex(sent[2].begin(), sent[2].begin() + 8) == "04 01 00 C8 00 33 03 00");
  CHECK(sent[2].size() == 200);

  MessageAssembler in;
  std::vector<uint8_t> stream;
  for (auto& p : sent) {
    p[0] = kPacketSqlBatch;
    stream.insert(stream.end(), p.begin(), p.end());
  }
  Message m;
  CHECK(in.feed(stream.data(), 700));
  CHECK_FALSE(in.next(m));
  CHECK(in.feed(stream.data() + 700, stream.size() - 700));
  REQUIRE(in.next(m));
  CHECK(m.type == kPacketSqlBatch);
  CHECK(m.payload.size() == 1200);
  CHECK(m.payload[1199] == static_cast<uint8_t>(1199));
}

TEST_CASE("PRELOGIN reply says encryption is not supported") {
  auto reply = build_prelogin_reply();
  auto parsed = parse_prelogin(reply);
  REQUIRE(parsed.is_ok());
  CHECK(parsed->has_encryption);
  CHECK(parsed->encryption == kEncryptNotSupported);
  CHECK_FALSE(parse_prelogin({0x00, 0x00, 0x40, 0x00, 0x06}).is_ok());
}

TEST_CASE("LOGIN7 fields and the password obfuscation") {
  CHECK(decode_password(encode_password("secret")) == "secret");
  CHECK(hex(encode_password(std::string("a\0", 2))) ==
        "B3 A5");  // MS-TDS §2.2.6.4 example byte layout
  // A minimal LOGIN7: fixed part, then user "sa", password "pw", database "DemoDB".
  ByteWriter w;
  w.u32(0);
  w.u32(kTds74);
  w.u32(8192);
  for (int i = 0; i < 3; ++i) w.u32(0);
  w.u8(0);
  w.u8(0);
  w.u8(0);
  w.u8(0x10);
  w.u32(0);
  w.u32(0);
  uint16_t off = 94;
  auto field = [&](uint16_t chars) {
    w.u16(off);
    w.u16(chars);
    off = static_cast<uint16_t>(off + chars * 2);
  };
  field(0);  // host
  field(2);  // user
  field(2);  // password
  field(0);
  field(0);
  field(0);
  field(0);
  field(0);  // app, server, extension, library, language
  field(6);  // database
  while (w.size() < 94) w.u8(0);
  w.ucs2("sa");
  w.bytes(encode_password(utf8_to_utf16le("pw")));
  w.ucs2("DemoDB");
  auto l = parse_login7(w.data());
  REQUIRE(l.is_ok());
  CHECK(l->tds_version == kTds74);
  CHECK(l->packet_size == 8192);
  CHECK(l->feature_ext);
  CHECK(l->user_name == "sa");
  CHECK(l->password == "pw");
  CHECK(l->database == "DemoDB");
  CHECK(parse_login7({1, 2, 3}).status().message() == "LOGIN7: message too short");
}

}  // namespace
}  // namespace gw::tdsdev
