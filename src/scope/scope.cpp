#include "scope/scope.h"

#include "mcp/routes.h"
#include "mcp/scope_endpoint.h"
#include "oauth/authorization_server.h"
#include "tools/scope_tools.h"
#include "util/clock.h"

namespace gw::scope {
namespace {

std::vector<std::string> paths_of(const config::Config& config) {
  std::vector<std::string> paths;
  for (const auto& s : config.scopes) paths.push_back(s.path);
  return paths;
}

int default_index(const config::Config& config) {
  for (size_t i = 0; i < config.scopes.size(); ++i) {
    if (config.scopes[i].name == config.server.default_scope) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

Result<std::shared_ptr<Scope>> Scope::create(config::ConfigPtr config,
                                             const config::ScopeConfig& scope,
                                             std::string public_base_url, tools::AuditLog& audit,
                                             const Scope* predecessor) {
  auto tools = tools::ScopeTools::create(scope, audit);
  if (!tools.is_ok()) return tools.status();
  return std::make_shared<Scope>(std::move(config), scope, std::move(public_base_url),
                                 std::shared_ptr<tools::ScopeTools>(std::move(*tools)),
                                 predecessor);
}

Scope::Scope(config::ConfigPtr config, const config::ScopeConfig& scope,
             std::string public_base_url, std::shared_ptr<tools::ScopeTools> tools,
             const Scope* predecessor)
    : config_(std::move(config)),
      scope_(&scope),
      public_base_url_(std::move(public_base_url)),
      public_url_(public_base_url_ + scope.path),
      tools_(std::move(tools)),
      mcp_(std::make_shared<mcp::ScopeEndpoint>(
          mcp::endpoint_options(scope, config_->server), tools_->tools(), SystemClock::instance(),
          tools_, predecessor != nullptr ? predecessor->mcp().get() : nullptr)) {}

Scope::~Scope() = default;

oauth::AuthorizationServer& Scope::oauth() {
  std::call_once(oauth_once_, [this] {
    oauth_ = std::make_unique<oauth::AuthorizationServer>(*scope_, public_base_url_,
                                                          config_->server.data_dir);
  });
  return *oauth_;
}

ScopeSet::ScopeSet(config::ConfigPtr config, std::vector<ScopePtr> scopes,
                   std::string public_base_url)
    : config_(std::move(config)),
      scopes_(std::move(scopes)),
      router_(paths_of(*config_), default_index(*config_)),
      public_base_url_(std::move(public_base_url)) {
  for (const auto& text : config_->server.trusted_proxies) {
    // The loader validated every entry, so parse cannot fail here.
    if (auto cidr = Cidr::parse(text); cidr.is_ok()) trusted_proxies_.push_back(*cidr);
  }
}

bool ScopeSet::is_trusted_proxy(const std::string& peer_address) const {
  for (const auto& cidr : trusted_proxies_) {
    if (cidr.contains(peer_address)) return true;
  }
  return false;
}

}  // namespace gw::scope
