#pragma once
// GET /{scope}/health and the server-wide GET /health: what an operator or a load balancer asks
// first. No secret ever appears here: no password, no user list, no token.

#include <functional>
#include <string>
#include <vector>

#include "app/database_probe.h"
#include "app/scope.h"
#include "http/route_table.h"

namespace gw::app {

// Where the health document's live facts come from; each layer fills its part as it is wired in.
// The database's state is the scope's last background probe (database_probe.h): answering
// never waits on a database.
struct HealthSources {
  // Adds the read-only login verdict the background check keeps (a stored reading).
  std::function<void(Scope&, DatabaseHealth&)> login;
  std::function<std::vector<std::string>(const Scope&)> tool_names;
};

// GET /health on one scope's table. REQUIRES: scope outlives the table.
void register_scope_health_route(http::RouteTable& routes, Scope& scope, HealthSources sources);

// The server-wide GET /health, over the scopes current_scopes returns per request.
void register_server_health_route(http::RouteTable& routes, HealthSources sources,
                                  std::function<std::shared_ptr<const ScopeSet>()> current_scopes);

// A TCP connect to the scope's database host and port, bounded by timeout_ms: "is anything
// listening".
DatabaseHealth probe_tcp(const std::string& host, int port, int timeout_ms);

}  // namespace gw::app
