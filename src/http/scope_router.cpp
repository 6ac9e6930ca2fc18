#include "http/scope_router.h"

#include "util/text.h"

namespace gw::http {
namespace {

constexpr std::string_view kWellKnown = "/.well-known/";

// Root paths that belong to the default scope's authorization server (anthropics/claude-ai-mcp#82:
// Claude synthesizes these on the origin root when path-aware discovery fails).
bool is_root_oauth_endpoint(std::string_view path) {
  return path == "/authorize" || path == "/token" || path == "/register" || path == "/revoke";
}

std::string_view trim_trailing_slashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// "/demo/mcp" -> ("demo", "/mcp"); "/demo" -> ("demo", "/").
std::pair<std::string_view, std::string> split_first_segment(std::string_view path) {
  if (path.empty() || path[0] != '/') return {"", std::string(path)};
  const size_t next = path.find('/', 1);
  if (next == std::string_view::npos) return {path.substr(1), "/"};
  return {path.substr(1, next - 1), std::string(path.substr(next))};
}

}  // namespace

ScopeRouter::ScopeRouter(std::vector<std::string> scope_paths, int default_scope)
    : default_scope_(default_scope) {
  for (auto& p : scope_paths)
    names_.push_back(to_lower(std::string_view(p).substr(p.empty() ? 0 : 1)));
}

int ScopeRouter::find_scope(std::string_view segment) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (iequals(names_[i], segment)) return static_cast<int>(i);
  }
  return -1;
}

Route ScopeRouter::route(const RouteInput& input) const {
  const std::string_view path = trim_trailing_slashes(input.path.empty() ? "/" : input.path);
  // An origin-form path starts with '/' (RFC 9112 §3.2.1); anything else ("*", garbage) names no
  // scope.
  if (path[0] != '/') return {Route::Kind::kNotFound, -1, std::string(path), false};

  if (input.from_trusted_proxy && input.environment_path) {
    std::string_view header = trim_trailing_slashes(*input.environment_path);
    if (!header.empty() && header[0] == '/') header.remove_prefix(1);
    const int index = find_scope(header);
    if (index < 0) return {Route::Kind::kNotFound, -1, std::string(path), false};
    // Tolerate a proxy that forwards the prefix as well as the header.
    auto [first, rest] = split_first_segment(path);
    if (find_scope(first) == index) return {Route::Kind::kScope, index, rest, false};
    return {Route::Kind::kScope, index, std::string(path), false};
  }

  if (path.substr(0, kWellKnown.size()) == kWellKnown) {
    // /.well-known/<document>[/<scope>[/rest]]
    const std::string_view after = path.substr(kWellKnown.size() - 1);  // "/<document>/..."
    auto [document, tail] = split_first_segment(after);
    auto [scope_segment, rest] = split_first_segment(tail);
    const std::string base = std::string(kWellKnown) + std::string(document);
    if (int index = find_scope(scope_segment); index >= 0) {
      return {Route::Kind::kScope, index, rest == "/" ? base : base + rest, false};
    }
    if (default_scope_ >= 0) return {Route::Kind::kScope, default_scope_, std::string(path), true};
    return {Route::Kind::kServer, -1, std::string(path), false};
  }

  auto [first, rest] = split_first_segment(path);
  if (int index = find_scope(first); index >= 0) return {Route::Kind::kScope, index, rest, false};
  if (default_scope_ >= 0 && is_root_oauth_endpoint(path)) {
    return {Route::Kind::kScope, default_scope_, std::string(path), true};
  }
  return {Route::Kind::kServer, -1, std::string(path), false};
}

}  // namespace gw::http
