#include "oauth/authorization_endpoint.h"

#include <algorithm>
#include <optional>

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

AuthorizeResponse expired_page() {
  AuthorizeResponse expired = page(400, "Sign-in expired",
                                   "This sign-in request is unknown or has expired. Start again "
                                   "from your application.");
  // Also what a person sees whose form a flood of others' forms pushed out (the pending bounds).
  expired.refusal = "sign_in_expired";
  return expired;
}

// The state store cannot answer (Redis away): not the person's fault, and not for ever.
AuthorizeResponse store_unavailable() {
  AuthorizeResponse unavailable =
      page(503, "Sign-in unavailable",
           "The server cannot hold this sign-in right now. Try again in a minute.");
  unavailable.retry_after_s = 60;
  unavailable.refusal = "store_unavailable";
  return unavailable;
}

// A failed lookup of the pending sign-in: gone (expired, completed) or the store away.
AuthorizeResponse lookup_refusal(const Status& status) {
  return status.code() == StatusCode::kNotFound ? expired_page() : store_unavailable();
}

// The validated request a pending sign-in holds, as the store keeps it.
nlohmann::json to_json(const AuthorizeRequest& r) {
  return {{"client_id", r.client_id},
          {"client_name", r.client_name},
          {"redirect_uri", r.redirect_uri},
          {"state", r.state},
          {"code_challenge", r.code_challenge},
          {"resource", r.resource},
          {"scope", r.scope},
          {"redirect_uri_in_request", r.redirect_uri_in_request}};
}

std::optional<AuthorizeRequest> request_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    AuthorizeRequest r;
    r.client_id = j.at("client_id").get<std::string>();
    r.client_name = j.at("client_name").get<std::string>();
    r.redirect_uri = j.at("redirect_uri").get<std::string>();
    r.state = j.at("state").get<std::string>();
    r.code_challenge = j.at("code_challenge").get<std::string>();
    r.resource = j.at("resource").get<std::string>();
    r.scope = j.at("scope").get<std::string>();
    r.redirect_uri_in_request = j.at("redirect_uri_in_request").get<bool>();
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a shared store holding something else: the form is gone
  }
}

// Counter keys: the length prefix keeps "a:b" + "c" apart from "a" + "b:c".
std::string user_address_key(const std::string& user, const std::string& address) {
  return std::to_string(user.size()) + ":" + user + "@" + address;
}

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
      user_address_failures_(tokens.store(), clock, "sign_in_failures_user_address",
                             limits.user_address_failures, limits.window_s),
      address_failures_(tokens.store(), clock, "sign_in_failures_address", limits.address_failures,
                        limits.window_s),
      user_failures_(tokens.store(), clock, "sign_in_failures_user", limits.user_failures,
                     limits.window_s),
      authorizations_(tokens.store(), clock, "authorizations_address",
                      limits.address_authorizations, limits.authorization_window_s) {}

AuthorizeResponse AuthorizationEndpoint::client_refused(const Status& status) const {
  switch (status.code()) {
    case StatusCode::kResourceExhausted: {
      AuthorizeResponse busy = page(503, "Application details unavailable",
                                    "This application identifies itself by a web address (a "
                                    "client metadata document), and this server is fetching too "
                                    "many of those right now. Try again in a few seconds.");
      busy.retry_after_s = limits_.metadata_retry_after_s;
      busy.refusal = "metadata_fetches_busy";
      return busy;
    }
    case StatusCode::kCancelled: {
      AuthorizeResponse gone = page(503, "Request abandoned", status.message());
      gone.refusal = "metadata_fetch_abandoned";  // nobody reads the page
      return gone;
    }
    case StatusCode::kUnavailable: {
      // A Client ID Metadata Document that cannot be fetched (no route, DNS, TLS, too slow): the
      // user can do nothing about it, the administrator can (README, Troubleshooting).
      AuthorizeResponse failed = page(
          502, "Application details unavailable",
          "This application identifies itself by a web address (a client metadata document), and "
          "this server could not fetch it: " +
              status.message() +
              ". Ask the administrator to let the gateway reach it over HTTPS, or to set "
              "oauth.client_id_metadata_documents: false for this scope so the application "
              "registers itself instead. Then connect again.");
      failed.refusal = "metadata_unavailable";
      return failed;
    }
    default: {
      AuthorizeResponse unknown = page(400, "Unknown application", status.message());
      unknown.refusal = status.code() == StatusCode::kPermissionDenied
                            ? "metadata_non_public_address"
                        : status.code() == StatusCode::kInvalidArgument
                            ? "invalid_client_id"  // not a usable metadata URL (its port, a path)
                            : "unknown_client";
      return unknown;
    }
  }
}

