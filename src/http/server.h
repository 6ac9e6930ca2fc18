#pragma once
// The listener: one cpp-httplib server whose every request goes through dispatch(): a request id,
// the scope router, the Origin check and CORS, then the handler from the scope's RouteTable (or
// the server-level one); one access-log line each.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include <httplib.h>

#include "http/connection_threads.h"
#include "http/deadline_server.h"
#include "http/route_table.h"
#include "http/served_scopes.h"
#include "http/stream_slots.h"
#include "util/status.h"

namespace gw::http {

struct ListenerOptions {
  std::string host = "127.0.0.1";
  int port = 8008;  // 0: the OS picks one
  size_t max_connections = 4096;
  int read_timeout_s = 30;
  int keep_alive_timeout_s = 60;
  std::int64_t max_body_bytes = 1 << 20;
  // After stop(): how long running requests may take to finish before the listener gives up on
  // them. Above database.query_timeout_s's ceiling (290 s) would be exact; 60 s covers every call a
  // client behind Claude's broker still waits for in practice, and systemd's default stop timeout
  // is 90 s.
  int shutdown_grace_s = 60;
  // false: only the server-level routes are served and every scope path answers 404 (the admin
  // listener, which must never expose a scope's MCP or OAuth endpoints).
  bool serve_scopes = true;
};

class HttpServer {
 public:
  // Returns the scopes a new request should use (a reload swaps what it returns).
  using ScopesSource = std::function<std::shared_ptr<const ServedScopes>()>;

  // server_routes: the server-level paths (GET /health, /metrics); each scope brings its own table.
  HttpServer(std::shared_ptr<const RouteTable> server_routes, ScopesSource scopes,
             ListenerOptions options);

  // Binds the listening socket; returns the bound port.
  Result<int> bind();
  // Serves until stop(); REQUIRES bind() succeeded.
  void run();
  // Safe from any thread and from a signal-watching thread. Long-lived streams watch stopping().
  void stop();
  bool stopping() const { return stopping_.load(); }
  // Connections still being served; after run() returned, those the shutdown bound cut off.
  size_t open_connections() const;

 private:
  void dispatch(const httplib::Request& request, httplib::Response& response);
  void dispatch_scope(const httplib::Request& request, httplib::Response& response,
                      const ServedScopes& scopes, const Route& route, bool trusted,
                      const std::string& request_id);
  void dispatch_server(const httplib::Request& request, httplib::Response& response,
                       const ServedScopes& scopes, const std::string& path);
  struct RouteCheck {
    Cors cors;
    const std::vector<std::string>& allowed_methods;
    bool has_handler;
    const std::string& path;
    std::string not_found_message;
  };
  static bool admit(const httplib::Request& request, httplib::Response& response,
                    const ServedScopes& scopes, const RouteCheck& route);

  std::shared_ptr<const RouteTable> server_routes_;
  ScopesSource scopes_;
  ListenerOptions options_;
  DeadlineServer server_;
  std::atomic<bool> stopping_{false};
  std::shared_ptr<ConnectionThreads::Counter> connections_ =
      std::make_shared<ConnectionThreads::Counter>();
  std::shared_ptr<StreamSlots> streams_ = std::make_shared<StreamSlots>();
};

// Raises the listen backlog of the loopback/any socket bound to `port` to SOMAXCONN.
void raise_listen_backlog(int port);

// 16 hex digits; unique enough to find one request's log lines.
std::string new_request_id();

}  // namespace gw::http
