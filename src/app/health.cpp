#include "app/health.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "http/response.h"
#include "mcp/modern_request.h"

namespace gw::app {
namespace {

std::string oauth_mode(const config::ScopeConfig& scope) {
  const auto& dev = scope.development;
  if (dev.allow_unauthenticated_tools_call) return "development: tools/call without a token";
  if (dev.allow_unauthenticated_methods)
    return "development: initialize and tools/list without a token";
  return scope.oauth.sign_in == config::SignIn::kAuto ? "enabled (sign-in: auto)" : "enabled";
}

// Seconds, to a tenth: what an operator reads.
double tenths(double seconds) { return static_cast<double>(std::llround(seconds * 10)) / 10; }

nlohmann::json scope_health(Scope& scope, const HealthSources& sources) {
  const auto& config = scope.config();
  const ProbeReading reading = scope.database_probe().read();
  // A probe that has waited longer than a login may take: the database stopped answering.
  DatabaseHealth db =
      reported_health(reading, std::chrono::seconds(std::max(1, config.database.login_timeout_s)));
  if (sources.login) sources.login(scope, db);
  const bool can_write = db.login == "can_write";
  nlohmann::json health = {
      {"status", db.healthy && !can_write && db.serving ? "healthy" : "degraded"},
      // The HTTP status a load balancer reads: 503 only when the scope cannot answer calls.
      {"serving", db.healthy && db.serving},
      {"scope", scope.name()},
      {"path", config.path},
      {"url", scope.public_url()},
      {"transport", {"streamable-http", "sse"}},
      {"oauth", oauth_mode(config)},
      {"database", db.healthy ? "healthy" : "degraded"},
      {"database_detail", db.detail},
      // How old the result is: probes run in the background, every
      // server.health_probe_interval_s.
      {"database_age_s", reading.last ? nlohmann::json(tenths(reading.age_s)) : nlohmann::json()},
      {"mcp_version", std::string(mcp::kModernVersion)},
      {"mcp_versions", mcp::all_supported_versions()},
      {"tools", sources.tool_names ? sources.tool_names(scope) : std::vector<std::string>{}},
      {"read_only", config.read_only},
      {"version", GATEWAY_VERSION},
  };
  if (reading.running_s) health["database_probe_running_s"] = tenths(*reading.running_s);
  if (!db.login.empty()) {
    health["login"] = db.login;
    if (can_write) health["login_findings"] = db.login_findings;
    if (!db.login_detail.empty()) health["login_detail"] = db.login_detail;
  }
  return health;
}

}  // namespace

DatabaseHealth probe_tcp(const std::string& host, int port, int timeout_ms) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return {false, fmt::format("cannot resolve {}: {}", host, gai_strerror(rc))};
  }
  DatabaseHealth result{false, fmt::format("cannot connect to {}:{}", host, port)};
  for (addrinfo* a = found; a != nullptr && !result.healthy; a = a->ai_next) {
    const int fd =
        socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int rc = connect(fd, a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = poll(&p, 1, timeout_ms) == 1 ? 0 : -1;
      int error = 0;
      socklen_t len = sizeof(error);
      if (rc == 0 && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0)) {
        rc = -1;
        errno = error;
      } else if (rc != 0) {
        errno = ETIMEDOUT;
      }
    }
    if (rc == 0) {
      result = {true, "reachable"};
    } else {
      result.detail = fmt::format("cannot connect to {}:{}: {}", host, port, std::strerror(errno));
    }
    close(fd);
  }
  freeaddrinfo(found);
  return result;
}

void register_scope_health_route(http::RouteTable& routes, Scope& scope, HealthSources sources) {
  routes.add(
      "GET", "/health",
      [&scope, sources](http::ScopeRequest& r) {
        nlohmann::json body = scope_health(scope, sources);
        r.response.set_header("Cache-Control", "no-store");
        http::send_json(r.response, body["serving"] == true ? 200 : 503, body);
      },
      http::Cors::kPublic);
}

void register_server_health_route(http::RouteTable& routes, HealthSources sources,
                                  std::function<std::shared_ptr<const ScopeSet>()> current_scopes) {
  // Server-wide: 200 while the process serves (a container health check must not restart the
  // gateway because one scope's database is down); each scope's state is listed.
  routes.add_server(
      "GET", "/health",
      [sources, current_scopes](const httplib::Request&, httplib::Response& res) {
        auto scopes = current_scopes();
        nlohmann::json list = nlohmann::json::array();
        for (const auto& scope : scopes->scopes()) {
          nlohmann::json h = scope_health(*scope, sources);
          list.push_back({{"scope", h["scope"]},
                          {"path", h["path"]},
                          {"status", h["status"]},
                          {"database_age_s", h["database_age_s"]},
                          {"read_only", h["read_only"]}});
        }
        res.set_header("Cache-Control", "no-store");
        http::send_json(res, 200,
                        {{"status", "ok"}, {"version", GATEWAY_VERSION}, {"scopes", list}});
      },
      http::Cors::kPublic);
}

}  // namespace gw::app
