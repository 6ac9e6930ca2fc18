#pragma once
// Held-open streams (the legacy SSE stream, GET /mcp, 2026-07-28 subscriptions/listen) each hold a
// connection thread for as long as the client likes. Without a cap, one token opening thousands
// of them fills server.max_connections and nobody else is served, /health included. StreamSlots
// counts open streams per token, per client address and in all, and refuses one past a cap. The
// server-wide cap is server.max_connections minus a reserve, so requests that end (health, OAuth,
// tool calls) always find a connection. Caps are passed per call: a reload changes them for the
// streams opened afterwards (open ones are not closed). Thread-safe.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace gw::http {

struct StreamCaps {
  int per_token = 16;     // server.limits.max_streams_per_token
  int per_address = 64;   // server.limits.max_streams_per_address
  std::size_t total = 0;  // max_connections minus the reserve (stream_total_cap)
};

// The streams the whole server may hold: max_connections less the reserve, the reserve taken at
// most half of max_connections so a small max_connections still serves streams. Pure.
std::size_t stream_total_cap(std::size_t max_connections, std::size_t reserved_connections);

enum class StreamRefusal { kNone, kPerToken, kPerAddress, kServer };

// "streams_per_token", "streams_per_address", "streams_server" (the metric's reason label).
const char* refusal_reason(StreamRefusal refusal);

class StreamSlots : public std::enable_shared_from_this<StreamSlots> {
 public:
  // One open stream; destroying it frees the slot.
  class Lease {
   public:
    Lease(std::shared_ptr<StreamSlots> slots, std::string token, std::string address);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

   private:
    std::shared_ptr<StreamSlots> slots_;
    std::string token_;
    std::string address_;
  };

  // token: who the bearer token says is calling ("" when the request carries none: only the
  // address and server-wide caps apply). On kNone, *lease holds the slot.
  StreamRefusal try_open(const std::string& token, const std::string& address,
                         const StreamCaps& caps, std::shared_ptr<Lease>* lease);

  std::size_t open() const;
  std::size_t open_for_token(const std::string& token) const;
  std::size_t open_for_address(const std::string& address) const;

 private:
  void release(const std::string& token, const std::string& address);

  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> by_token_;    // only keys with open streams
  std::map<std::string, std::size_t> by_address_;  // likewise
  std::size_t open_ = 0;
};

}  // namespace gw::http
