#include "tokens.h"

#include "value_codec.h"

namespace gw::tdsdev {

namespace {
// Writes a 2-byte length placeholder, returns its position; close_length fills it in.
size_t open_length(ByteWriter& w) {
  size_t at = w.size();
  w.u16(0);
  return at;
}
void close_length(ByteWriter& w, size_t at) {
  w.patch_u16(at, static_cast<uint16_t>(w.size() - at - 2));
}
}  // namespace

void write_env_change(ByteWriter& w, EnvChangeType type, const std::string& new_value,
                      const std::string& old_value) {
  w.u8(kTokenEnvChange);
  size_t at = open_length(w);
  w.u8(type);
  w.b_varchar(new_value);
  w.b_varchar(old_value);
  close_length(w, at);
}

void write_collation_change(ByteWriter& w) {
  w.u8(kTokenEnvChange);
  size_t at = open_length(w);
  w.u8(kEnvCollation);
  w.u8(sizeof kCollation);
  w.bytes(kCollation, sizeof kCollation);
  w.u8(0);
  close_length(w, at);
}

void write_message(ByteWriter& w, const ServerMessage& m, bool pre72) {
  w.u8(m.severity <= 10 ? kTokenInfo : kTokenError);
  size_t at = open_length(w);
  w.u32(static_cast<uint32_t>(m.number));
  w.u8(m.state);
  w.u8(m.severity);
  w.us_varchar(m.text);
  w.b_varchar(kServerName);
  w.b_varchar("");  // procedure name
  if (pre72)
    w.u16(static_cast<uint16_t>(m.line));
  else
    w.u32(static_cast<uint32_t>(m.line));
  close_length(w, at);
}

void write_login_ack(ByteWriter& w, uint32_t tds_version) {
  w.u8(kTokenLoginAck);
  size_t at = open_length(w);
  w.u8(1);  // interface: SQL_TSQL
  w.u32_be(tds_version);
  w.b_varchar("Microsoft SQL Server");
  // Version 16.0.1000.6 (major, minor, build high, build low).
  w.u8(16);
  w.u8(0);
  w.u8(0x03);
  w.u8(0xE8);
  close_length(w, at);
}

void write_feature_ext_ack(ByteWriter& w) {
  // No features acknowledged: only the terminator (MS-TDS §2.2.7.11).
  w.u8(kTokenFeatureExtAck);
  w.u8(0xFF);
}

void write_done(ByteWriter& w, Token token, uint16_t status, uint16_t cur_cmd, uint64_t row_count,
                bool pre72) {
  w.u8(token);
  w.u16(status);
  w.u16(cur_cmd);
  if (pre72)
    w.u32(static_cast<uint32_t>(row_count));
  else
    w.u64(row_count);
}

void write_col_metadata(ByteWriter& w, const std::vector<OutColumn>& columns) {
  w.u8(kTokenColMetadata);
  w.u16(static_cast<uint16_t>(columns.size()));
  for (const auto& c : columns) {
    w.u32(0);       // UserType
    w.u16(0x0009);  // fNullable, usUpdateable = unknown
    write_type_info(w, c.type);
    w.b_varchar(c.name);
  }
}

void write_return_status(ByteWriter& w, int32_t value) {
  w.u8(kTokenReturnStatus);
  w.u32(static_cast<uint32_t>(value));
}

}  // namespace gw::tdsdev
