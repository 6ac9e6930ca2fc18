#include "oauth/registration.h"

#include "oauth/crypto.h"
#include "oauth/oauth_error.h"

namespace gw::oauth {
namespace {

constexpr std::size_t kMaxRedirectUris = 10;
constexpr std::size_t kMaxUriLength = 2000;
constexpr std::size_t kMaxNameLength = 200;

// Optional string fields that are stored and echoed as given (RFC 7591 §2).
constexpr const char* kEchoedStrings[] = {
    "client_name", "scope",       "client_uri",       "logo_uri",        "tos_uri",
    "policy_uri",  "software_id", "software_version", "application_type"};

Status meta_error(std::string_view d) {
  return oauth_error(OAuthErrorCode::kInvalidClientMetadata, d);
}

Result<std::vector<std::string>> string_list(const nlohmann::json& doc, const char* key,
                                             std::vector<std::string> fallback) {
  if (!doc.contains(key) || doc[key].is_null()) return fallback;
  const auto& v = doc[key];
  if (!v.is_array()) return meta_error(std::string(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) return meta_error(std::string(key) + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status check_redirect_uris(const nlohmann::json& doc, const RedirectPolicy& policy,
                           std::vector<std::string>& out) {
  auto uris = string_list(doc, "redirect_uris", {});
  if (!uris)
    return oauth_error(OAuthErrorCode::kInvalidRedirectUri,
                       "redirect_uris must be an array of strings");
  if (uris->empty())
    return oauth_error(OAuthErrorCode::kInvalidRedirectUri, "redirect_uris is required");
  if (uris->size() > kMaxRedirectUris) {
    return oauth_error(OAuthErrorCode::kInvalidRedirectUri, "too many redirect_uris");
  }
  for (const auto& uri : *uris) {
    if (uri.size() > kMaxUriLength)
      return oauth_error(OAuthErrorCode::kInvalidRedirectUri, "redirect URI too long");
    Status s = validate_redirect_uri(uri, policy);
    if (!s.is_ok()) return oauth_error(OAuthErrorCode::kInvalidRedirectUri, s.message());
  }
  out = std::move(*uris);
  return Status::ok();
}

Status check_grants(const nlohmann::json& doc, nlohmann::json& echo) {
  auto grants = string_list(doc, "grant_types", {"authorization_code", "refresh_token"});
  if (!grants) return grants.status();
  for (const auto& g : *grants) {
    if (g != "authorization_code" && g != "refresh_token") {
      return meta_error("grant_type " + g + " is not supported");
    }
  }
  auto responses = string_list(doc, "response_types", {"code"});
  if (!responses) return responses.status();
  for (const auto& r : *responses) {
    if (r != "code") return meta_error("response_type " + r + " is not supported");
  }
  echo["grant_types"] = *grants;
  echo["response_types"] = *responses;
  return Status::ok();
}

}  // namespace

Result<Registration> register_client(std::string_view body, const RedirectPolicy& policy,
                                     std::int64_t now) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return meta_error("body is not a JSON object");
  Registration reg;
  ClientRecord& c = reg.client;
  nlohmann::json echo = nlohmann::json::object();
  GW_RETURN_IF_ERROR(check_redirect_uris(doc, policy, c.redirect_uris));
  echo["redirect_uris"] = c.redirect_uris;
  // RFC 7591 §2: the default method is client_secret_basic.
  std::string method = "client_secret_basic";
  if (doc.contains("token_endpoint_auth_method")) {
    if (!doc["token_endpoint_auth_method"].is_string()) {
      return meta_error("token_endpoint_auth_method must be a string");
    }
    method = doc["token_endpoint_auth_method"].get<std::string>();
  }
  auto parsed_method = auth_method_from_name(method);
  if (!parsed_method) return meta_error(parsed_method.status().message());
  c.auth_method = *parsed_method;
  echo["token_endpoint_auth_method"] = method;
  GW_RETURN_IF_ERROR(check_grants(doc, echo));
  for (const char* key : kEchoedStrings) {
    if (!doc.contains(key) || doc[key].is_null()) continue;
    if (!doc[key].is_string()) return meta_error(std::string(key) + " must be a string");
    echo[key] = doc[key];
  }
  if (echo.contains("application_type") && echo["application_type"] != "web" &&
      echo["application_type"] != "native") {
    return meta_error("application_type must be web or native");
  }
  c.client_name = echo.value("client_name", "");
  if (c.client_name.size() > kMaxNameLength) return meta_error("client_name is too long");
  c.client_id = random_token(16);
  c.created_at = now;
  c.origin = ClientOrigin::kDynamic;
  c.metadata = echo;
  reg.response = echo;
  reg.response["client_id"] = c.client_id;
  reg.response["client_id_issued_at"] = now;
  if (c.auth_method != AuthMethod::kNone) {
    std::string secret = random_token(32);
    c.secret_hash = sha256_hex(secret);
    reg.response["client_secret"] = secret;
    reg.response["client_secret_expires_at"] = 0;  // REQUIRED when a secret is issued; 0 = never
  }
  return reg;
}

}  // namespace gw::oauth
