#pragma once
// SQL batch and RPC request payloads (MS-TDS §2.2.6.6, §2.2.6.7): ALL_HEADERS, procedure name or
// id, parameters with their TYPE_INFO and values.

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace gw::tdsdev {

// An owned parameter value, ready to bind to SQLite.
struct ParamValue {
  enum Kind { kNull, kInteger, kReal, kText, kBlob } kind = kNull;
  int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text: UTF-8; dates/times/GUIDs arrive as canonical text
};

struct RpcParam {
  std::string name;  // "@p1"; may be empty (positional)
  bool output = false;
  ParamValue value;
};

// MS-TDS §2.2.6.6 ProcID values.
constexpr uint16_t kProcSpExecuteSql = 10;

struct RpcRequest {
  std::string proc_name;  // lower-cased; set from the id for the ProcID form ("sp_executesql")
  uint16_t proc_id = 0;
  std::vector<RpcParam> params;
};

// Skips ALL_HEADERS (TDS 7.2+) and returns the offset of what follows.
Result<size_t> skip_all_headers(const std::vector<uint8_t>& payload);
// The batch text (UTF-8).
Result<std::string> parse_sql_batch(const std::vector<uint8_t>& payload);
// Every RPC of the message (a message may carry several, separated by 0xFF or 0x80).
Result<std::vector<RpcRequest>> parse_rpc(const std::vector<uint8_t>& payload);

}  // namespace gw::tdsdev
