#pragma once
// Where initialize-era MCP sessions (Streamable HTTP, 2025-11-25 basic/transports § Session
// Management) live beyond one process, so that a session id issued by one replica is honoured by
// another behind the same NGINX (server.state_store: redis://…). SessionStore keeps its live
// Session objects as before and consults this only for ids it does not know. Legacy HTTP+SSE
// sessions are not shared: their stream lives on one replica, which other replicas hand the
// session's POSTs (replica_relay.h).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "util/status.h"

namespace gw::redis {
class Client;
}  // namespace gw::redis

namespace gw::mcp {

struct SessionRecord {
  std::string id;
  std::string owner;
  std::string protocol_version;
};

class SharedSessions {
 public:
  virtual ~SharedSessions() = default;
  // Stores the record; it is forgotten `idle_timeout_s` after the last put() or touch().
  virtual Status put(const SessionRecord& record, std::int64_t idle_timeout_s) = 0;
  // NotFound when unknown or expired; Unavailable when the store cannot answer.
  virtual Result<SessionRecord> find(std::string_view id) = 0;
  // Renews the TTL; false when the session is gone (ended on another replica, or expired).
  virtual Result<bool> touch(std::string_view id, std::int64_t idle_timeout_s) = 0;
  virtual Status erase(std::string_view id) = 0;
};

// Sessions in Redis: the hash gw:<scope>:session:<id> (owner, protocol_version) with the idle
// timeout as its TTL. `prefix` is the scope's key prefix ("gw:<scope>:").
std::shared_ptr<SharedSessions> redis_sessions(std::shared_ptr<redis::Client> client,
                                               std::string prefix);

}  // namespace gw::mcp
