#include "oauth/authorization_endpoint.h"

#include "oauth/crypto.h"
#include "oauth/oauth_error.h"
#include "oauth/password.h"
#include "oauth/redirect_uri.h"
#include "oauth/sign_in_page.h"

namespace gw::oauth {
namespace {

AuthorizeResponse page(int status, std::string_view title, std::string_view message) {
  return {status, "", render_error_page(title, message)};
}

AuthorizeResponse redirect(std::string location) { return {302, std::move(location), ""}; }

}  // namespace

std::string build_redirect(const std::string& redirect_uri,
                           const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = redirect_uri;
  char sep = redirect_uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += sep + form_encode(k) + "=" + form_encode(v);
    sep = '&';
  }
  return out;
}

AuthorizationEndpoint::AuthorizationEndpoint(TokenService& tokens, const Clock& clock,
                                             ClientResolver resolve_client,
                                             std::vector<SignInUser> users, SignInMode mode,
                                             std::string scope_name, SignInLimits limits)
    : tokens_(tokens),
      clock_(clock),
      resolve_client_(std::move(resolve_client)),
      users_(std::move(users)),
      mode_(mode),
      scope_name_(std::move(scope_name)),
      limits_(limits),
      user_failures_(clock, limits.user_failures, limits.window_s),
      address_failures_(clock, limits.address_failures, limits.window_s),
      authorizations_(clock, limits.address_authorizations, limits.authorization_window_s) {}

AuthorizeResponse AuthorizationEndpoint::begin(const Params& query, const std::string& address) {
  // Before the client is resolved: a flood must not turn into metadata document fetches either.
  if (!authorizations_.try_acquire(address)) {
    AuthorizeResponse refused =
        page(429, "Too many requests",
             "Too many authorization requests from this address. Wait a few "
             "minutes, then try again.");
    refused.retry_after_s = authorizations_.retry_after_s(address);
    return refused;
  }
  const std::string client_id = param(query, "client_id");
  if (client_id.empty()) return page(400, "Invalid request", "client_id is required.");
  auto client = resolve_client_(client_id);
  if (!client && client.status().code() == StatusCode::kUnavailable) {
    // A Client ID Metadata Document that cannot be fetched (no route, DNS, TLS): the user can do
    // nothing about it, the administrator can (README, Troubleshooting).
    return page(502, "Application details unavailable",
                "This application identifies itself by a web address (a client metadata "
                "document), and this server could not fetch it: " +
                    client.status().message() +
                    ". Ask the administrator to let the gateway reach it over HTTPS, or to set "
                    "oauth.client_id_metadata_documents: false for this scope so the application "
                    "registers itself instead. Then connect again.");
  }
  if (!client) return page(400, "Unknown application", client.status().message());
  // OAuth 2.1 §4.1.2.1: until the redirect URI is known to be the client's, never redirect.
  auto redirect_uri = trusted_redirect_uri(query, *client);
  if (!redirect_uri) return page(400, "Invalid redirect URI", redirect_uri.status().message());
  const std::string& iss = tokens_.urls().issuer;
  auto request = validate_authorize_request(query, *client, *redirect_uri, tokens_.urls(),
                                            tokens_.scopes_supported());
  if (!request) {
    OAuthErrorBody e = to_error_body(request.status());
    std::vector<std::pair<std::string, std::string>> p = {{"error", e.error},
                                                          {"error_description", e.description}};
    if (query.count("state") != 0) p.emplace_back("state", param(query, "state"));
    p.emplace_back("iss", iss);
    return redirect(build_redirect(*redirect_uri, p));
  }
  if (mode_ == SignInMode::kAuto) return approve(*request, "auto");
  Pending pending{*request, random_token(), clock_.now_seconds() + limits_.pending_ttl_s};
  std::string id = random_token();
  insert_pending(id, pending);
  return show_form(id, pending, 200, "", "");
}

