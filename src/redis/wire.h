#pragma once
// One connection to Redis: a TCP socket of our own, with TLS (OpenSSL) for rediss://, speaking
// RESP2 through hiredis's command formatter and reply reader. The socket is ours, not hiredis's,
// because the hiredis of Debian 12 (0.14) has no TLS; its reader and formatter do not care where
// the bytes travel. Every wait is bounded (poll(2)); a Wire is used by one thread at a time.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/state_store.h"
#include "redis/client.h"
#include "util/status.h"

struct redisReader;
struct ssl_ctx_st;
struct ssl_st;

namespace gw::redis {

class Wire {
 public:
  // Connects within `connect_timeout_ms` (TCP, then for rediss:// the TLS handshake: at least TLS
  // 1.2, the certificate verified against address.ca_file or OpenSSL's default trust store, and
  // against the host name or IP address). Unavailable with the reason.
  static Result<std::unique_ptr<Wire>> open(const config::StateStore& address,
                                            int connect_timeout_ms);
  ~Wire();
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  // Sends one command. Unavailable when the connection broke or the send timed out.
  Status send(const std::vector<std::string>& args, int timeout_ms);
  // The next reply. DeadlineExceeded when none came within `timeout_ms` (a partial reply is kept:
  // the connection stays usable); Unavailable when the connection broke.
  Result<Reply> receive(int timeout_ms);
  // send() and receive(): a reply that does not come in time leaves the connection out of step,
  // so the caller drops it (Unavailable).
  Result<Reply> call(const std::vector<std::string>& args, int timeout_ms);

 private:
  Wire() = default;
  using Deadline = std::chrono::steady_clock::time_point;
  Status handshake(const config::StateStore& address, Deadline deadline);
  // Waits until the socket is ready for `events` (POLLIN/POLLOUT); false at the deadline.
  bool wait(short events, Deadline deadline) const;

  int fd_ = -1;
  ssl_ctx_st* ctx_ = nullptr;
  ssl_st* ssl_ = nullptr;
  redisReader* reader_ = nullptr;
};

}  // namespace gw::redis
