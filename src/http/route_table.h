#pragma once
// Handlers keyed by method and the path INSIDE a scope (or a server-level path). Each scope has its
// own table, on which every layer registers closures over its own per-scope object (the scope's
// OAuth server, MCP endpoint, pool); the listener has one more for server-level paths. Routing to
// a scope happens once, centrally (ScopeRouter); handlers never parse scope prefixes.

#include <functional>
#include <string>
#include <vector>

#include <httplib.h>

#include "config/config.h"
#include "http/stream_slots.h"

namespace gw::http {

struct ScopeRequest {
  const httplib::Request& request;
  httplib::Response& response;
  const config::ScopeConfig& scope;  // the configuration of the scope the request is for
  std::string inner_path;            // "/mcp", "/health", "/.well-known/oauth-authorization-server"
  std::string request_id;
  bool via_default_scope = false;  // a root URL answered for the default scope
  bool from_trusted_proxy = false;
  // Where the request comes from, as server.trusted_proxies lets us believe (client_address.h).
  std::string client_address;
  // The listener's count of held-open streams, and the caps in force for this request; null on a
  // listener that serves no streams.
  StreamSlots* streams = nullptr;
  StreamCaps stream_caps;
};

using ScopeHandler = std::function<void(ScopeRequest&)>;
using ServerHandler = std::function<void(const httplib::Request&, httplib::Response&)>;

// Who may call a route from a browser.
enum class Cors {
  kAllowlisted,  // Origin, when sent, must be in server.allowed_origins (or the public origin),
                 // else 403
  kPublic,       // any Origin; Access-Control-Allow-Origin: * (discovery documents)
};

class RouteTable {
 public:
  struct ScopeMatch {
    const ScopeHandler* handler = nullptr;  // null: no route for this method
    std::string pattern;  // the registered path (for metrics: bounded cardinality)
    Cors cors = Cors::kAllowlisted;
    std::vector<std::string> allowed_methods;  // for 405 and preflight; empty: unknown path
  };
  struct ServerMatch {
    const ServerHandler* handler = nullptr;
    Cors cors = Cors::kAllowlisted;
    std::vector<std::string> allowed_methods;
  };

  // method: GET, POST, DELETE, HEAD, … (HEAD falls back to GET when not registered).
  void add(std::string method, std::string inner_path, ScopeHandler handler,
           Cors cors = Cors::kAllowlisted);
  // Matches inner paths that start with the prefix (longest prefix wins after exact matches).
  void add_prefix(std::string method, std::string inner_prefix, ScopeHandler handler,
                  Cors cors = Cors::kAllowlisted);
  void add_server(std::string method, std::string path, ServerHandler handler,
                  Cors cors = Cors::kAllowlisted);

  ScopeMatch find(const std::string& method, const std::string& inner_path) const;
  ServerMatch find_server(const std::string& method, const std::string& path) const;

 private:
  struct ScopeEntry {
    std::string method;
    std::string path;
    bool prefix;
    ScopeHandler handler;
    Cors cors;
  };
  struct ServerEntry {
    std::string method;
    std::string path;
    ServerHandler handler;
    Cors cors;
  };
  const ScopeEntry* match(const std::string& method, const std::string& path) const;

  std::vector<ScopeEntry> scope_routes_;
  std::vector<ServerEntry> server_routes_;
};

}  // namespace gw::http
