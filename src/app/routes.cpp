#include "app/routes.h"

#include <algorithm>

#include <fmt/format.h>

#include "app/health.h"
#include "app/scope.h"
#include "db/result_collector.h"
#include "mcp/routes.h"
#include "mcp/scope_endpoint.h"
#include "oauth/authorization_server.h"
#include "oauth/bearer.h"
#include "oauth/oauth_error.h"
#include "oauth/resource_server.h"
#include "oauth/routes.h"
#include "tools/login_check.h"
#include "tools/scope_tools.h"
#include "tools/write_access.h"

namespace gw::app {

// "Does the database answer right now": one SELECT 1 through the scope's own pool, bounded by its
// login timeout (a pool at capacity answers "busy" after its acquire timeout).
DatabaseHealth probe_database(Scope& scope) {
  auto& pool = scope.tools().pool();
  db::ResultCollector sink(db::ResultLimits{1, 1024});
  db::QueryOptions options;
  options.timeout_ms = std::int64_t{scope.config().database.login_timeout_s} * 1000;
  const Status status = pool.execute("SELECT 1", options, sink);
  const auto counters = pool.counters();
  DatabaseHealth health{false, status.message()};
  if (status.is_ok()) {
    health = {true,
              fmt::format("answering (pool: {} open, {} in use)", counters.size, counters.in_use)};
  }
  return health;
}

namespace {

// The login verdict app::HealthWatch keeps current (read-only scopes).
void add_login_verdict(Scope& scope, DatabaseHealth& health) {
  if (const tools::LoginCheck* check = scope.tools().login_check()) {
    const tools::LoginCheck::Snapshot login = check->snapshot();
    health.login = tools::login_verdict_name(login.verdict);
    health.login_findings = login.findings;
    health.login_detail = login.error;
    health.serving = check->serving_status().is_ok();
  }
}

std::vector<std::string> tool_names(const Scope& scope) {
  std::vector<std::string> names;
  for (const auto& tool : scope.tools().tools())
    names.push_back(tool->descriptor().value("name", ""));
  return names;
}

// mcp_gateway_oauth_refusals_total{endpoint="resource"}: why a request to /mcp or /sse was refused.
void count_bearer_refusal(const Scope& scope, const std::string& header,
                          const Result<oauth::TokenInfo>& grant) {
  if (grant.is_ok()) return;
  const std::string reason = header.empty() ? "missing_token"
                             : grant.status().code() == StatusCode::kUnavailable
                                 ? "unavailable"
                                 : oauth::to_error_body(grant.status()).error;
  oauth::count_refusal(scope.name(), "resource", reason);
}

// A bearer token that is sent is always checked; the development switches admit only requests
// without one. A call that may change data also needs the write scope (step-up: 403
// insufficient_scope).
bool authenticate(Scope& scope, http::ScopeRequest& request,
                  const std::vector<mcp::ToolCallRequest>& tool_calls, mcp::HttpCaller& caller) {
  const std::string header = request.request.get_header_value("Authorization");
  if (header.empty() && mcp::development_admits(scope.config().development, !tool_calls.empty())) {
    return true;
  }
  const oauth::Transport transport = oauth::transport_of_route(request.inner_path);
  auto grant = oauth::authenticate_bearer(header, scope.oauth());
  count_bearer_refusal(scope, header, grant);
  if (!grant.is_ok()) {
    oauth::send_bearer_failure(request.response, grant.status(), scope.oauth(), transport,
                               request.request.path);
    return false;
  }
  const tools::ToolSettings& settings = scope.tools().settings();
  const bool writes =
      std::any_of(tool_calls.begin(), tool_calls.end(), [&](const mcp::ToolCallRequest& c) {
        return tools::call_may_write(settings, c.name, c.arguments());
      });
  if (writes) {
    const Status access = oauth::check_write_access(*grant, scope.config().oauth.scopes_supported);
    if (!access.is_ok()) {
      oauth::count_refusal(scope.name(), "resource", "insufficient_scope");
      oauth::send_bearer_failure(request.response, access, scope.oauth(), transport,
                                 request.request.path);
      return false;
    }
  }
  caller.client_id = grant->client_id;
  caller.user = grant->user;
  return true;
}

const HealthSources kHealthSources{add_login_verdict, tool_names};

}  // namespace

std::shared_ptr<const http::RouteTable> build_scope_routes(Scope& scope, util::StopFlag stopping) {
  auto routes = std::make_shared<http::RouteTable>();
  register_scope_health_route(*routes, scope, kHealthSources);
  oauth::register_routes(*routes, scope.oauth());
  mcp::RouteOptions mcp_routes;
  mcp_routes.endpoint = scope.mcp();
  mcp_routes.authenticate = [&scope](http::ScopeRequest& request,
                                     const std::vector<mcp::ToolCallRequest>& tool_calls,
                                     mcp::HttpCaller& caller) {
    return authenticate(scope, request, tool_calls, caller);
  };
  mcp_routes.stopping = std::move(stopping);
  mcp::register_routes(*routes, std::move(mcp_routes));
  return routes;
}

std::shared_ptr<const http::RouteTable> build_server_routes(ScopeSetSource scopes) {
  auto routes = std::make_shared<http::RouteTable>();
  register_server_health_route(*routes, kHealthSources, std::move(scopes));
  return routes;
}

}  // namespace gw::app
