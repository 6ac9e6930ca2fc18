#pragma once
// Every layer's routes: per scope health, OAuth and MCP (with the bearer check that joins the
// two), each a closure over the scope's own objects; and the listener's server-level GET /health.

#include <functional>
#include <memory>

#include "app/database_probe.h"
#include "http/route_table.h"
#include "util/stop_flag.h"

namespace gw::app {

class Scope;
class ScopeSet;

using ScopeSetSource = std::function<std::shared_ptr<const ScopeSet>()>;

// The route table of one scope. stopping: set once the listener shuts down (long-lived streams
// end). REQUIRES: scope's oauth(), tools() and mcp() are built; scope outlives the table (it owns
// it).
std::shared_ptr<const http::RouteTable> build_scope_routes(Scope& scope, util::StopFlag stopping);

// One probe of the scope's database, as GET /health reports it: SELECT 1 through the scope's pool,
// bounded by database.login_timeout_s. Blocks; app::HealthWatch runs it in the background.
DatabaseHealth probe_database(Scope& scope);

// The main listener's server-level routes, over whatever scopes `scopes` returns per request.
std::shared_ptr<const http::RouteTable> build_server_routes(ScopeSetSource scopes);

}  // namespace gw::app
