#include "oauth/discovery.h"
#include "util/text.h"

namespace gw::oauth {
namespace {

struct DocName {
  std::string_view name;
  Document document;
};
constexpr DocName kDocs[] = {
    {"oauth-authorization-server", Document::kAuthorizationServer},
    {"openid-configuration", Document::kOpenIdConfiguration},
    {"oauth-protected-resource", Document::kProtectedResource},
};

std::string_view strip_trailing_slash(std::string_view p) {
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  return p;
}

std::optional<Document> document_named(std::string_view name) {
  for (const auto& d : kDocs) {
    if (d.name == name) return d.document;
  }
  return std::nullopt;
}

std::optional<Transport> transport_named(std::string_view s) {
  if (iequals(s, "mcp")) return Transport::kMcp;
  if (iequals(s, "sse")) return Transport::kSse;
  return std::nullopt;
}

std::vector<std::string_view> split_segments(std::string_view p) {
  std::vector<std::string_view> out;
  while (!p.empty()) {
    if (p.front() == '/') {
      p.remove_prefix(1);
      continue;
    }
    std::size_t slash = p.find('/');
    out.push_back(p.substr(0, slash));
    p = slash == std::string_view::npos ? std::string_view() : p.substr(slash);
  }
  return out;
}

}  // namespace

ScopeUrls scope_urls(std::string_view public_base_url, std::string_view scope_path) {
  std::string base(strip_trailing_slash(public_base_url));
  if (base == "/") base.clear();
  std::string path(strip_trailing_slash(scope_path));
  if (path == "/") path.clear();
  ScopeUrls u;
  u.issuer = base + path;
  u.authorization_endpoint = u.issuer + "/authorize";
  u.token_endpoint = u.issuer + "/token";
  u.registration_endpoint = u.issuer + "/register";
  u.revocation_endpoint = u.issuer + "/revoke";
  u.resource_mcp = u.issuer + "/mcp";
  u.resource_sse = u.issuer + "/sse";
  // RFC 9728 §3.1: the well-known segment goes between the host and the resource's path.
  u.resource_metadata = base + "/.well-known/oauth-protected-resource" + path + "/mcp";
  u.resource_metadata_sse = base + "/.well-known/oauth-protected-resource" + path + "/sse";
  return u;
}

Transport transport_of_route(std::string_view inner_path) {
  return iequals(inner_path, "/sse") || iequals(inner_path, "/messages") ? Transport::kSse
                                                                         : Transport::kMcp;
}

std::string retyped_url(std::string_view canonical, std::string_view typed_path) {
  while (typed_path.size() > 1 && typed_path.back() == '/') typed_path.remove_suffix(1);
  if (typed_path.empty() || typed_path.front() != '/' || typed_path.size() > canonical.size()) {
    return std::string(canonical);
  }
  const std::size_t start = canonical.size() - typed_path.size();
  if (!iequals(canonical.substr(start), typed_path)) return std::string(canonical);
  return std::string(canonical.substr(0, start)) + std::string(typed_path);
}

nlohmann::json authorization_server_metadata(const ScopeUrls& urls,
                                             const MetadataOptions& options) {
  nlohmann::json doc = {
      {"issuer", urls.issuer},
      {"authorization_endpoint", urls.authorization_endpoint},
      {"token_endpoint", urls.token_endpoint},
      {"registration_endpoint", urls.registration_endpoint},
      {"revocation_endpoint", urls.revocation_endpoint},
      {"response_types_supported", {"code"}},
      {"response_modes_supported", {"query"}},
      {"grant_types_supported", {"authorization_code", "refresh_token"}},
      // MCP 2025-11-25 § Authorization Code Protection: clients refuse an AS without S256 here.
      {"code_challenge_methods_supported", {"S256"}},
      {"token_endpoint_auth_methods_supported",
       {"none", "client_secret_post", "client_secret_basic"}},
      {"revocation_endpoint_auth_methods_supported",
       {"none", "client_secret_post", "client_secret_basic"}},
      {"scopes_supported", options.scopes_supported},
      // RFC 9207 §3: `iss` is in every authorization response.
      {"authorization_response_iss_parameter_supported", true},
  };
  if (options.client_id_metadata_documents) doc["client_id_metadata_document_supported"] = true;
  return doc;
}

nlohmann::json protected_resource_metadata(const ScopeUrls& urls, Transport transport,
                                           const std::vector<std::string>& scopes_supported,
                                           std::string_view resource_name) {
  nlohmann::json doc = {
      {"resource", transport == Transport::kSse ? urls.resource_sse : urls.resource_mcp},
      {"authorization_servers", {urls.issuer}},
      {"scopes_supported", scopes_supported},
      {"bearer_methods_supported", {"header"}},
  };
  if (!resource_name.empty()) doc["resource_name"] = std::string(resource_name);
  return doc;
}

std::optional<WellKnownRequest> classify_scope_well_known(std::string_view inner_path) {
  auto segs = split_segments(strip_trailing_slash(inner_path));
  WellKnownRequest req{Document::kAuthorizationServer};
  std::size_t wk = 0;
  if (segs.size() >= 1 && transport_named(segs[0]) && segs.size() == 3) {
    req.transport = *transport_named(segs[0]);  // "/mcp/.well-known/X" (Claude.ai quirk)
    wk = 1;
  }
  if (segs.size() < wk + 2 || segs[wk] != ".well-known") return std::nullopt;
  auto doc = document_named(segs[wk + 1]);
  if (!doc) return std::nullopt;
  req.document = *doc;
  std::size_t rest = segs.size() - (wk + 2);
  if (rest == 1 && wk == 0) {
    auto t = transport_named(segs[wk + 2]);  // "/.well-known/X/sse"
    if (!t) return std::nullopt;
    req.transport = *t;
  } else if (rest != 0) {
    return std::nullopt;
  }
  return req;
}

std::optional<WellKnownRequest> classify_root_well_known(
    std::string_view path, const std::function<bool(std::string_view)>& scope_exists) {
  auto segs = split_segments(strip_trailing_slash(path));
  if (segs.size() < 2 || segs[0] != ".well-known") return std::nullopt;
  auto doc = document_named(segs[1]);
  if (!doc) return std::nullopt;
  WellKnownRequest req{*doc};
  if (segs.size() == 2) return req;
  if (segs.size() == 3) {
    if (!scope_exists(segs[2]) && transport_named(segs[2])) {
      req.transport = *transport_named(segs[2]);
    } else {
      req.scope = std::string(segs[2]);
    }
    return req;
  }
  if (segs.size() == 4) {
    auto t = transport_named(segs[3]);
    if (!t) return std::nullopt;
    req.scope = std::string(segs[2]);
    req.transport = *t;
    return req;
  }
  return std::nullopt;
}

}  // namespace gw::oauth
