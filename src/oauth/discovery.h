#pragma once
// Every URL a scope's authorization server publishes, built in ONE place from the configured public
// base URL and the scope path (never from the Host header), and the discovery documents made of
// them: RFC 8414 / OpenID configuration and RFC 9728 protected resource metadata.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::oauth {

struct ScopeUrls {
  std::string issuer;                  // https://host/demo (RFC 8414 §2: no query, no fragment)
  std::string authorization_endpoint;  // https://host/demo/authorize
  std::string token_endpoint;          // https://host/demo/token
  std::string registration_endpoint;   // https://host/demo/register
  std::string revocation_endpoint;     // https://host/demo/revoke
  std::string resource_mcp;            // https://host/demo/mcp: PRM `resource`, token audience
  std::string resource_sse;            // https://host/demo/sse: the same for the legacy transport
  std::string resource_metadata;       // https://host/.well-known/oauth-protected-resource/demo/mcp
  std::string resource_metadata_sse;   // https://host/.well-known/oauth-protected-resource/demo/sse
};

// `public_base_url` has no trailing slash ("https://mcp.example.com"); `scope_path` is "/demo".
ScopeUrls scope_urls(std::string_view public_base_url, std::string_view scope_path);

struct MetadataOptions {
  std::vector<std::string> scopes_supported;
  bool client_id_metadata_documents = false;
};

// RFC 8414 §2 metadata; also served as the OpenID configuration (same fields that apply).
nlohmann::json authorization_server_metadata(const ScopeUrls& urls, const MetadataOptions& options);

enum class Transport { kMcp, kSse };
// The transport of an MCP route inside a scope: "/sse" and "/messages" are the legacy HTTP+SSE one.
Transport transport_of_route(std::string_view inner_path);

// RFC 9728 §3.3 compares the metadata's `resource` with the URL the client used as strings, and
// users type /Demo/mcp or /demo/MCP: a canonical URL (resource or resource_metadata) whose path
// ends, case aside, with the path the client typed (trailing slash dropped) gets that ending as
// typed. Otherwise the canonical URL. Pure.
std::string retyped_url(std::string_view canonical, std::string_view typed_path);
// RFC 9728 §2. `resource` is the URL the user typed: …/mcp or …/sse, by `transport`.
nlohmann::json protected_resource_metadata(const ScopeUrls& urls, Transport transport,
                                           const std::vector<std::string>& scopes_supported,
                                           std::string_view resource_name);

enum class Document { kAuthorizationServer, kOpenIdConfiguration, kProtectedResource };

struct WellKnownRequest {
  Document document;
  Transport transport = Transport::kMcp;
  std::string scope;  // root paths only: the scope segment as written, "" = the default scope
};

// A path inside a scope (the router already removed "/demo"): "/.well-known/X",
// "/.well-known/X/mcp",
// "/.well-known/X/sse", "/mcp/.well-known/X", "/sse/.well-known/X"; a trailing slash is tolerated.
std::optional<WellKnownRequest> classify_scope_well_known(std::string_view inner_path);

// A path at the root: "/.well-known/X", "/.well-known/X/{scope}", "/.well-known/X/{scope}/mcp|sse",
// "/.well-known/X/mcp|sse" (default scope). A segment that names an existing scope wins over the
// transport reading (a scope called "mcp" is still reachable).
std::optional<WellKnownRequest> classify_root_well_known(
    std::string_view path, const std::function<bool(std::string_view)>& scope_exists);

}  // namespace gw::oauth
