#include "http/route_table.h"

#include <algorithm>

#include "util/text.h"

namespace gw::http {
namespace {

bool path_matches(const std::string& pattern, bool prefix, const std::string& path) {
  // Users type /demo/MCP as readily as /Demo/mcp (the scope segment is already matched without
  // regard to case): an exact route matches whatever the case.
  if (!prefix) return iequals(pattern, path);
  return path.size() >= pattern.size() && path.compare(0, pattern.size(), pattern) == 0;
}

void add_method(std::vector<std::string>& methods, const std::string& method) {
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) methods.push_back(method);
}

}  // namespace

void RouteTable::add(std::string method, std::string inner_path, ScopeHandler handler, Cors cors) {
  scope_routes_.push_back(
      {std::move(method), std::move(inner_path), false, std::move(handler), cors});
}

void RouteTable::add_prefix(std::string method, std::string inner_prefix, ScopeHandler handler,
                            Cors cors) {
  scope_routes_.push_back(
      {std::move(method), std::move(inner_prefix), true, std::move(handler), cors});
}

void RouteTable::add_server(std::string method, std::string path, ServerHandler handler,
                            Cors cors) {
  server_routes_.push_back({std::move(method), std::move(path), std::move(handler), cors});
}

const RouteTable::ScopeEntry* RouteTable::match(const std::string& method,
                                                const std::string& path) const {
  const ScopeEntry* best = nullptr;
  for (const auto& e : scope_routes_) {
    if (e.method != method || !path_matches(e.path, e.prefix, path)) continue;
    if (!e.prefix) return &e;  // exact beats any prefix
    if (best == nullptr || e.path.size() > best->path.size()) best = &e;
  }
  return best;
}

RouteTable::ScopeMatch RouteTable::find(const std::string& method,
                                        const std::string& inner_path) const {
  ScopeMatch result;
  for (const auto& e : scope_routes_) {
    if (path_matches(e.path, e.prefix, inner_path)) add_method(result.allowed_methods, e.method);
  }
  const ScopeEntry* entry = match(method, inner_path);
  if (entry == nullptr && method == "HEAD") entry = match("GET", inner_path);
  if (entry != nullptr) {
    result.handler = &entry->handler;
    result.pattern = entry->prefix ? entry->path + "*" : entry->path;
    result.cors = entry->cors;
  } else if (!result.allowed_methods.empty()) {
    // The path exists: its CORS policy still governs the 405 and the preflight.
    result.cors = match(result.allowed_methods.front(), inner_path)->cors;
  }
  return result;
}

RouteTable::ServerMatch RouteTable::find_server(const std::string& method,
                                                const std::string& path) const {
  ServerMatch result;
  for (const auto& e : server_routes_) {
    if (e.path != path) continue;
    add_method(result.allowed_methods, e.method);
    if (e.method == method ||
        (method == "HEAD" && e.method == "GET" && result.handler == nullptr)) {
      result.handler = &e.handler;
      result.cors = e.cors;
    }
  }
  return result;
}

}  // namespace gw::http
