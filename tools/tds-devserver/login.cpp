#include "login.h"

#include "bytes.h"

namespace gw::tdsdev {

namespace {
constexpr uint8_t kOptVersion = 0, kOptEncryption = 1, kOptInstOpt = 2, kOptThreadId = 3,
                  kOptMars = 4, kOptTerminator = 0xFF;
}  // namespace

Result<Prelogin> parse_prelogin(const std::vector<uint8_t>& payload) {
  ByteReader r(payload);
  Prelogin p;
  for (int guard = 0; guard < 64; ++guard) {
    uint8_t token = r.u8();
    if (r.failed()) return invalid_argument("PRELOGIN: truncated option table");
    if (token == kOptTerminator) return p;
    uint16_t off = r.u16_be();
    uint16_t len = r.u16_be();
    if (r.failed() || static_cast<size_t>(off) + len > payload.size()) {
      return invalid_argument("PRELOGIN: option outside the message");
    }
    if (token == kOptEncryption && len >= 1) {
      p.encryption = payload[off];
      p.has_encryption = true;
    }
  }
  return invalid_argument("PRELOGIN: too many options");
}

std::vector<uint8_t> build_prelogin_reply() {
  struct Opt {
    uint8_t token;
    std::vector<uint8_t> data;
  };
  // Version 16.0.1000 (a SQL Server 2022 shape), sub-build 0.
  const Opt opts[] = {{kOptVersion, {16, 0, 0x03, 0xE8, 0, 0}},
                      {kOptEncryption, {kEncryptNotSupported}},
                      {kOptInstOpt, {0}},
                      {kOptThreadId, {}},
                      {kOptMars, {0}}};
  ByteWriter w;
  size_t off = std::size(opts) * 5 + 1;
  for (const auto& o : opts) {
    w.u8(o.token);
    w.u16_be(static_cast<uint16_t>(off));
    w.u16_be(static_cast<uint16_t>(o.data.size()));
    off += o.data.size();
  }
  w.u8(kOptTerminator);
  for (const auto& o : opts) w.bytes(o.data.data(), o.data.size());
  return w.data();
}

std::string encode_password(const std::string& utf16le) {
  std::string out = utf16le;
  for (char& c : out) {
    auto b = static_cast<uint8_t>(c);
    b = static_cast<uint8_t>(((b << 4) | (b >> 4)) ^ 0xA5);
    c = static_cast<char>(b);
  }
  return out;
}

std::string decode_password(const std::string& obfuscated) {
  std::string out = obfuscated;
  for (char& c : out) {
    auto b = static_cast<uint8_t>(static_cast<uint8_t>(c) ^ 0xA5);
    c = static_cast<char>((b << 4) | (b >> 4));
  }
  return out;
}

namespace {
// Reads an (offset, length-in-characters) pair at `at` and returns the UCS-2 text it points to.
bool read_field(const std::vector<uint8_t>& p, size_t at, std::string& raw_utf16) {
  ByteReader r(p);
  r.seek(at);
  uint16_t off = r.u16();
  uint16_t chars = r.u16();
  if (r.failed() || static_cast<size_t>(off) + chars * 2u > p.size()) return false;
  raw_utf16.assign(reinterpret_cast<const char*>(p.data() + off), chars * 2u);
  return true;
}
}  // namespace

Result<Login7> parse_login7(const std::vector<uint8_t>& payload) {
  ByteReader r(payload);
  Login7 l;
  r.u32();  // total length
  l.tds_version = r.u32();
  l.packet_size = r.u32();
  r.skip(12);  // client program version, PID, connection id
  r.u8();      // OptionFlags1
  r.u8();      // OptionFlags2
  r.u8();      // TypeFlags
  uint8_t flags3 = r.u8();
  l.feature_ext = (flags3 & 0x10) != 0;
  if (r.failed() || payload.size() < 94) return invalid_argument("LOGIN7: message too short");
  // MS-TDS §2.2.6.4 OffsetLength: HostName at 36, UserName 40, Password 44, AppName 48, ServerName
  // 52, Extension 56, CltIntName 60, Language 64, Database 68.
  std::string host, user, pass, app, server, lang, db;
  if (!read_field(payload, 36, host) || !read_field(payload, 40, user) ||
      !read_field(payload, 44, pass) || !read_field(payload, 48, app) ||
      !read_field(payload, 52, server) || !read_field(payload, 64, lang) ||
      !read_field(payload, 68, db)) {
    return invalid_argument("LOGIN7: a field lies outside the message");
  }
  l.host_name = utf16le_to_utf8(host);
  l.user_name = utf16le_to_utf8(user);
  l.password = utf16le_to_utf8(decode_password(pass));
  l.app_name = utf16le_to_utf8(app);
  l.server_name = utf16le_to_utf8(server);
  l.language = utf16le_to_utf8(lang);
  l.database = utf16le_to_utf8(db);
  return l;
}

}  // namespace gw::tdsdev
