#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "http/client_address.h"
#include "http/origin_policy.h"
#include "http/response.h"
#include "metrics/registry.h"
#include "util/log.h"
#include "util/random.h"

namespace gw::http {
namespace {

// What the access-log line needs; one connection is served by one thread, one request at a time.
struct RequestLogContext {
  std::chrono::steady_clock::time_point start;
  std::string request_id;
  std::string scope;
  std::string endpoint;  // the matched route pattern, "unmatched" or "server:<path>"
};
thread_local RequestLogContext t_log_context;

constexpr size_t kConnectionStackBytes = 512 * 1024;

bool valid_forwarded_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string allow_header(const std::vector<std::string>& methods) {
  std::string out;
  for (const auto& m : methods) out += (out.empty() ? "" : ", ") + m;
  return out + (out.empty() ? "OPTIONS" : ", OPTIONS");
}

// 403 for a browser Origin that is not allowed (MCP 2025-11-25 basic/transports: MUST respond 403).
void refuse_origin(httplib::Response& response, const std::string& origin) {
  send_error(response, 403, "forbidden_origin", "Origin " + origin + " is not allowed");
}

}  // namespace

// cpp-httplib 0.11 listens with a backlog of 5 and does not expose its socket: a burst of new
// connections (300 clients connecting at once) then waits for SYN retransmits. Linux lets listen()
// be called again on a listening socket to change its backlog, so find ours by its local port and
// raise it.
void raise_listen_backlog(int port) {
  for (int fd = 3; fd < 4096; ++fd) {
    int accepting = 0;
    socklen_t length = sizeof(accepting);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || !accepting) continue;
    sockaddr_storage address{};
    socklen_t address_length = sizeof(address);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_length) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET)
      bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    if (bound == port) ::listen(fd, SOMAXCONN);
  }
}

std::string new_request_id() { return fmt::format("{:016x}", random_u64()); }

HttpServer::HttpServer(std::shared_ptr<const RouteTable> server_routes, ScopesSource scopes,
                       ListenerOptions options)
    : server_routes_(std::move(server_routes)),
      scopes_(std::move(scopes)),
      options_(std::move(options)) {
  server_.new_task_queue = [this] {
    return new ConnectionThreads(options_.max_connections, kConnectionStackBytes, connections_,
                                 std::chrono::seconds(options_.shutdown_grace_s));
  };
  server_.set_read_timeout(options_.read_timeout_s, 0);
  server_.set_write_timeout(30, 0);
  server_.set_keep_alive_timeout(options_.keep_alive_timeout_s);
  server_.set_keep_alive_max_count(10000);
  server_.set_payload_max_length(static_cast<size_t>(options_.max_body_bytes));
  // Without it Nagle's algorithm holds each small response until the client's delayed ACK: ~40 ms
  // on every keep-alive request after the first (measured in scripts/bench).
  server_.set_tcp_nodelay(true);

  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    dispatch(req, res);
  };
  server_.Get(".*", handler);  // HEAD is routed here by httplib, with the body dropped
  server_.Delete(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  server_.Options(".*", handler);

  server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
    t_log_context = {std::chrono::steady_clock::now(), "", "", "unmatched"};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // httplib's own refusals (413 body too large, 400 unparsable request) get a JSON body too.
  server_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&,
                                                                    httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0)
      return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413 || DeadlineServer::body_too_large()) {
      // The OAuth endpoints are the ones whose clients read the body: RFC 6749 §5.2's shape serves
      // all.
      send_json(res, 413,
                {{"error", "invalid_request"},
                 {"error_description", "the request body is larger than server.max_body_bytes"}});
    } else {
      send_error(res, res.status, "bad_request", "malformed HTTP request");
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                   std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::error("unhandled exception",
               {{"request_id", t_log_context.request_id}, {"path", req.path}, {"exception", what}});
    send_error(res, 500, "internal_error",
               "internal error; request id " + t_log_context.request_id);
  });
  server_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    const auto elapsed = std::chrono::steady_clock::now() - t_log_context.start;
    // The query string is never logged: misbehaving clients put tokens there.
    log::info("request",
              {{"request_id", t_log_context.request_id},
               {"scope", t_log_context.scope},
               {"method", req.method},
               {"path", req.path},
               {"status", res.status},
               {"duration_ms", std::chrono::duration<double, std::milli>(elapsed).count()},
               {"peer", req.remote_addr}});
    metrics::registry()
        .counter("mcp_gateway_http_requests_total", "HTTP requests by scope, endpoint and status.",
                 {{"scope", t_log_context.scope.empty() ? "-" : t_log_context.scope},
                  {"endpoint", t_log_context.endpoint},
                  {"status", std::to_string(res.status)}})
        .inc();
  });
}

Result<int> HttpServer::bind() {
  if (options_.port == 0) {
    const int port = server_.bind_to_any_port(options_.host);
    if (port <= 0) return unavailable("cannot listen on " + options_.host + ":0");
    options_.port = port;
  } else if (!server_.bind_to_port(options_.host, options_.port)) {
    return unavailable(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                    options_.host, options_.port));
  }
  raise_listen_backlog(options_.port);
  return options_.port;
}

