#include "oauth/authorize_request.h"

#include <sstream>

#include "oauth/oauth_error.h"
#include "oauth/pkce.h"
#include "oauth/redirect_uri.h"
#include "util/text.h"

namespace gw::oauth {
namespace {}  // namespace

Result<std::string> trusted_redirect_uri(const Params& params, const ClientRecord& client) {
  std::string requested = param(params, "redirect_uri");
  if (requested.empty()) {
    if (client.redirect_uris.size() == 1) return client.redirect_uris.front();
    return invalid_argument("redirect_uri is required");
  }
  if (!redirect_uri_registered(requested, client.redirect_uris)) {
    return invalid_argument("redirect_uri is not registered for this client");
  }
  return requested;
}

Result<std::string> resolve_resource(const std::string& requested, const ScopeUrls& urls) {
  if (requested.empty()) return urls.resource_mcp;
  std::string r = requested;
  if (r.size() > 1 && r.back() == '/') r.pop_back();
  std::string l = to_lower(r);
  for (const std::string* candidate : {&urls.resource_mcp, &urls.resource_sse}) {
    if (l == to_lower(*candidate)) return *candidate;
  }
  return oauth_error(OAuthErrorCode::kInvalidTarget, "resource must be " + urls.resource_mcp);
}

std::string grant_scope(const std::string& requested, const std::vector<std::string>& supported) {
  std::istringstream in(requested);
  std::vector<std::string> granted;
  std::string s;
  while (in >> s) {
    if (std::find(supported.begin(), supported.end(), s) != supported.end() &&
        std::find(granted.begin(), granted.end(), s) == granted.end()) {
      granted.push_back(s);
    }
  }
  if (granted.empty()) granted = supported;
  std::string out;
  for (const auto& g : granted) out += (out.empty() ? "" : " ") + g;
  return out;
}

Result<AuthorizeRequest> validate_authorize_request(
    const Params& params, const ClientRecord& client, const std::string& redirect_uri,
    const ScopeUrls& urls, const std::vector<std::string>& scopes_supported) {
  AuthorizeRequest req;
  req.client_id = client.client_id;
  req.client_name = client.client_name;
  req.redirect_uri = redirect_uri;
  req.redirect_uri_in_request = params.count("redirect_uri") != 0;
  req.state = param(params, "state");
  std::string response_type = param(params, "response_type");
  if (response_type.empty())
    return oauth_error(OAuthErrorCode::kInvalidRequest, "response_type is required");
  if (response_type != "code") {
    return oauth_error(OAuthErrorCode::kUnsupportedResponseType,
                       "only response_type=code is supported");
  }
  Status pkce = validate_code_challenge(param(params, "code_challenge"),
                                        param(params, "code_challenge_method"));
  if (!pkce.is_ok()) return oauth_error(OAuthErrorCode::kInvalidRequest, pkce.message());
  req.code_challenge = param(params, "code_challenge");
  auto resource = resolve_resource(param(params, "resource"), urls);
  if (!resource) return resource.status();
  req.resource = *resource;
  req.scope = grant_scope(param(params, "scope"), scopes_supported);
  return req;
}

}  // namespace gw::oauth
