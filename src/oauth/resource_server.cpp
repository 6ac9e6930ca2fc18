#include "oauth/resource_server.h"

#include <algorithm>
#include <sstream>

#include "oauth/oauth_error.h"
#include "util/text.h"

namespace gw::oauth {
namespace {

bool is_token68_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

}  // namespace

Result<TokenInfo> check_bearer(std::string_view header, TokenService& service) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  if (header.empty()) return unauthenticated("no bearer token");
  if (header.size() < 7 || to_lower(std::string(header.substr(0, 7))) != "bearer ") {
    return oauth_error(OAuthErrorCode::kInvalidToken,
                       "the Authorization header is not a Bearer token");
  }
  std::string_view token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || !std::all_of(token.begin(), token.end(), is_token68_char)) {
    return oauth_error(OAuthErrorCode::kInvalidToken, "the access token is invalid or expired");
  }
  auto info = service.validate_access_token(std::string(token));
  // The store cannot answer (Redis away): 503 with Retry-After, not "invalid token", which would
  // send the client through a new sign-in.
  if (!info && info.status().code() == StatusCode::kUnavailable) return info.status();
  if (!info)
    return oauth_error(OAuthErrorCode::kInvalidToken, "the access token is invalid or expired");
  // MCP 2025-11-25 § Token Audience Binding: the same string as the PRM `resource`; the scope
  // segment compared case-insensitively (Claude.ai re-cases it, PROTOCOL-NOTES §8).
  const std::string aud = to_lower(info->resource);
  if (aud != to_lower(service.urls().resource_mcp) &&
      aud != to_lower(service.urls().resource_sse)) {
    return oauth_error(OAuthErrorCode::kInvalidToken, "the access token is for another resource");
  }
  return info;
}

std::string bearer_challenge(const Status& failure, const ScopeUrls& urls,
                             const std::vector<std::string>& scopes_supported,
                             Transport transport) {
  std::string scope;
  for (const auto& s : scopes_supported) scope += (scope.empty() ? "" : " ") + s;
  const std::string& metadata =
      transport == Transport::kSse ? urls.resource_metadata_sse : urls.resource_metadata;
  std::string value = "Bearer resource_metadata=\"" + metadata + "\"";
  if (!scope.empty()) value += ", scope=\"" + scope + "\"";
  const OAuthErrorBody body = to_error_body(failure);
  const OAuthErrorCode* code = failure.oauth_error_code();
  if (code != nullptr &&
      (*code == OAuthErrorCode::kInvalidToken || *code == OAuthErrorCode::kInsufficientScope)) {
    value += ", error=\"" + body.error + "\", error_description=\"" + body.description + "\"";
  }
  return value;
}

Status check_write_access(const TokenInfo& grant,
                          const std::vector<std::string>& scopes_supported) {
  if (std::find(scopes_supported.begin(), scopes_supported.end(), kWriteScope) ==
      scopes_supported.end()) {
    return Status();
  }
  std::istringstream granted(grant.scope);
  for (std::string s; granted >> s;) {
    if (s == kWriteScope) return Status();
  }
  return oauth_error(
      OAuthErrorCode::kInsufficientScope,
      "this statement changes data; the token was granted no " + std::string(kWriteScope));
}

}  // namespace gw::oauth
