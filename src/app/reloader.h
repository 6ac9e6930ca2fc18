#pragma once
// Live reload of tenants.yaml (SIGHUP, POST /admin/reload). The new file is loaded and validated
// first; an invalid file changes nothing (the loader's "file:line:col: key: ..." lines are logged
// and answered). A valid one is applied as config::plan_reload() says: unchanged scopes keep their
// Scope object (pool, OAuth store, sessions, streams), changed and added ones are built anew, and
// the new ScopeSet is swapped in at once. A running request keeps the set it started with
// (HttpServer::dispatch holds a shared_ptr), so a removed or replaced scope lives until its last
// call and stream end; then its pool closes.

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "app/scope.h"
#include "config/config.h"
#include "util/status.h"
#include "util/stop_flag.h"

namespace gw::tools {
class AuditLog;
}  // namespace gw::tools

namespace gw::app {

// The scope set new requests start with; a reload swaps it. Thread-safe.
class CurrentScopes {
 public:
  void set(std::shared_ptr<const ScopeSet> scopes);
  std::shared_ptr<const ScopeSet> get() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const ScopeSet> scopes_;
};

class Reloader {
 public:
  // bound_base_url: http://<bound address>, the public origin when server.public_base_url is empty.
  // stopping: handed to every Scope it builds (held-open streams end once it is set).
  // REQUIRES: audit and current outlive the Reloader.
  Reloader(std::string config_path, std::string bound_base_url, tools::AuditLog& audit,
           CurrentScopes& current, util::StopFlag stopping = {});

  // Builds the first scope set from the configuration loaded at start and installs it.
  Status start(const config::ConfigPtr& config);
  // Loads the file again and applies it. Returns the summary answered by POST /admin/reload:
  //   {"result":"ok","scopes":{"demo":"unchanged","sales":"changed_database"},"restart_needed":[...]}
  // or the loader's (or a scope's) error, with the running configuration left as it was.
  // trigger ("SIGHUP", "admin") goes to the log. One reload runs at a time.
  Result<nlohmann::json> reload(const std::string& trigger);

 private:
  std::string public_base_url(const config::Config& config) const;

  const std::string config_path_;
  const std::string bound_base_url_;
  tools::AuditLog& audit_;
  CurrentScopes& current_;
  const util::StopFlag stopping_;
  std::mutex mutex_;
};

}  // namespace gw::app
