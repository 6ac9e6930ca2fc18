#include "app/serve.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "app/admin.h"
#include "app/routes.h"
#include "config/loader.h"
#include "config/validate.h"
#include "db/freetds_runtime.h"
#include "http/server.h"
#include "oauth/authorization_server.h"
#include "tools/audit_log.h"
#include "tools/scope_tools.h"
#include "util/log.h"

namespace gw::app {
namespace {

// The scope set requests start with; a reload swaps it.
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

Result<std::shared_ptr<const scope::ScopeSet>> build_scopes(const config::ConfigPtr& config,
                                                             const std::string& public_base_url,
                                                             tools::AuditLog& audit) {
  std::vector<scope::ScopePtr> scopes;
  for (const auto& s : config->scopes) {
    auto scope = scope::Scope::create(config, s, public_base_url, audit);
    if (!scope.is_ok()) return Status(scope.status().code(), "scope " + s.name + ": " + scope.status().message());
    // Open the OAuth store now (replaying its journal): a damaged or unwritable store is a start-up
    // error, not a surprise at the first sign-in.
    if (const Status& st = (*scope)->oauth().status(); !st.is_ok()) return st;
    scopes.push_back(std::move(*scope));
  }
  return std::shared_ptr<const scope::ScopeSet>(
      std::make_shared<scope::ScopeSet>(config, std::move(scopes), public_base_url));
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

// Blocks the signals in every thread (construct before starting any) and waits for them on one thread.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void start(std::function<void()> on_stop, std::function<void()> on_reload) {
    thread_ = std::thread([this, on_stop, on_reload] {
      for (;;) {
        int signal_number = 0;
        if (sigwait(&set_, &signal_number) != 0) continue;
        if (finishing_.load()) return;
        if (signal_number == SIGHUP) {
          on_reload();
          continue;
        }
        log::info("stopping", {{"signal", signal_number == SIGTERM ? "SIGTERM" : "SIGINT"}});
        on_stop();
        return;
      }
    });
  }
  // After the server stopped, wake the watcher so it can be joined.
  void finish() {
    if (!thread_.joinable()) return;
    finishing_.store(true);
    pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

 private:
  sigset_t set_;
  std::thread thread_;
  std::atomic<bool> finishing_{false};
};

http::ListenerOptions listener_options(const config::ServerConfig& server, const std::string& listen) {
  http::ListenerOptions o;
  config::split_listen_address(listen, &o.host, &o.port);
  o.max_connections = static_cast<size_t>(server.max_connections);
  o.read_timeout_s = server.read_timeout_s;
  o.keep_alive_timeout_s = server.keep_alive_timeout_s;
  o.max_body_bytes = server.max_body_bytes;
  return o;
}

}  // namespace

int serve(const ServeOptions& options) {
  umask(077);  // files the gateway creates (stores, audit log) are its own
  auto loaded = config::load_file(options.config_path);
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return 1;
  }
  const config::ConfigPtr config = *loaded;
  log::Level level = log::Level::kInfo;
  log::parse_level(config->server.log_level, &level);
  log::set_level(level);

  const std::string listen = options.listen_override.empty() ? config->server.listen : options.listen_override;
  std::string ignored_host;
  int ignored_port = 0;
  if (!config::split_listen_address(listen, &ignored_host, &ignored_port)) {
    std::fprintf(stderr, "--listen: expected host:port, got \"%s\"\n", listen.c_str());
    return 2;
  }
  // db-lib's process-wide set-up, before any thread can call into it.
  if (Status st = db::ensure_freetds_initialized(); !st.is_ok()) {
    std::fprintf(stderr, "FreeTDS: %s\n", st.message().c_str());
    return 1;
  }
  // Durable state (OAuth stores, the audit log) lives under data_dir, readable by the gateway alone.
  for (const std::string& dir : {config->server.data_dir,
                                 std::filesystem::path(tools::audit_log_path(config->server)).parent_path().string()}) {
    std::error_code error;
    if (dir.empty()) continue;
    std::filesystem::create_directories(dir, error);
    if (error) {
      std::fprintf(stderr, "cannot create %s: %s\n", dir.c_str(), error.message().c_str());
      return 1;
    }
  }
  auto audit = tools::AuditLog::open(tools::audit_log_path(config->server));
  if (!audit.is_ok()) {
    std::fprintf(stderr, "%s\n", audit.status().message().c_str());
    return 1;
  }

  SignalWatcher signals;
  CurrentScopes current;
  // Streams poll this; shared, so a stream thread that outlives serve() reads live memory.
  auto stopping = std::make_shared<std::atomic<bool>>(false);
  auto routes = build_routes([&current] { return current.get(); }, [stopping] { return stopping->load(); });
  const http::ListenerOptions listener = listener_options(config->server, listen);
  http::HttpServer server(routes, [&current] { return current.get(); }, listener);
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
  auto scopes = build_scopes(config, public_base_url, **audit);
  if (!scopes.is_ok()) {
    std::fprintf(stderr, "%s\n", scopes.status().message().c_str());
    return 1;
  }
  current.set(*scopes);
  warn_about_weakened_scopes(*config);

  // The admin listener: /metrics and /admin/reload, loopback unless a token guards it.
  std::unique_ptr<http::HttpServer> admin;
  std::thread admin_thread;
  if (!config->server.admin_listen.empty()) {
    auto admin_routes = std::make_shared<http::RouteTable>();
    AdminActions actions;
    actions.reload = []() -> Result<nlohmann::json> {
      return failed_precondition("live reload is not implemented yet");
    };
    register_admin_routes(*admin_routes, actions, config->server.admin_token);
    admin = std::make_unique<http::HttpServer>(admin_routes, [&current] { return current.get(); },
                                               listener_options(config->server, config->server.admin_listen));
    auto admin_port = admin->bind();
    if (!admin_port.is_ok()) {
      std::fprintf(stderr, "server.admin_listen: %s\n", admin_port.status().message().c_str());
      return 1;
    }
    log::info("admin listening", {{"address", fmt::format("{}:{}", listener_options(config->server,
                                                                   config->server.admin_listen).host,
                                                         *admin_port)}});
    admin_thread = std::thread([&admin] { admin->run(); });
  }

  nlohmann::json scope_list = nlohmann::json::array();
  for (const auto& s : config->scopes) scope_list.push_back(s.path);
  log::info("listening", {{"address", fmt::format("{}:{}", listener.host, *port)},
                          {"public_base_url", public_base_url},
                          {"config", config->source_path},
                          {"scopes", scope_list},
                          {"version", GATEWAY_VERSION}});
  signals.start(
      [&] {
        stopping->store(true);
        if (admin) admin->stop();
        server.stop();
      },
      [] { log::warning("SIGHUP received: live reload is not implemented yet; configuration unchanged"); });
  server.run();
  stopping->store(true);
  if (admin) admin->stop();
  if (admin_thread.joinable()) admin_thread.join();
  signals.finish();
  log::info("stopped");
  return 0;
}

}  // namespace gw::app