AuthorizeResponse AuthorizationEndpoint::submit(const Params& form, const std::string& address) {
  const std::string id = param(form, "request_id");
  Pending pending;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(id);
    if (it == pending_.end() || it->second.expires_at <= clock_.now_seconds()) {
      if (it != pending_.end()) pending_.erase(it);
      return page(400, "Sign-in expired",
                  "This sign-in request is unknown or has expired. Start again from your "
                  "application.");
    }
    pending = it->second;
  }
  if (!constant_time_equals(param(form, "csrf_token"), pending.csrf_token)) {
    return page(403, "Sign-in refused",
                "The sign-in form did not come from this page (CSRF check failed). Start again "
                "from your application.");
  }
  const std::string& iss = tokens_.urls().issuer;
  if (param(form, "action") == "deny") {
    std::lock_guard lock(mu_);
    pending_.erase(id);
    std::vector<std::pair<std::string, std::string>> p = {
        {"error", "access_denied"}, {"error_description", "the user denied access"}};
    if (!pending.request.state.empty()) p.emplace_back("state", pending.request.state);
    p.emplace_back("iss", iss);
    return redirect(build_redirect(pending.request.redirect_uri, p));
  }
  const std::string user = param(form, "username");
  if (user_failures_.exceeded(user) || address_failures_.exceeded(address)) {
    return show_form(id, pending, 429, user,
                     "Too many failed sign-ins. Wait a few minutes, then try again.");
  }
  auto ok = check_password(user, param(form, "password"));
  if (!ok) return page(500, "Sign-in unavailable", "The server's user list is misconfigured.");
  if (!*ok) {
    user_failures_.record(user);
    address_failures_.record(address);
    return show_form(id, pending, 401, user, "Wrong user name or password.");
  }
  user_failures_.reset(user);
  {
    std::lock_guard lock(mu_);
    if (pending_.erase(id) == 0) {
      return page(400, "Sign-in expired", "This sign-in request was already completed.");
    }
  }
  return approve(pending.request, user);
}

AuthorizeResponse AuthorizationEndpoint::approve(const AuthorizeRequest& request,
                                                 const std::string& user) {
  auto code = tokens_.issue_code(request, user);
  std::vector<std::pair<std::string, std::string>> p;
  if (code) {
    p.emplace_back("code", *code);
  } else {
    p = {{"error", "server_error"}, {"error_description", "could not store the authorization"}};
  }
  if (!request.state.empty()) p.emplace_back("state", request.state);
  p.emplace_back("iss", tokens_.urls().issuer);
  return redirect(build_redirect(request.redirect_uri, p));
}

AuthorizeResponse AuthorizationEndpoint::show_form(const std::string& id, const Pending& p,
                                                   int status, const std::string& username,
                                                   const std::string& error) {
  SignInView view;
  view.scope_name = scope_name_;
  view.client_name = p.request.client_name;
  view.client_id = p.request.client_id;
  auto url = parse_url(p.request.redirect_uri);
  view.redirect_host = url ? url->host : p.request.redirect_uri;
  view.loopback_redirect = url && is_loopback_host(url->host);
  view.granted_scope = p.request.scope;
  view.form_action = tokens_.urls().authorization_endpoint;
  view.request_id = id;
  view.csrf_token = p.csrf_token;
  view.username = username;
  view.error = error;
  return {status, "", render_sign_in_page(view)};
}

Result<bool> AuthorizationEndpoint::check_password(const std::string& user,
                                                   const std::string& password) {
  for (const auto& u : users_) {
    if (u.name == user) return verify_password(password, u.password_hash);
  }
  {
    std::lock_guard lock(mu_);
    if (dummy_hash_.empty()) {
      auto h = hash_password(random_token());
      if (h) dummy_hash_ = *h;
    }
  }
  if (!dummy_hash_.empty()) (void)verify_password(password, dummy_hash_);
  return false;
}

void AuthorizationEndpoint::insert_pending(const std::string& id, Pending p) {
  std::lock_guard lock(mu_);
  std::int64_t now = clock_.now_seconds();
  std::erase_if(pending_, [&](const auto& kv) { return kv.second.expires_at <= now; });
  while (pending_.size() >= limits_.max_pending) {
    auto oldest = pending_.begin();
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->second.expires_at < oldest->second.expires_at) oldest = it;
    }
    pending_.erase(oldest);
  }
  pending_.emplace(id, std::move(p));
}

std::size_t AuthorizationEndpoint::pending_count() {
  std::lock_guard lock(mu_);
  return pending_.size();
}

}  // namespace gw::oauth
