#pragma once
// MCP sessions of one scope (2025-11-25 basic/transports § Session Management).
// A session records what the client negotiated; it never authenticates (security best practices:
// "MUST NOT use sessions for authentication"), but it is bound to its creator (the OAuth client),
// so another client presenting the id is answered as if the id did not exist.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "mcp/shared_sessions.h"
#include "util/clock.h"
#include "util/status.h"
#include "util/stop_flag.h"

namespace gw::mcp {

struct SessionLimits {
  std::size_t max_sessions = 10000;
  std::int64_t idle_timeout_s = 3600;  // no request and no open stream for this long: expired
};

// Thread-safe. Held by shared_ptr: a request keeps its session alive while it runs.
class Session {
 public:
  Session(std::string id, std::string owner, std::string protocol_version, bool legacy_sse,
          std::int64_t now_s);

  const std::string& id() const { return id_; }
  const std::string& owner() const { return owner_; }
  bool legacy_sse() const { return legacy_sse_; }
  std::int64_t created_s() const { return created_s_; }

  // "" until a legacy HTTP+SSE session sees its initialize.
  std::string protocol_version() const;
  void set_protocol_version(std::string version);
  std::string log_level() const;
  void set_log_level(std::string level);
  void mark_initialized() { initialized_.store(true); }
  // Set once the store forgets the session (DELETE, expiry, eviction): its streams then end
  // (they watch ended_flag()).
  void mark_ended() { ended_.set(); }
  bool ended() const { return ended_.is_set(); }
  const util::StopFlag& ended_flag() const { return ended_; }
  bool initialized() const { return initialized_.load(); }

  // An open stream keeps the session alive: it neither expires nor is evicted.
  void open_stream() { ++open_streams_; }
  void close_stream() { --open_streams_; }
  bool has_open_stream() const { return open_streams_.load() > 0; }

  std::int64_t last_seen_s() const { return last_seen_s_.load(); }
  void touch(std::int64_t now_s) { last_seen_s_.store(now_s); }

 private:
  const std::string id_;
  const std::string owner_;
  const bool legacy_sse_;
  const std::int64_t created_s_;
  std::atomic<std::int64_t> last_seen_s_;
  std::atomic<int> open_streams_{0};
  std::atomic<bool> initialized_{false};
  util::StopFlag ended_ = util::StopFlag::create();
  mutable std::mutex mutex_;
  std::string protocol_version_;
  std::string log_level_ = "info";
};

using SessionPtr = std::shared_ptr<Session>;

// 128+ random bits from OpenSSL, as 32 base64url characters (visible ASCII 0x21-0x7E, as
// 2025-11-25 § Session Management requires).
std::string new_session_id();

class SessionStore {
 public:
  // shared: where Streamable HTTP sessions are also kept for other replicas (null: this process
  // only). A session another replica created is found there and then kept here too; every use
  // renews its TTL there, which also tells whether another replica ended it (DELETE). A shared
  // store that cannot answer: known sessions carry on, unknown ones are unknown (404).
  SessionStore(const Clock& clock, SessionLimits limits,
               std::shared_ptr<SharedSessions> shared = nullptr);

  // When full, expired sessions go first, then the least recently seen without an open stream;
  // ResourceExhausted when every session holds a stream.
  Result<SessionPtr> create(std::string protocol_version, std::string owner, bool legacy_sse);
  // The live session with this id and owner, touched; null when unknown, ended, expired or owned
  // by someone else.
  SessionPtr find(std::string_view id, std::string_view owner);
  // Ends the session (DELETE, or a legacy stream closing): afterwards find() returns null (404).
  bool end(std::string_view id, std::string_view owner);
  // Drops expired sessions; returns how many.
  std::size_t sweep();
  std::size_t size() const;

 private:
  bool expired(const Session& s, std::int64_t now_s) const;
  void sweep_locked(std::int64_t now_s);
  SessionPtr find_shared(std::string_view id, std::string_view owner, std::int64_t now_s);
  // False when another replica ended the session.
  bool renew_shared(const Session& session);

  const Clock& clock_;
  const SessionLimits limits_;
  const std::shared_ptr<SharedSessions> shared_;
  mutable std::mutex mutex_;
  std::map<std::string, SessionPtr, std::less<>> sessions_;
};

}  // namespace gw::mcp
