#pragma once
// A Scope owns everything that is per tenant: its config snapshot, its connection pool and tools,
// its OAuth authorization server and its MCP endpoint (sessions, streams), and the route table on
// which each of those layers registered closures over its own part. Nothing is shared between
// scopes but the listener, the thread pool and the logger. It is the composition root of one
// tenant, so it lives here at the top: the layers below never see it. Thread-safe after
// construction.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/database_probe.h"
#include "config/config.h"
#include "http/route_table.h"
#include "http/served_scopes.h"
#include "util/status.h"
#include "util/stop_flag.h"

namespace gw::tools {
class AuditLog;
class ScopeTools;
}  // namespace gw::tools
namespace gw::oauth {
class AuthorizationServer;
}  // namespace gw::oauth
namespace gw::mcp {
class ScopeEndpoint;
}  // namespace gw::mcp

namespace gw::app {

class Scope {
 public:
  // public_base_url: the effective origin ("https://host" or "http://127.0.0.1:<bound port>").
  // Builds the scope's pool and tools (no connection is opened yet), its authorization server
  // (store replayed: check oauth().status() before serving), its MCP endpoint over the tools, and
  // its routes. predecessor: the Scope of the same name this one replaces on reload, or null; its
  // MCP sessions and streams carry over (its pool does not: it drains under the calls still running
  // on it). stopping: set once the listener shuts down (held-open streams end).
  // REQUIRES: audit outlives the Scope.
  static Result<std::shared_ptr<Scope>> create(config::ConfigPtr config,
                                               const config::ScopeConfig& scope,
                                               std::string public_base_url, tools::AuditLog& audit,
                                               const Scope* predecessor = nullptr,
                                               util::StopFlag stopping = {});
  Scope(config::ConfigPtr config, const config::ScopeConfig& scope, std::string public_base_url,
        std::shared_ptr<tools::ScopeTools> tools, const Scope* predecessor = nullptr,
        util::StopFlag stopping = {});
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  ~Scope();

  const config::ScopeConfig& config() const { return *scope_; }
  const config::ServerConfig& server_config() const { return config_->server; }
  const std::string& name() const { return scope_->name; }
  // "https://host/demo": the issuer and the base of every URL this scope publishes.
  const std::string& public_url() const { return public_url_; }
  const std::string& public_base_url() const { return public_base_url_; }
  // This scope's OAuth authorization server; status() says whether its store is usable.
  oauth::AuthorizationServer& oauth() { return *oauth_; }
  // The connection pool and the four tools.
  tools::ScopeTools& tools() { return *tools_; }
  const tools::ScopeTools& tools() const { return *tools_; }
  // The MCP layer's state (sessions, legacy streams, dispatcher). Shared: a stream that outlives a
  // reload keeps it alive.
  const std::shared_ptr<mcp::ScopeEndpoint>& mcp() const { return mcp_; }
  // The last background probe of the scope's database (GET /health reads it).
  DatabaseProbe& database_probe() { return database_probe_; }
  const DatabaseProbe& database_probe() const { return database_probe_; }

  // Every layer's handlers for this scope (health, OAuth, MCP), closures over the members above.
  const std::shared_ptr<const http::RouteTable>& routes() const { return routes_; }

 private:
  config::ConfigPtr config_;  // keeps scope_ alive
  const config::ScopeConfig* scope_;
  std::string public_base_url_;
  std::string public_url_;
  // Shared with mcp_, which keeps it alive: a stream may still run a tool after this Scope is gone.
  std::shared_ptr<tools::ScopeTools> tools_;
  std::unique_ptr<oauth::AuthorizationServer> oauth_;
  std::shared_ptr<mcp::ScopeEndpoint> mcp_;
  DatabaseProbe database_probe_;
  std::shared_ptr<const http::RouteTable> routes_;  // last: its closures refer to the members above
};

using ScopePtr = std::shared_ptr<Scope>;

// The scopes of one configuration snapshot and what the listener serves of them. Immutable; a
// reload builds a new set (reusing unchanged Scope objects) and swaps it in, while running
// requests keep the set they started with.
class ScopeSet {
 public:
  ScopeSet(config::ConfigPtr config, std::vector<ScopePtr> scopes, std::string public_base_url);

  const config::Config& config() const { return served_.config(); }
  const config::ConfigPtr& config_ptr() const { return served_.config_ptr(); }
  // The effective public origin: server.public_base_url, or http://<bound address> when it is not
  // set.
  const std::string& public_base_url() const { return served_.public_base_url(); }
  const std::vector<ScopePtr>& scopes() const { return scopes_; }
  // The router, the trusted proxies and each scope's route table, for http::HttpServer.
  const http::ServedScopes& served() const { return served_; }

 private:
  std::vector<ScopePtr> scopes_;
  http::ServedScopes served_;
};

using ScopeSetPtr = std::shared_ptr<const ScopeSet>;

// What the listener holds for one request: the served part of `set`, keeping all of `set` (and so
// every Scope its handlers refer to) alive.
std::shared_ptr<const http::ServedScopes> served_part(const ScopeSetPtr& set);

}  // namespace gw::app