void HttpServer::run() {
  if (!stopping_.load()) server_.listen_after_bind();
}

void HttpServer::stop() {
  // Once is enough; a second call (serve() stops the admin listener again after the main one
  // returned) would otherwise wait out the bound below on a server that no longer runs.
  if (stopping_.exchange(true)) return;
  // A stop that races run() (a signal right at start-up) must not reach httplib before its accept
  // loop runs, or the loop would start on a closed socket and never end. Bounded: run() follows
  // bind() at once.
  for (int i = 0; i < 500 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server_.stop();
}

size_t HttpServer::open_connections() const { return connections_->value(); }

void HttpServer::dispatch(const httplib::Request& request, httplib::Response& response) {
  const std::shared_ptr<const ServedScopes> scopes = scopes_();
  const bool trusted = scopes->is_trusted_proxy(request.remote_addr);
  std::string request_id = request.get_header_value("X-Request-Id");
  if (!trusted || !valid_forwarded_request_id(request_id)) request_id = new_request_id();
  t_log_context.request_id = request_id;
  response.set_header("X-Request-Id", request_id);

  std::optional<std::string> environment_path;
  if (request.has_header("X-Environment-Path"))
    environment_path = request.get_header_value("X-Environment-Path");
  std::optional<std::string_view> header_view;
  if (environment_path) header_view = *environment_path;
  const Route route = scopes->route({request.path, header_view, trusted});

  switch (route.kind) {
    case Route::Kind::kNotFound:
      send_error(response, 404, "not_found",
                 "no scope is served at " + environment_path.value_or(request.path));
      return;
    case Route::Kind::kServer:
      dispatch_server(request, response, *scopes, route.inner_path);
      return;
    case Route::Kind::kScope:
      dispatch_scope(request, response, *scopes, route, trusted, request_id);
      return;
  }
}

// The checks every route shares, in order: Origin (403), unknown path (404), preflight (204), CORS
// headers, method (405). True when the handler should run; otherwise the refusal is written.
bool HttpServer::admit(const httplib::Request& request, httplib::Response& response,
                       const ServedScopes& scopes, const RouteCheck& route) {
  const std::string origin = request.get_header_value("Origin");
  const bool public_resource = route.cors == Cors::kPublic;
  if (!public_resource &&
      !origin_allowed(origin, scopes.config().server.allowed_origins, scopes.public_base_url())) {
    refuse_origin(response, origin);
    return false;
  }
  if (route.allowed_methods.empty()) {
    send_error(response, 404, "not_found", route.not_found_message);
    return false;
  }
  if (request.method == "OPTIONS" && !route.has_handler) {
    answer_preflight(response, origin, public_resource, route.allowed_methods);
    return false;
  }
  add_cors_headers(response, origin, public_resource);
  if (!route.has_handler) {
    response.set_header("Allow", allow_header(route.allowed_methods));
    send_error(response, 405, "method_not_allowed",
               request.method + " is not allowed on " + route.path);
    return false;
  }
  return true;
}

void HttpServer::dispatch_scope(const httplib::Request& request, httplib::Response& response,
                                const ServedScopes& scopes, const Route& route, bool trusted,
                                const std::string& request_id) {
  const ServedScope& served = scopes.scope(route.scope_index);
  const config::ScopeConfig& scope = *served.config;
  t_log_context.scope = scope.name;
  static const RouteTable kNoRoutes;
  const RouteTable& routes = options_.serve_scopes ? *served.routes : kNoRoutes;
  const RouteTable::ScopeMatch match = routes.find(request.method, route.inner_path);
  if (!match.pattern.empty()) t_log_context.endpoint = match.pattern;
  const RouteCheck check{match.cors, match.allowed_methods, match.handler != nullptr,
                         route.inner_path,
                         "scope " + scope.name + " has nothing at " + route.inner_path};
  if (!admit(request, response, scopes, check)) return;
  ScopeRequest scope_request{
      request, response, scope, route.inner_path, request_id, route.via_default_scope, trusted};
  scope_request.client_address =
      client_address(request.remote_addr, request.get_header_value("X-Forwarded-For"), trusted);
  const config::ServerLimits& limits = scopes.config().server.limits;
  scope_request.streams = streams_.get();
  scope_request.stream_caps = {
      limits.max_streams_per_token, limits.max_streams_per_address,
      stream_total_cap(options_.max_connections,
                       static_cast<std::size_t>(limits.reserved_connections))};
  (*match.handler)(scope_request);
}

void HttpServer::dispatch_server(const httplib::Request& request, httplib::Response& response,
                                 const ServedScopes& scopes, const std::string& path) {
  const RouteTable::ServerMatch match = server_routes_->find_server(request.method, path);
  if (match.handler != nullptr) t_log_context.endpoint = "server:" + path;
  const RouteCheck check{match.cors, match.allowed_methods, match.handler != nullptr, path,
                         "no scope is served at " + path};
  if (!admit(request, response, scopes, check)) return;
  (*match.handler)(request, response);
}

}  // namespace gw::http
