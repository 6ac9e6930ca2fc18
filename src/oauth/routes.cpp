#include "oauth/routes.h"

#include "http/response.h"
#include "metrics/registry.h"
#include "oauth/authorization_server.h"
#include "oauth/oauth_error.h"
#include "oauth/params.h"
#include "oauth/sign_in_page.h"
#include "util/log.h"
#include "util/text.h"

namespace gw::oauth {
namespace {

// The OAuth endpoints take small bodies; anything larger is a mistake or an attack.
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

std::string client_address(const http::ScopeRequest& r) {
  if (r.from_trusted_proxy) {
    std::string forwarded = r.request.get_header_value("X-Forwarded-For");
    std::size_t comma = forwarded.rfind(',');
    std::string last = comma == std::string::npos ? forwarded : forwarded.substr(comma + 1);
    while (!last.empty() && last.front() == ' ') last.erase(0, 1);
    if (!last.empty()) return last;
  }
  return r.request.remote_addr;
}

// One counter family per endpoint, labelled by scope and outcome (an RFC error code or "ok").
void count(const char* name, const char* help, const http::ScopeRequest& r,
           const std::string& outcome) {
  metrics::registry().counter(name, help, {{"scope", r.scope.name}, {"outcome", outcome}}).inc();
}

void count_registration(const http::ScopeRequest& r, const std::string& outcome) {
  count("mcp_gateway_oauth_registrations_total", "Dynamic client registrations by outcome.", r,
        outcome);
  if (outcome != "ok") count_refusal(r.scope.name, "register", outcome);
}

void count_token(const http::ScopeRequest& r, const std::string& grant_type,
                 const std::string& outcome) {
  count("mcp_gateway_oauth_token_requests_total", "Token endpoint requests by outcome.", r,
        outcome);
  if (outcome != "ok") {
    count_refusal(r.scope.name, "token", outcome);
    return;
  }
  // Only the two grants the token endpoint serves; anything else was refused above.
  metrics::registry()
      .counter("mcp_gateway_oauth_grants_total", "Tokens issued by grant type.",
               {{"scope", r.scope.name}, {"grant_type", grant_type}})
      .inc();
}

void count_sign_in(const http::ScopeRequest& r, const AuthorizeResponse& out) {
  const std::string outcome = !out.refusal.empty() ? out.refusal
                              : out.status == 302  ? "ok"
                              : out.status == 401  ? "wrong_credentials"
                              : out.status == 403  ? "csrf_refused"
                                                   : "invalid";
  count("mcp_gateway_oauth_sign_ins_total", "Sign-in form submissions by outcome.", r, outcome);
  if (out.status != 302) count_refusal(r.scope.name, "authorize", outcome);
}

// A store that cannot write (a full disk) recovers when an operator frees space: pace the retries.
constexpr std::int64_t kUnavailableRetryAfterS = 30;

// `retry_after_s` is sent with a 429 (when known) and a 503 (RFC 9110 §10.2.3, RFC 6585 §4).
void send_oauth_error(httplib::Response& res, const Status& status,
                      std::int64_t retry_after_s = 0) {
  OAuthErrorBody body = to_error_body(status);
  if (body.http_status == 503 && retry_after_s == 0) retry_after_s = kUnavailableRetryAfterS;
  if ((body.http_status == 429 || body.http_status == 503) && retry_after_s > 0) {
    res.set_header("Retry-After", std::to_string(retry_after_s));
  }
  http::send_json(res, body.http_status,
                  {{"error", body.error}, {"error_description", body.description}});
}

// The AS of the scope, or a 503 answer when its store could not be opened.
AuthorizationServer* server_or_503(http::ScopeRequest& r, AuthorizationServer& server) {
  if (server.status().is_ok()) return &server;
  send_oauth_error(r.response, unavailable(server.status().message()));
  return nullptr;
}

bool body_too_large(http::ScopeRequest& r) {
  if (r.request.body.size() <= kMaxBodyBytes) return false;
  http::send_json(
      r.response, 413,
      {{"error", "invalid_request"}, {"error_description", "request body is larger than 64 KiB"}});
  return true;
}

Result<Params> body_params(const httplib::Request& req) {
  if (req.get_header_value("Content-Type").find("application/json") != std::string::npos) {
    return parse_json_params(req.body);
  }
  return parse_form(req.body);
}

void no_store(httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Pragma", "no-cache");
}

void handle_discovery(http::ScopeRequest& r, AuthorizationServer& server) {
  auto wk = classify_scope_well_known(r.inner_path);
  if (!wk) {
    http::send_error(r.response, 404, "not_found", "no document at " + r.inner_path);
    return;
  }
  nlohmann::json doc = wk->document == Document::kProtectedResource
                           ? server.protected_resource_metadata(wk->transport)
                           : server.authorization_server_metadata();
  constexpr std::string_view kPrm = "/.well-known/oauth-protected-resource";
  const std::string& path = r.request.path;
  if (wk->document == Document::kProtectedResource && path.size() > kPrm.size() &&
      iequals(std::string_view(path).substr(0, kPrm.size()), kPrm)) {
    doc["resource"] = retyped_url(doc["resource"].get<std::string>(), path.substr(kPrm.size()));
  }
  r.response.set_header("Cache-Control", "public, max-age=300");
  http::send_json(r.response, 200, doc);
}

void handle_register(http::ScopeRequest& r, AuthorizationServer& server) {
  no_store(r.response);
  if (body_too_large(r)) return;
  AuthorizationServer* as = server_or_503(r, server);
  if (as == nullptr) return;
  auto reg = as->register_client(r.request.body, client_address(r));
  if (!reg) {
    log::info("oauth registration refused",
              {{"scope", r.scope.name}, {"reason", describe(reg.status())}});
    count_registration(r, to_error_body(reg.status()).error);
    send_oauth_error(r.response, reg.status(), as->registration_retry_after_s(client_address(r)));
    return;
  }
  count_registration(r, "ok");
  http::send_json(r.response, 201, *reg);
}

void send_authorize(http::ScopeRequest& r, const AuthorizeResponse& out) {
  no_store(r.response);
  if (out.retry_after_s > 0) {
    r.response.set_header("Retry-After", std::to_string(out.retry_after_s));
  }
  if (!out.location.empty()) {
    r.response.status = 302;
    r.response.set_header("Location", out.location);
    return;
  }
  r.response.set_header("X-Frame-Options", "DENY");
  r.response.set_header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  // Not no-referrer: with it browsers send "Origin: null" on the form POST (Fetch §3.2.5).
  r.response.set_header("Referrer-Policy", "same-origin");
  r.response.status = out.status;
  r.response.set_content(out.html, "text/html; charset=utf-8");
}

void handle_authorize_get(http::ScopeRequest& r, AuthorizationServer& server) {
  AuthorizationServer* as = server_or_503(r, server);
  if (as == nullptr) return;
  std::vector<std::pair<std::string, std::string>> pairs(r.request.params.begin(),
                                                         r.request.params.end());
  auto params = params_from_pairs(pairs);
  if (!params) {
    send_authorize(r, {400, "", render_error_page("Invalid request", params.status().message())});
    return;
  }
  AuthorizeResponse out = as->authorization().begin(*params, client_address(r));
  if (!out.refusal.empty()) count_refusal(r.scope.name, "authorize", out.refusal);
  send_authorize(r, out);
}

void handle_authorize_post(http::ScopeRequest& r, AuthorizationServer& server) {
  if (body_too_large(r)) return;
  AuthorizationServer* as = server_or_503(r, server);
  if (as == nullptr) return;
  auto params = parse_form(r.request.body);
  if (!params) {
    send_authorize(r, {400, "", render_error_page("Invalid request", params.status().message())});
    return;
  }
  AuthorizeResponse out = as->authorization().submit(*params, client_address(r));
  count_sign_in(r, out);
  if (out.status == 302) {
    log::info("oauth sign-in", {{"scope", r.scope.name}, {"user", param(*params, "username")}});
  } else if (out.status == 401 || out.status == 429 || out.status == 403) {
    log::warning("oauth sign-in refused", {{"scope", r.scope.name},
                                           {"user", param(*params, "username")},
                                           {"address", client_address(r)},
                                           {"status", out.status}});
  }
  send_authorize(r, out);
}

// RFC 6749 §5.2: when the client tried to authenticate with the Authorization header (HTTP
// Basic, even malformed), invalid_client is a 401 with a challenge of that scheme.
void send_client_error(http::ScopeRequest& r, AuthorizationServer& server, const Status& status) {
  const OAuthErrorCode* code = status.oauth_error_code();
  const auto basic = parse_basic_authorization(r.request.get_header_value("Authorization"));
  const bool tried_basic = basic.is_ok() || basic.status().code() != StatusCode::kNotFound;
  if (code != nullptr && *code == OAuthErrorCode::kInvalidClient && tried_basic) {
    r.response.set_header("WWW-Authenticate", "Basic realm=\"" + server.urls().issuer + "\"");
  }
  send_oauth_error(r.response, status);
}

template <typename Call>
void handle_client_endpoint(http::ScopeRequest& r, AuthorizationServer& server, Call call) {
  no_store(r.response);
  if (body_too_large(r)) return;
  AuthorizationServer* as = server_or_503(r, server);
  if (as == nullptr) return;
  auto params = body_params(r.request);
  if (!params) {
    send_oauth_error(r.response,
                     oauth_error(OAuthErrorCode::kInvalidRequest, params.status().message()));
    return;
  }
  call(*as, ClientCredentials{std::move(*params), r.request.get_header_value("Authorization")});
}

void handle_token(http::ScopeRequest& r, AuthorizationServer& server) {
  handle_client_endpoint(r, server, [&r](AuthorizationServer& as, const ClientCredentials& c) {
    auto result = as.tokens().exchange(c);
    const std::string grant_type = param(c.params, "grant_type");
    if (result) {
      count_token(r, grant_type, "ok");
      http::send_json(r.response, 200, *result);
      return;
    }
    count_token(r, grant_type, to_error_body(result.status()).error);
    log::info("oauth token refused", {{"scope", r.scope.name},
                                      {"grant_type", param(c.params, "grant_type")},
                                      {"reason", describe(result.status())}});
    send_client_error(r, as, result.status());
  });
}

void handle_revoke(http::ScopeRequest& r, AuthorizationServer& server) {
  handle_client_endpoint(r, server, [&r](AuthorizationServer& as, const ClientCredentials& c) {
    Status s = as.tokens().revoke(c);
    if (s.is_ok()) {
      r.response.status = 200;
      return;
    }
    count_refusal(r.scope.name, "revoke", to_error_body(s).error);
    send_client_error(r, as, s);
  });
}

}  // namespace

void count_refusal(const std::string& scope, const char* endpoint, const std::string& reason) {
  metrics::registry()
      .counter("mcp_gateway_oauth_refusals_total", "OAuth refusals by endpoint and reason.",
               {{"scope", scope}, {"endpoint", endpoint}, {"reason", reason}})
      .inc();
}

void register_routes(http::RouteTable& routes, AuthorizationServer& server) {
  using http::Cors;
  using Handler = void (*)(http::ScopeRequest&, AuthorizationServer&);
  auto bind = [&server](Handler handler) {
    return [&server, handler](http::ScopeRequest& r) { handler(r, server); };
  };
  for (const char* prefix : {"/.well-known/", "/mcp/.well-known/", "/sse/.well-known/"}) {
    routes.add_prefix("GET", prefix, bind(handle_discovery), Cors::kPublic);
  }
  // Browser-based clients (MCP Inspector) call these cross-origin; they carry no ambient
  // credentials (no cookies), so any Origin may call them.
  routes.add("POST", "/register", bind(handle_register), Cors::kPublic);
  routes.add("POST", "/token", bind(handle_token), Cors::kPublic);
  routes.add("POST", "/revoke", bind(handle_revoke), Cors::kPublic);
  // A top-level navigation; the form posts back from our own origin.
  routes.add("GET", "/authorize", bind(handle_authorize_get));
  routes.add("POST", "/authorize", bind(handle_authorize_post));
}

}  // namespace gw::oauth
