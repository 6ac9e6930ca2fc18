#include "oauth/authorization_server.h"

#include "oauth/crypto.h"
#include "oauth/oauth_error.h"
#include "util/log.h"

namespace gw::oauth {
namespace {

// DCR: Claude registers a new client on every fresh connection (PROTOCOL-NOTES §6.2), and all of
// Claude.ai's traffic comes from one small address range (160.79.104.0/21), so the limit per
// address is generous: it stops a flood, not a busy deployment. Unused registrations are collected
// after 24 h.
constexpr int kRegistrationsPerWindow = 100;
constexpr std::int64_t kRegistrationWindowS = 600;

std::vector<ClientRecord> preregistered(const config::OAuthConfig& oauth, std::int64_t now) {
  std::vector<ClientRecord> out;
  for (const auto& c : oauth.clients) {
    ClientRecord r;
    r.client_id = c.client_id;
    r.client_name = c.client_id;
    r.redirect_uris = c.redirect_uris;
    r.origin = ClientOrigin::kPreregistered;
    r.created_at = now;
    r.used = true;
    if (!c.client_secret.empty()) {
      r.auth_method = AuthMethod::kClientSecretBasic;  // post is accepted as well
      r.secret_hash = sha256_hex(c.client_secret.reveal());
    }
    out.push_back(std::move(r));
  }
  return out;
}

SignInLimits sign_in_limits(const config::OAuthConfig& oauth) {
  SignInLimits limits;
  limits.user_address_failures = oauth.sign_in_failures_per_user_address;
  limits.address_failures = oauth.sign_in_failures_per_address;
  limits.user_failures = oauth.sign_in_failures_per_user;
  limits.window_s = oauth.sign_in_failure_window_s;
  limits.max_pending_per_address = static_cast<std::size_t>(oauth.pending_sign_ins_per_address);
  limits.max_pending = static_cast<std::size_t>(oauth.pending_sign_ins_max);
  limits.metadata_retry_after_s = (oauth.cimd_timeout_ms + 999) / 1000;
  return limits;
}

}  // namespace

AuthorizationServer::AuthorizationServer(const config::ScopeConfig& scope,
                                         const std::string& public_base_url,
                                         Result<std::shared_ptr<Store>> store, const Clock& clock)
    : scope_(scope),
      clock_(clock),
      urls_(scope_urls(public_base_url, scope.path)),
      redirect_policy_{scope.oauth.allowed_redirect_hosts, scope.oauth.allow_loopback_redirects} {
  if (!store) {
    status_ = store.status();
    log::error("oauth store cannot be opened",
               {{"scope", scope.name}, {"error", status_.message()}});
    return;
  }
  store_ = *store;
  registrations_ = std::make_unique<WindowCounter>(*store_, clock, "registrations_address",
                                                   kRegistrationsPerWindow, kRegistrationWindowS);
  TokenPolicy policy;
  policy.access_ttl_s = scope.oauth.access_token_ttl_s;
  policy.refresh_ttl_s = scope.oauth.refresh_token_ttl_s;
  policy.code_ttl_s = scope.oauth.authorization_code_ttl_s;
  policy.client_id_metadata_documents = scope.oauth.client_id_metadata_documents;
  tokens_ =
      std::make_unique<TokenService>(*store_, clock, urls_, scope.oauth.scopes_supported, policy);
  tokens_->set_preregistered_clients(preregistered(scope.oauth, clock.now_seconds()));
  CimdOptions cimd;
  cimd.redirect_policy = redirect_policy_;
  cimd.allow_private_addresses = scope.oauth.cimd_allow_private_addresses;
  cimd.connect_timeout_ms = scope.oauth.cimd_connect_timeout_ms;
  cimd.timeout_ms = scope.oauth.cimd_timeout_ms;
  cimd.max_concurrent = scope.oauth.cimd_max_concurrent_fetches;
  cimd.max_cached = static_cast<std::size_t>(scope.oauth.cimd_cache_entries);
  cimd.failure_cache_s = scope.oauth.cimd_failure_cache_s;
  cimd_ = std::make_unique<CimdFetcher>(clock, cimd, store_.get());
  std::vector<SignInUser> users;
  for (const auto& u : scope.oauth.users) users.push_back({u.name, u.password_hash.reveal()});
  authorization_ = std::make_unique<AuthorizationEndpoint>(
      *tokens_, clock, [this](const std::string& id) { return resolve_client(id); },
      std::move(users),
      scope.oauth.sign_in == config::SignIn::kAuto ? SignInMode::kAuto : SignInMode::kPassword,
      scope.name, sign_in_limits(scope.oauth));
}

nlohmann::json AuthorizationServer::authorization_server_metadata() const {
  return oauth::authorization_server_metadata(
      urls_, {scope_.oauth.scopes_supported, scope_.oauth.client_id_metadata_documents});
}

nlohmann::json AuthorizationServer::protected_resource_metadata(Transport transport) const {
  std::string name = scope_.description.empty() ? scope_.name : scope_.description;
  return oauth::protected_resource_metadata(urls_, transport, scope_.oauth.scopes_supported, name);
}

Result<nlohmann::json> AuthorizationServer::register_client(std::string_view body,
                                                            const std::string& address) {
  tokens_->purge_if_due();
  if (!registrations_->try_acquire(address)) {
    return oauth_error(OAuthErrorCode::kTemporarilyUnavailable,
                       "too many registrations from this address");
  }
  auto reg = oauth::register_client(body, redirect_policy_, clock_.now_seconds());
  if (!reg) return reg.status();
  GW_RETURN_IF_ERROR(store_->put_client(reg->client));
  log::info("oauth client registered", {{"scope", scope_.name},
                                        {"client_id", reg->client.client_id},
                                        {"client_name", reg->client.client_name}});
  return reg->response;
}

Result<ClientRecord> AuthorizationServer::resolve_client(const std::string& client_id) {
  auto found = tokens_->find_registered_client(client_id);
  if (found || found.status().code() == StatusCode::kUnavailable) return found;
  if (scope_.oauth.client_id_metadata_documents && looks_like_metadata_url(client_id)) {
    return cimd_->resolve(client_id);
  }
  return not_found("unknown client_id " + client_id.substr(0, 200) +
                   ": register the application again");
}

}  // namespace gw::oauth
