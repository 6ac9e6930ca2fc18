#pragma once
// What the listener serves at one moment: the configuration snapshot, the scope router over its
// scopes, and each scope's route table. Immutable. The composition root (app::ScopeSet) builds one
// per configuration; a reload swaps in a new one while running requests keep the one they started
// with (HttpServer::dispatch holds it for the whole request).

#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "http/route_table.h"
#include "http/scope_router.h"
#include "util/cidr.h"

namespace gw::http {

// One scope as the listener sees it: its configuration and its handlers.
struct ServedScope {
  // REQUIRES: outlives the ServedScopes (the owner of the scope keeps its snapshot).
  const config::ScopeConfig* config = nullptr;
  // Closures over the scope's own objects (OAuth server, MCP endpoint, pool); the owner of the
  // ServedScopes keeps those alive as long as it.
  std::shared_ptr<const RouteTable> routes;
};

class ServedScopes {
 public:
  // scopes: one per config->scopes entry, in the same order (the router's indices).
  ServedScopes(config::ConfigPtr config, std::vector<ServedScope> scopes,
               std::string public_base_url);

  const config::Config& config() const { return *config_; }
  const config::ConfigPtr& config_ptr() const { return config_; }
  // The effective public origin: server.public_base_url, or http://<bound address> when it is not
  // set.
  const std::string& public_base_url() const { return public_base_url_; }
  Route route(const RouteInput& input) const { return router_.route(input); }
  // REQUIRES: index is a Route::scope_index of route().
  const ServedScope& scope(int index) const { return scopes_[static_cast<size_t>(index)]; }
  // Whether the peer's X-Forwarded-* and X-Environment-Path headers are believed
  // (server.trusted_proxies).
  bool is_trusted_proxy(const std::string& peer_address) const;

 private:
  config::ConfigPtr config_;
  std::vector<ServedScope> scopes_;
  ScopeRouter router_;
  std::vector<Cidr> trusted_proxies_;
  std::string public_base_url_;
};

}  // namespace gw::http
