#pragma once
// A Scope owns everything that is per tenant: its config snapshot and, as the layers are wired in,
// its connection pool, OAuth store and MCP sessions. Nothing is shared between scopes but the
// listener, the thread pool and the logger. Thread-safe after construction.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "scope/router.h"
#include "util/cidr.h"
#include "util/status.h"

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

namespace gw::scope {

class Scope {
 public:
  // public_base_url: the effective origin ("https://host" or "http://127.0.0.1:<bound port>").
  // Builds the scope's pool and tools (no connection is opened yet) and its MCP endpoint over them.
  // predecessor: the Scope of the same name this one replaces on reload, or null; its MCP sessions
  // and streams carry over (its pool does not: it drains under the calls still running on it).
  // REQUIRES: audit outlives the Scope.
  static Result<std::shared_ptr<Scope>> create(config::ConfigPtr config,
                                               const config::ScopeConfig& scope,
                                               std::string public_base_url, tools::AuditLog& audit,
                                               const Scope* predecessor = nullptr);
  Scope(config::ConfigPtr config, const config::ScopeConfig& scope, std::string public_base_url,
        std::shared_ptr<tools::ScopeTools> tools, const Scope* predecessor = nullptr);

  const config::ScopeConfig& config() const { return *scope_; }
  const config::ServerConfig& server_config() const { return config_->server; }
  const std::string& name() const { return scope_->name; }
  // "https://host/demo": the issuer and the base of every URL this scope publishes.
  const std::string& public_url() const { return public_url_; }
  const std::string& public_base_url() const { return public_base_url_; }
  // This scope's OAuth authorization server, opened (store replayed) on first use; check
  // oauth().status() at start to refuse serving with an unusable store.
  oauth::AuthorizationServer& oauth();
  // The connection pool and the four tools.
  tools::ScopeTools& tools() { return *tools_; }
  const tools::ScopeTools& tools() const { return *tools_; }

  ~Scope();
  // The MCP layer's state (sessions, legacy streams, dispatcher). Shared: a stream that outlives a
  // reload keeps it alive.
  const std::shared_ptr<mcp::ScopeEndpoint>& mcp() const { return mcp_; }

 private:
  config::ConfigPtr config_;  // keeps scope_ alive
  const config::ScopeConfig* scope_;
  std::string public_base_url_;
  std::string public_url_;
  // Shared with mcp_, which keeps it alive: a stream may still run a tool after this Scope is gone.
  std::shared_ptr<tools::ScopeTools> tools_;
  std::once_flag oauth_once_;
  std::unique_ptr<oauth::AuthorizationServer> oauth_;
  std::shared_ptr<mcp::ScopeEndpoint> mcp_;
};

using ScopePtr = std::shared_ptr<Scope>;

// The scopes of one configuration snapshot and the router over them. Immutable; a reload builds a
// new set (reusing unchanged Scope objects) and swaps it in, while running requests keep the set
// they started with.
class ScopeSet {
 public:
  ScopeSet(config::ConfigPtr config, std::vector<ScopePtr> scopes, std::string public_base_url);

  const config::Config& config() const { return *config_; }
  const config::ConfigPtr& config_ptr() const { return config_; }
  // The effective public origin: server.public_base_url, or http://<bound address> when it is not
  // set.
  const std::string& public_base_url() const { return public_base_url_; }
  const std::vector<ScopePtr>& scopes() const { return scopes_; }
  Route route(const RouteInput& input) const { return router_.route(input); }
  // Whether the peer's X-Forwarded-* and X-Environment-Path headers are believed
  // (server.trusted_proxies).
  bool is_trusted_proxy(const std::string& peer_address) const;

 private:
  config::ConfigPtr config_;
  std::vector<ScopePtr> scopes_;
  ScopeRouter router_;
  std::vector<Cidr> trusted_proxies_;
  std::string public_base_url_;
};

}  // namespace gw::scope
