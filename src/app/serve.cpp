#include "app/serve.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "app/health.h"
#include "config/loader.h"
#include "config/validate.h"
#include "http/server.h"
#include "mcp/routes.h"
#include "util/log.h"

namespace gw::app {
namespace {

// The scope set requests start with; a reload (SIGHUP, issue 5) will swap it.
class CurrentScopes {
 public:
  void set(std::shared_ptr<const scope::ScopeSet> scopes) {
    std::lock_guard<std::mutex> lock(mutex_);
    scopes_ = std::move(scopes);
  }
  std::shared_ptr<const scope::ScopeSet> get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return scopes_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const scope::ScopeSet> scopes_;
};

std::shared_ptr<const scope::ScopeSet> build_scopes(const config::ConfigPtr& config,
                                                     const std::string& public_base_url) {
  std::vector<scope::ScopePtr> scopes;
  for (const auto& s : config->scopes) scopes.push_back(std::make_shared<scope::Scope>(config, s, public_base_url));
  return std::make_shared<scope::ScopeSet>(config, std::move(scopes), public_base_url);
}

// Development switches and unattended sign-in weaken security: say so loudly at every start.
void warn_about_weakened_scopes(const config::Config& config) {
  for (const auto& s : config.scopes) {
    if (s.development.allow_unauthenticated_methods || s.development.allow_unauthenticated_tools_call) {
      log::warning("SCOPE SERVES WITHOUT AUTHENTICATION (development flags on)",
                   {{"scope", s.name},
                    {"allow_unauthenticated_methods", s.development.allow_unauthenticated_methods},
                    {"allow_unauthenticated_tools_call", s.development.allow_unauthenticated_tools_call}});
    }
    if (s.oauth.sign_in == config::SignIn::kAuto) {
      log::warning("SCOPE APPROVES EVERY AUTHORIZATION WITHOUT A SIGN-IN (oauth.sign_in: auto)",
                   {{"scope", s.name}});
    }
  }
}

// Blocks the signals in every thread (call before starting any) and waits for them on one thread.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void start(http::HttpServer& server) {
    thread_ = std::thread([this, &server] {
      for (;;) {
        int signal_number = 0;
        if (sigwait(&set_, &signal_number) != 0) continue;
        if (signal_number == SIGHUP) {
          log::warning("SIGHUP received: live reload is not implemented yet; configuration unchanged");
          continue;
        }
        log::info("stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
        server.stop();
        return;
      }
    });
  }
  // After the server stopped for another reason, wake the watcher so it can be joined.
  void finish() {
    if (!thread_.joinable()) return;
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  sigset_t set_;
  std::thread thread_;
};

}  // namespace

int serve(const ServeOptions& options) {
  auto loaded = config::load_file(options.config_path);
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return 1;
  }
  const config::ConfigPtr config = *loaded;
  log::Level level = log::Level::kInfo;
  log::parse_level(config->server.log_level, &level);
  log::set_level(level);

  http::ListenerOptions listener;
  const std::string listen = options.listen_override.empty() ? config->server.listen : options.listen_override;
  if (!config::split_listen_address(listen, &listener.host, &listener.port)) {
    std::fprintf(stderr, "--listen: expected host:port, got \"%s\"\n", listen.c_str());
    return 2;
  }
  listener.max_connections = static_cast<size_t>(config->server.max_connections);
  listener.read_timeout_s = config->server.read_timeout_s;
  listener.keep_alive_timeout_s = config->server.keep_alive_timeout_s;
  listener.max_body_bytes = config->server.max_body_bytes;

  SignalWatcher signals;
  CurrentScopes current;
  auto routes = std::make_shared<http::RouteTable>();
  HealthSources health;
  health.database = [](const scope::Scope& s) {
    return probe_tcp(s.config().database.host, s.config().database.port, 1000);
  };
  register_health_routes(*routes, health, [&current] { return current.get(); });

  // MCP streams poll this; shared, so a stream thread that outlives serve() reads live memory.
  auto running_server = std::make_shared<std::atomic<http::HttpServer*>>(nullptr);
  mcp::RouteOptions mcp_routes;
  mcp_routes.endpoint_of = [](const scope::Scope& s) { return s.mcp(); };
  mcp_routes.stopping = [running_server] {
    http::HttpServer* s = running_server->load();
    return s == nullptr || s->stopping();
  };
  mcp::register_routes(*routes, std::move(mcp_routes));

  http::HttpServer server(routes, [&current] { return current.get(); }, listener);
  running_server->store(&server);
  auto port = server.bind();
  if (!port.is_ok()) {
    std::fprintf(stderr, "%s\n", port.status().message().c_str());
    return 1;
  }
  const std::string host_for_url = listener.host.find(':') != std::string::npos ? "[" + listener.host + "]"
                                                                                : listener.host;
  const std::string public_base_url = config->server.public_base_url.empty()
                                          ? fmt::format("http://{}:{}", host_for_url, *port)
                                          : config->server.public_base_url;
  current.set(build_scopes(config, public_base_url));
  warn_about_weakened_scopes(*config);

  nlohmann::json scope_list = nlohmann::json::array();
  for (const auto& s : config->scopes) scope_list.push_back(s.path);
  log::info("listening", {{"address", fmt::format("{}:{}", listener.host, *port)},
                          {"public_base_url", public_base_url},
                          {"config", config->source_path},
                          {"scopes", scope_list},
                          {"version", GATEWAY_VERSION}});
  signals.start(server);
  server.run();
  running_server->store(nullptr);
  signals.finish();
  log::info("stopped");
  return 0;
}

}  // namespace gw::app
