#pragma once
// Which scope a request belongs to, and the path inside it. A pure function of its inputs.
//
// Two deployments are served alike:
//   direct:      GET /demo/health                       -> scope demo, inner path /health
//   behind NGINX GET /health + X-Environment-Path: /demo -> scope demo, inner path /health
// The header is believed only from a trusted proxy. Scope segments match case-insensitively and a
// trailing slash is ignored, because Claude.ai has been seen title-casing the first path segment
// and stripping slashes. RFC 8414 / RFC 9728 path-inserted discovery URLs name the scope after the
// well-known segment:
//   /.well-known/oauth-protected-resource/demo/mcp   -> scope demo, inner
//   /.well-known/oauth-protected-resource/mcp
// Root discovery URLs and the root OAuth endpoints that clients synthesize (/authorize, /token,
// /register, /revoke) go to the default scope when one is configured.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::http {

struct RouteInput {
  std::string_view path;                             // decoded path, no query string
  std::optional<std::string_view> environment_path;  // X-Environment-Path header, if sent
  bool from_trusted_proxy = false;
};

struct Route {
  enum class Kind {
    kScope,     // scope_index and inner_path are set
    kServer,    // a server-level path (/health, /metrics): inner_path is the whole path
    kNotFound,  // names a scope that does not exist (e.g. an X-Environment-Path nobody serves)
  };
  Kind kind = Kind::kNotFound;
  int scope_index = -1;
  std::string inner_path;
  bool via_default_scope = false;  // a root URL answered for the default scope

  bool operator==(const Route&) const = default;
};

class ScopeRouter {
 public:
  // scope_paths: "/demo", … in config order; default_scope: index into it, or -1.
  ScopeRouter(std::vector<std::string> scope_paths, int default_scope);

  Route route(const RouteInput& input) const;

 private:
  int find_scope(std::string_view segment) const;

  std::vector<std::string> names_;  // lowercase, without the leading slash
  int default_scope_;
};

}  // namespace gw::http
