#pragma once
// TDS packet framing (MS-TDS §2.2.3.1): an 8-byte header (type, status, big-endian length including
// the header, SPID, packet id, window) before each packet; a message is the payloads up to the
// packet whose status has the EOM bit.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bytes.h"

namespace gw::tdsdev {

enum PacketType : uint8_t {
  kPacketSqlBatch = 1,
  kPacketRpc = 3,
  kPacketReply = 4,
  kPacketAttention = 6,
  kPacketTransaction = 14,
  kPacketLogin7 = 16,
  kPacketPrelogin = 18,
};

constexpr size_t kHeaderSize = 8;
constexpr uint8_t kStatusEom = 0x01;
constexpr size_t kDefaultPacketSize = 4096;
// MS-TDS §2.2.6.4: packet sizes from 512 to 32767 bytes.
constexpr size_t kMinPacketSize = 512;
constexpr size_t kMaxPacketSize = 32767;
// Requests larger than this close the connection (a development server has no use for them).
constexpr size_t kMaxMessageBytes = size_t{256} << 20;

struct Message {
  uint8_t type = 0;
  std::vector<uint8_t> payload;
  // MS-TDS §2.2.3.1.2 status RESETCONNECTION (0x08) / RESETCONNECTIONSKIPTRAN (0x10): pooled
  // clients ask for a fresh session before this request.
  bool reset_connection = false;
};

// Collects token bytes and sends them as packets of at most packet_size bytes, so a result of any
// size leaves the server with at most one packet buffered. Not thread-safe.
class PacketWriter {
 public:
  // send returns false when the peer is gone; the writer then drops everything.
  using SendFn = std::function<bool(const uint8_t*, size_t)>;
  PacketWriter(SendFn send, size_t packet_size)
      : send_(std::move(send)), packet_size_(packet_size) {}

  void set_packet_size(size_t n) { packet_size_ = n; }
  size_t packet_size() const { return packet_size_; }
  // Tokens are appended here; call flush_full() now and then and end() once per reply.
  ByteWriter& out() { return buffer_; }
  // Sends every full packet buffered so far (status 0: more packets follow).
  bool flush_full();
  // Sends the rest with the EOM bit: the reply is complete.
  bool end();
  // Drops what is buffered but unsent (after an attention the reply is cut short).
  void discard() { buffer_.clear(); }
  bool ok() const { return ok_; }

 private:
  bool send_packet(const uint8_t* payload, size_t n, bool last);
  SendFn send_;
  size_t packet_size_;
  ByteWriter buffer_;
  uint8_t packet_id_ = 1;
  bool ok_ = true;
};

// Splits a byte stream into messages. Feed it bytes as they arrive; it returns completed messages.
class MessageAssembler {
 public:
  // Appends bytes; returns false on a malformed header.
  bool feed(const uint8_t* p, size_t n);
  // Takes the oldest complete message, if any.
  bool next(Message& m);
  // True when a whole packet of type Attention is waiting (checked without consuming).
  bool has_attention();
  bool empty() const { return pending_.empty() && done_.empty(); }

 private:
  std::vector<uint8_t> pending_;
  Message current_;
  std::vector<Message> done_;
};

}  // namespace gw::tdsdev
