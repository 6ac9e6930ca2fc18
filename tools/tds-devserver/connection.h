#pragma once
// One client socket: whole TDS messages in, packets out, and a non-blocking look for ATTENTION
// while a statement runs (MS-TDS §2.2.1.7: the client may send it at any time during a reply).

#include <atomic>
#include <cstdint>
#include <vector>

#include "packet.h"

namespace gw::tdsdev {

class Connection {
 public:
  // Takes ownership of fd. `stop` is polled so a server shutdown ends blocking reads.
  Connection(int fd, const std::atomic<bool>* stop) : fd_(fd), stop_(stop) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Blocks for the next message; false when the peer closed, on a framing error or at shutdown.
  bool read_message(Message& m);
  // True once an ATTENTION arrived (consumed from the input; other messages stay queued).
  bool attention_pending();
  void clear_attention() { attention_ = false; }
  bool closed() const { return closed_; }
  bool send(const uint8_t* p, size_t n);
  int fd() const { return fd_; }

 private:
  bool fill(int timeout_ms);
  int fd_;
  const std::atomic<bool>* stop_;
  MessageAssembler in_;
  std::vector<Message> queued_;
  bool attention_ = false;
  bool closed_ = false;
};

}  // namespace gw::tdsdev