AuthorizeResponse AuthorizationEndpoint::begin(const Params& query, const std::string& address) {
  // Before the client is resolved: a flood must not turn into metadata document fetches either.
  if (!authorizations_.try_acquire(address)) {
    AuthorizeResponse refused =
        page(429, "Too many requests",
             "Too many authorization requests from this address. Wait a few "
             "minutes, then try again.");
    refused.retry_after_s = authorizations_.retry_after_s(address);
    refused.refusal = "rate_limited";
    return refused;
  }
  const std::string client_id = param(query, "client_id");
  if (client_id.empty()) return page(400, "Invalid request", "client_id is required.");
  auto client = resolve_client_(client_id);
  if (!client) return client_refused(client.status());
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
  const std::string csrf_token = random_token();
  PendingSignIn pending{random_token(), address, sha256_hex(csrf_token),
                        clock_.now_seconds() + limits_.pending_ttl_s, to_json(*request)};
  Status stored = tokens_.store().put_pending_sign_in(
      pending, clock_.now_seconds(), limits_.max_pending_per_address, limits_.max_pending);
  if (!stored.is_ok()) return store_unavailable();
  return show_form(pending.id, *request, csrf_token, 200, "", "");
}

AuthorizeResponse AuthorizationEndpoint::submit(const Params& form, const std::string& address) {
  const std::string id = param(form, "request_id");
  const std::string csrf_token = param(form, "csrf_token");
  Store& store = tokens_.store();
  auto pending = store.find_pending_sign_in(id, clock_.now_seconds());
  if (!pending) return lookup_refusal(pending.status());
  if (!constant_time_equals(sha256_hex(csrf_token), pending->csrf_hash)) {
    return page(403, "Sign-in refused",
                "The sign-in form did not come from this page (CSRF check failed). Start again "
                "from your application.");
  }
  auto request = request_from_json(pending->request);
  if (!request) return expired_page();
  const std::string& iss = tokens_.urls().issuer;
  if (param(form, "action") == "deny") {
    auto taken = store.take_pending_sign_in(id, clock_.now_seconds());
    if (!taken) return lookup_refusal(taken.status());
    std::vector<std::pair<std::string, std::string>> p = {
        {"error", "access_denied"}, {"error_description", "the user denied access"}};
    if (!request->state.empty()) p.emplace_back("state", request->state);
    p.emplace_back("iss", iss);
    return redirect(build_redirect(request->redirect_uri, p));
  }
  const std::string user = param(form, "username");
  // Answered at once: a server-side delay would hold a connection thread per attempt.
  if (const Throttle throttle = throttled_for(user, address); throttle.wait_s > 0) {
    AuthorizeResponse refused =
        show_form(id, *request, csrf_token, 429, user,
                  "Too many failed sign-ins. Wait a few minutes, then try again.");
    refused.retry_after_s = throttle.wait_s;
    refused.refusal = throttle.reason;
    return refused;
  }
  auto ok = check_password(user, param(form, "password"));
  if (!ok) return page(500, "Sign-in unavailable", "The server's user list is misconfigured.");
  if (!*ok) {
    record_failure(user, address);
    return show_form(id, *request, csrf_token, 401, user, "Wrong user name or password.");
  }
  // Only this address's count is cleared: the per-user and per-address counts keep counting what
  // others tried, or one valid account would reset an attacker's address.
  user_address_failures_.reset(user_address_key(user, address));
  auto taken = store.take_pending_sign_in(id, clock_.now_seconds());
  if (!taken) {
    if (taken.status().code() != StatusCode::kNotFound) return store_unavailable();
    return page(400, "Sign-in expired", "This sign-in request was already completed.");
  }
  return approve(*request, user);
}

AuthorizationEndpoint::Throttle AuthorizationEndpoint::throttled_for(const std::string& user,
                                                                     const std::string& address) {
  // The longest wait answers; on a tie the narrowest limit names the reason.
  Throttle longest;
  for (const Throttle t :
       {Throttle{user_address_failures_.retry_after_s(user_address_key(user, address)),
                 "locked_out_user_address"},
        Throttle{address_failures_.retry_after_s(address), "locked_out_address"},
        Throttle{user_failures_.retry_after_s(user), "locked_out_user"}}) {
    if (t.wait_s > longest.wait_s) longest = t;
  }
  return longest;
}

void AuthorizationEndpoint::record_failure(const std::string& user, const std::string& address) {
  user_address_failures_.record(user_address_key(user, address));
  address_failures_.record(address);
  user_failures_.record(user);
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

AuthorizeResponse AuthorizationEndpoint::show_form(const std::string& id,
                                                   const AuthorizeRequest& request,
                                                   const std::string& csrf_token, int status,
                                                   const std::string& username,
                                                   const std::string& error) {
  SignInView view;
  view.scope_name = scope_name_;
  view.client_name = request.client_name;
  view.client_id = request.client_id;
  auto url = parse_url(request.redirect_uri);
  view.redirect_host = url ? url->host : request.redirect_uri;
  view.loopback_redirect = url && is_loopback_host(url->host);
  view.granted_scope = request.scope;
  view.form_action = tokens_.urls().authorization_endpoint;
  view.request_id = id;
  view.csrf_token = csrf_token;
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

std::size_t AuthorizationEndpoint::pending_count(const std::string& address) {
  auto count = tokens_.store().count_pending_sign_ins(address, clock_.now_seconds());
  return count ? *count : 0;
}

}  // namespace gw::oauth
