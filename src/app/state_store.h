#pragma once
// The composition root's choice of where a scope's state lives (server.state_store): the journal
// file data_dir/oauth/<scope>.log (one machine), or the Redis server that several replicas share,
// under the keys gw:<scope>:… (the layout: src/oauth/README.md).

#include <memory>
#include <string>

#include "config/config.h"
#include "oauth/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace gw::redis {
class Client;
}  // namespace gw::redis
namespace gw::mcp {
class SharedSessions;
}  // namespace gw::mcp

namespace gw::app {

// The OAuth store of scope `scope_name`. One journal per file and one Redis connection pool per
// URL in the process, shared by every Scope that names it: a reload builds new Scopes while
// requests still run on the old ones (one writer per journal). A Redis store is only returned
// when Redis answers: otherwise Unavailable, naming the address (never the password).
// REQUIRES: `clock` outlives the store.
Result<std::shared_ptr<oauth::Store>> open_oauth_store(const config::ServerConfig& server,
                                                       const std::string& scope_name,
                                                       const Clock& clock);

// The scope's Streamable HTTP sessions shared with other replicas (Redis), or null in journal
// mode (sessions stay in this process).
std::shared_ptr<mcp::SharedSessions> open_shared_sessions(const config::ServerConfig& server,
                                                          const std::string& scope_name);

// The process's Redis client for server.state_store, or null in journal mode.
std::shared_ptr<redis::Client> shared_redis_client(const config::ServerConfig& server);

}  // namespace gw::app
