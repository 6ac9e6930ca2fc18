// Fuzz target: the tds-devserver's request decoding, everything a TDS client's bytes reach before
// SQL runs: packet framing and message reassembly (MS-TDS §2.2.3.1), PRELOGIN (§2.2.6.5), LOGIN7
// (§2.2.6.4), SQL batch and RPC payloads (§2.2.6.6, §2.2.6.7) and transaction manager requests
// (§2.2.6.9). The gateway itself parses no TDS (FreeTDS does); the devserver, which tests and demos
// put on a port, does.
// The first input byte picks the chunk size the stream arrives in; invariants: reassembly does not
// depend on how the stream is chunked, and the LOGIN7 password obfuscation round-trips.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_check.h"
// tools/tds-devserver/
#include "login.h"
#include "packet.h"
#include "rpc_request.h"
#include "transaction_state.h"

namespace {

using gw::tdsdev::Message;

// The messages of `stream` fed `chunk` bytes at a time, up to a malformed header.
std::vector<Message> assemble(const std::uint8_t* stream, std::size_t size, std::size_t chunk) {
  gw::tdsdev::MessageAssembler in;
  std::vector<Message> out;
  for (std::size_t at = 0; at < size; at += chunk) {
    const bool ok = in.feed(stream + at, std::min(chunk, size - at));
    Message m;
    while (in.next(m)) out.push_back(std::move(m));
    if (!ok) break;
  }
  return out;
}

void decode(const Message& m) {
  switch (m.type) {
    case gw::tdsdev::kPacketPrelogin:
      (void)gw::tdsdev::parse_prelogin(m.payload);
      break;
    case gw::tdsdev::kPacketLogin7:
      if (auto login = gw::tdsdev::parse_login7(m.payload)) {
        gw::fuzz::require(gw::tdsdev::decode_password(
                              gw::tdsdev::encode_password(login->password)) == login->password,
                          "LOGIN7 password obfuscation round-trips");
      }
      break;
    case gw::tdsdev::kPacketSqlBatch:
      (void)gw::tdsdev::parse_sql_batch(m.payload);
      break;
    case gw::tdsdev::kPacketRpc:
      (void)gw::tdsdev::parse_rpc(m.payload);
      break;
    case gw::tdsdev::kPacketTransaction:
      (void)gw::tdsdev::parse_transaction_request(m.payload);
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::vector<Message> whole = assemble(data + 1, size - 1, size);
  const std::vector<Message> chunked = assemble(data + 1, size - 1, chunk);
  gw::fuzz::require(whole.size() == chunked.size(), "chunking does not change the messages");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    gw::fuzz::require(whole[i].type == chunked[i].type && whole[i].payload == chunked[i].payload &&
                          whole[i].reset_connection == chunked[i].reset_connection,
                      "chunking does not change the messages");
    decode(whole[i]);
  }
  return 0;
}
