#include "app/scope.h"

#include "app/routes.h"
#include "app/state_store.h"
#include "config/reload_plan.h"
#include "mcp/routes.h"
#include "mcp/scope_endpoint.h"
#include "oauth/authorization_server.h"
#include "oauth/redis_store.h"
#include "tools/scope_tools.h"
#include "util/clock.h"

namespace gw::app {
namespace {

mcp::EndpointOptions shared_endpoint_options(const config::ScopeConfig& scope,
                                             const config::ServerConfig& server) {
  mcp::EndpointOptions options = mcp::endpoint_options(scope, server);
  options.shared_sessions = open_shared_sessions(server, scope.name);
  options.relay_client = shared_redis_client(server);
  options.relay_prefix = oauth::redis_key_prefix(scope.name);
  return options;
}

std::vector<http::ServedScope> served_scopes(const std::vector<ScopePtr>& scopes) {
  std::vector<http::ServedScope> served;
  for (const auto& s : scopes) served.push_back({&s->config(), s->routes()});
  return served;
}

}  // namespace

Result<std::shared_ptr<Scope>> Scope::create(config::ConfigPtr config,
                                             const config::ScopeConfig& scope,
                                             std::string public_base_url, tools::AuditLog& audit,
                                             const Scope* predecessor, util::StopFlag stopping) {
  auto tools = tools::ScopeTools::create(scope, audit);
  if (!tools.is_ok()) return tools.status();
  return std::make_shared<Scope>(std::move(config), scope, std::move(public_base_url),
                                 std::shared_ptr<tools::ScopeTools>(std::move(*tools)), predecessor,
                                 std::move(stopping));
}

Scope::Scope(config::ConfigPtr config, const config::ScopeConfig& scope,
             std::string public_base_url, std::shared_ptr<tools::ScopeTools> tools,
             const Scope* predecessor, util::StopFlag stopping)
    : config_(std::move(config)),
      scope_(&scope),
      public_base_url_(std::move(public_base_url)),
      public_url_(public_base_url_ + scope.path),
      tools_(std::move(tools)),
      oauth_(std::make_unique<oauth::AuthorizationServer>(
          *scope_, public_base_url_,
          open_oauth_store(config_->server, scope.name, SystemClock::instance()),
          SystemClock::instance())),
      mcp_(std::make_shared<mcp::ScopeEndpoint>(
          shared_endpoint_options(scope, config_->server), tools_->tools(), SystemClock::instance(),
          tools_, predecessor != nullptr ? predecessor->mcp().get() : nullptr)),
      routes_(build_scope_routes(*this, std::move(stopping))) {
  if (predecessor != nullptr &&
      config::same_database(predecessor->config().database, scope.database)) {
    database_probe_.carry_over(predecessor->database_probe());
  }
}

Scope::~Scope() = default;

ScopeSet::ScopeSet(config::ConfigPtr config, std::vector<ScopePtr> scopes,
                   std::string public_base_url)
    : scopes_(std::move(scopes)),
      served_(std::move(config), served_scopes(scopes_), std::move(public_base_url)) {}

std::shared_ptr<const http::ServedScopes> served_part(const ScopeSetPtr& set) {
  if (!set) return nullptr;
  return std::shared_ptr<const http::ServedScopes>(set, &set->served());
}

}  // namespace gw::app
