#pragma once
// One scope's authorization server: token service, sign-in endpoint, CIMD fetcher and
// registration rate limit over the store it is given, built from the scope's configuration. Owned
// by app::Scope (Scope::oauth()), which chooses the store (journal or Redis: app/state_store.h);
// the HTTP handlers (routes.h) and the bearer check (bearer.h) use it. Thread-safe.

#include <memory>
#include <string>

#include "config/config.h"
#include "oauth/authorization_endpoint.h"
#include "oauth/cimd_fetcher.h"
#include "oauth/discovery.h"
#include "oauth/registration.h"
#include "oauth/store.h"
#include "oauth/token_service.h"
#include "oauth/window_counter.h"
#include "util/clock.h"

namespace gw::oauth {

class AuthorizationServer {
 public:
  // `public_base_url` is the effective origin ("https://host"). `store` is the scope's state, or
  // why it could not be opened (permissions, a damaged journal, Redis unreachable): then status()
  // says why and every endpoint answers 503; the gateway refuses to start (the reloader checks
  // status()). REQUIRES: `clock` outlives the server.
  AuthorizationServer(const config::ScopeConfig& scope, const std::string& public_base_url,
                      Result<std::shared_ptr<Store>> store, const Clock& clock);

  const Status& status() const { return status_; }
  const ScopeUrls& urls() const { return urls_; }
  const config::ScopeConfig& scope() const { return scope_; }

  nlohmann::json authorization_server_metadata() const;
  nlohmann::json protected_resource_metadata(Transport transport) const;

  // REQUIRES status().is_ok() for the three below.
  TokenService& tokens() { return *tokens_; }
  AuthorizationEndpoint& authorization() { return *authorization_; }
  // POST /register from `address`: rate-limited, then register_client() and stored.
  Result<nlohmann::json> register_client(std::string_view body, const std::string& address);
  // Seconds until `address` may register again; 0 when it may now.
  std::int64_t registration_retry_after_s(const std::string& address) {
    return registrations_ ? registrations_->retry_after_s(address) : 0;
  }

  // The client for /authorize: configured, registered, or (when enabled) a metadata document.
  Result<ClientRecord> resolve_client(const std::string& client_id);

 private:
  const config::ScopeConfig& scope_;
  const Clock& clock_;
  ScopeUrls urls_;
  RedirectPolicy redirect_policy_;
  Status status_;
  std::shared_ptr<Store> store_;
  std::unique_ptr<TokenService> tokens_;
  std::unique_ptr<AuthorizationEndpoint> authorization_;
  std::unique_ptr<CimdFetcher> cimd_;
  std::unique_ptr<WindowCounter> registrations_;  // counted in the store, so made after it
};

}  // namespace gw::oauth
