#pragma once
// Every layer's routes on one table: health, OAuth, MCP (with the bearer check that joins the two).

#include <functional>
#include <memory>

#include "http/route_table.h"
#include "scope/scope.h"

namespace gw::app {

using ScopeSetSource = std::function<std::shared_ptr<const scope::ScopeSet>()>;

// stopping: true once the listener shuts down (long-lived streams end).
std::shared_ptr<http::RouteTable> build_routes(ScopeSetSource scopes,
                                               std::function<bool()> stopping);

}  // namespace gw::app
