#include "app/serve.h"

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "app/admin.h"
#include "app/health_watch.h"
#include "app/reloader.h"
#include "app/routes.h"
#include "app/state_store.h"
#include "config/loader.h"
#include "config/validate.h"
#include "db/freetds_runtime.h"
#include "http/server.h"
#include "redis/client.h"
#include "tools/audit_log.h"
#include "tools/scope_tools.h"
#include "util/log.h"
#include "util/stop_flag.h"

namespace gw::app {
namespace {

// Ends the process without running destructors (scopes may still be in use by connection threads);
// what must not be left behind is removed first. Audit lines and OAuth journal records are written
// through as they happen.
[[noreturn]] void exit_now(int code) {
  db::remove_freetds_runtime_files();
  std::fflush(nullptr);
  std::_Exit(code);
}

// Blocks the signals in every thread (construct before starting any) and waits for them on one
// thread.
class SignalWatcher {
 public:
  SignalWatcher() {
    sigemptyset(&set_);
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  void start(std::function<void()> on_stop, std::function<void()> on_reload) {
    thread_ = std::thread([this, on_stop, on_reload] {
      bool stopping = false;
      for (;;) {
        int signal_number = 0;
        if (sigwait(&set_, &signal_number) != 0) continue;
        if (finishing_.load()) return;
        const char* name = signal_number == SIGTERM ? "SIGTERM" : "SIGINT";
        if (signal_number == SIGHUP) {
          if (!stopping) on_reload();
          continue;
        }
        if (stopping) {
          // A second stop request during the graceful stop (a second Ctrl-C, kill again): the
          // operator does not want to wait for running calls.
          log::warning("second stop signal: exiting at once", {{"signal", name}});
          exit_now(1);
        }
        log::info("stopping", {{"signal", name}});
        stopping = true;
        on_stop();
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

http::ListenerOptions listener_options(const config::ServerConfig& server,
                                       const std::string& listen) {
  http::ListenerOptions o;
  config::split_listen_address(listen, &o.host, &o.port);
  o.max_connections = static_cast<size_t>(server.max_connections);
  o.read_timeout_s = server.read_timeout_s;
  o.keep_alive_timeout_s = server.keep_alive_timeout_s;
  o.max_body_bytes = server.max_body_bytes;
  return o;
}

// The admin listener: /metrics and /admin/reload, on its own address (loopback unless a token
// guards it).
class AdminListener {
 public:
  Status start(const config::ConfigPtr& config, Reloader& reloader, const CurrentScopes& current) {
    auto routes = std::make_shared<http::RouteTable>();
    AdminActions actions;
    actions.reload = [&reloader] { return reloader.reload("admin"); };
    // Read per request: a reload may change the token.
    actions.token = [&current] { return current.get()->config().server.admin_token; };
    register_admin_routes(*routes, actions);
    http::ListenerOptions options = listener_options(config->server, config->server.admin_listen);
    options.serve_scopes = false;
    server_ = std::make_unique<http::HttpServer>(
        routes, [&current] { return served_part(current.get()); }, options);
    auto port = server_->bind();
    if (!port.is_ok())
      return Status(port.status().code(), "server.admin_listen: " + port.status().message());
    log::info("admin listening", {{"address", fmt::format("{}:{}", options.host, *port)}});
    thread_ = std::thread([this] { server_->run(); });
    return Status::ok();
  }
  void stop() {
    if (server_) server_->stop();
  }
  void join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::unique_ptr<http::HttpServer> server_;
  std::thread thread_;
};

// Files the gateway writes (OAuth stores, the audit log) live under directories it creates.
Status create_state_directories(const config::ServerConfig& server) {
  for (const std::string& dir :
       {server.data_dir,
        std::filesystem::path(tools::audit_log_path(server)).parent_path().string()}) {
    std::error_code error;
    if (dir.empty()) continue;
    std::filesystem::create_directories(dir, error);
    if (error) return unavailable("cannot create " + dir + ": " + error.message());
  }
  return Status::ok();
}

// Serves until SIGTERM/SIGINT; SIGHUP reloads. Returns the exit code.
int serve_until_stopped(SignalWatcher& signals, http::HttpServer& server, AdminListener& admin,
                        Reloader& reloader, util::StopFlag& stopping) {
  signals.start(
      [&] {
        // Stop accepting; running requests finish (bounded by ListenerOptions::shutdown_grace_s)
        // and held-open streams end at once (they watch `stopping`).
        stopping.set();
        admin.stop();
        server.stop();
      },
      [&reloader] { (void)reloader.reload("SIGHUP"); });
  server.run();
  stopping.set();
  admin.stop();
  admin.join();
  signals.finish();
  const size_t cut_off = server.open_connections();
  if (cut_off > 0) {
    // Past the bound: the scopes and the audit log must not be destroyed under a running call.
    // Every audit line and OAuth journal record is already written through (flushed per record).
    log::error("stopped with requests still running past the shutdown bound",
               {{"connections", cut_off}});
    exit_now(1);
  }
  log::info("stopped");
  return 0;
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

  const std::string listen =
      options.listen_override.empty() ? config->server.listen : options.listen_override;
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
  if (Status st = create_state_directories(config->server); !st.is_ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  // Several replicas share their state there: refuse to start without it, saying why, rather than
  // answer 503 to every sign-in.
  if (auto redis = shared_redis_client(config->server)) {
    if (Status st = redis->ping(); !st.is_ok()) {
      std::fprintf(stderr, "server.state_store: %s\n", st.message().c_str());
      return 1;
    }
    log::info("state store", {{"store", redis->display()}});
  }
  auto audit = tools::AuditLog::open(tools::audit_log_path(config->server));
  if (!audit.is_ok()) {
    std::fprintf(stderr, "%s\n", audit.status().message().c_str());
    return 1;
  }

  SignalWatcher signals;
  CurrentScopes current;
  // Streams watch this; its copies share the flag, so a stream thread that outlives serve() still
  // reads live memory.
  util::StopFlag stopping = util::StopFlag::create();
  auto routes = build_server_routes([&current] { return current.get(); });
  const http::ListenerOptions listener = listener_options(config->server, listen);
  http::HttpServer server(
      routes, [&current] { return served_part(current.get()); }, listener);
  auto port = server.bind();
  if (!port.is_ok()) {
    std::fprintf(stderr, "%s\n", port.status().message().c_str());
    return 1;
  }
  const std::string host_for_url =
      listener.host.find(':') != std::string::npos ? "[" + listener.host + "]" : listener.host;
  Reloader reloader(options.config_path, fmt::format("http://{}:{}", host_for_url, *port), **audit,
                    current, stopping);
  if (Status st = reloader.start(config); !st.is_ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  AdminListener admin;
  if (!config->server.admin_listen.empty()) {
    if (Status st = admin.start(config, reloader, current); !st.is_ok()) {
      std::fprintf(stderr, "%s\n", st.message().c_str());
      return 1;
    }
  }

  HealthWatch health_watch(current, probe_database);
  health_watch.start();
  // The first health answers say something, unless a database is slow to answer (then they say
  // "not probed yet": health never waits for one).
  health_watch.wait_for_first_results(std::chrono::seconds(1));

  nlohmann::json scope_list = nlohmann::json::array();
  for (const auto& s : config->scopes) scope_list.push_back(s.path);
  log::info("listening", {{"address", fmt::format("{}:{}", listener.host, *port)},
                          {"public_base_url", current.get()->public_base_url()},
                          {"config", config->source_path},
                          {"scopes", scope_list},
                          {"version", GATEWAY_VERSION}});
  const int code = serve_until_stopped(signals, server, admin, reloader, stopping);
  // A probe still waiting on a database that does not answer holds its Scope; the process must
  // not run static destructors (FreeTDS, the metrics registry) under it.
  if (!health_watch.stop(std::chrono::seconds(2))) exit_now(code);
  return code;
}

}  // namespace gw::app
