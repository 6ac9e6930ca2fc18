#pragma once
// Token stream encoders for server replies (MS-TDS §2.2.7).

#include <cstdint>
#include <string>
#include <vector>

#include "bytes.h"
#include "sql_type.h"

namespace gw::tdsdev {

enum Token : uint8_t {
  kTokenReturnStatus = 0x79,
  kTokenColMetadata = 0x81,
  kTokenError = 0xAA,
  kTokenInfo = 0xAB,
  kTokenLoginAck = 0xAD,
  kTokenFeatureExtAck = 0xAE,
  kTokenRow = 0xD1,
  kTokenEnvChange = 0xE3,
  kTokenDone = 0xFD,
  kTokenDoneProc = 0xFE,
  kTokenDoneInProc = 0xFF,
};

// DONE status bits (MS-TDS §2.2.7.6).
enum DoneStatus : uint16_t {
  kDoneFinal = 0x00,
  kDoneMore = 0x01,
  kDoneError = 0x02,
  kDoneInXact = 0x04,
  kDoneCount = 0x10,
  kDoneAttn = 0x20,
  kDoneSrvError = 0x100,
};

// ENVCHANGE types (MS-TDS §2.2.7.9).
enum EnvChangeType : uint8_t {
  kEnvDatabase = 1,
  kEnvLanguage = 2,
  kEnvPacketSize = 4,
  kEnvCollation = 7,
};

constexpr uint32_t kTds74 = 0x74000004;
constexpr uint32_t kTds72 =
    0x72090002;  // the oldest version served (ALL_HEADERS, PLP, 8-byte row counts)
constexpr uint32_t kTds73A =
    0x730A0003;  // the first version with date, time, datetime2, datetimeoffset
constexpr const char* kServerName = "tds-devserver";

struct ServerMessage {
  int32_t number = 0;
  uint8_t state = 1;
  uint8_t severity = 16;  // "class": 0-10 informational (INFO token), 11+ errors (ERROR token)
  std::string text;
  int32_t line = 1;
};

struct OutColumn {
  std::string name;
  ColumnType type;
};

void write_env_change(ByteWriter& w, EnvChangeType type, const std::string& new_value,
                      const std::string& old_value);
void write_collation_change(ByteWriter& w);
// INFO when severity <= 10, ERROR otherwise. Before TDS 7.2 the line number has 2 bytes (`pre72`).
void write_message(ByteWriter& w, const ServerMessage& m, bool pre72 = false);
void write_login_ack(ByteWriter& w, uint32_t tds_version);
void write_feature_ext_ack(ByteWriter& w);
// Before TDS 7.2 the row count has 4 bytes (`pre72`).
void write_done(ByteWriter& w, Token token, uint16_t status, uint16_t cur_cmd, uint64_t row_count,
                bool pre72 = false);
void write_col_metadata(ByteWriter& w, const std::vector<OutColumn>& columns);
void write_return_status(ByteWriter& w, int32_t value);

// CurCmd values seen from SQL Server in DONE tokens.
constexpr uint16_t kCmdSelect = 0xC1;
constexpr uint16_t kCmdInsert = 0xC3;
constexpr uint16_t kCmdDelete = 0xC4;
constexpr uint16_t kCmdUpdate = 0xC5;

}  // namespace gw::tdsdev
