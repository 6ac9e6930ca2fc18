#pragma once
// The background health probes: a scheduler thread that, for every scope of the current set,
// starts a probe on a thread of its own whenever the scope's last one started
// server.health_probe_interval_s ago (and none is running): SELECT 1 through the scope's pool,
// bounded by database.login_timeout_s, then the read-only login check when it is due
// (tools/login_check.h). One scope's frozen database then delays nobody else's probe, and GET
// /health reads the results (database_probe.h) without waiting.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "app/database_probe.h"
#include "app/reloader.h"

namespace gw::app {

class HealthWatch {
 public:
  // probe: one probe of a scope's database (routes.h probe_database). REQUIRES: current outlives
  // the HealthWatch.
  HealthWatch(CurrentScopes& current, std::function<DatabaseHealth(Scope&)> probe,
              std::chrono::seconds login_check_interval = std::chrono::seconds(60));
  ~HealthWatch();
  void start();
  // Waits up to `bound` until every current scope has a first result (start-up: the first
  // health answers then say something).
  void wait_for_first_results(std::chrono::milliseconds bound);
  // Stops scheduling and waits up to `bound` for running probes. False: some still run (a
  // database that does not answer); they hold their Scope, so it stays valid, but the process
  // must not run static destructors under them.
  bool stop(std::chrono::milliseconds bound);

 private:
  struct Running {
    std::mutex mutex;
    std::condition_variable changed;
    int probes = 0;
  };
  void run();
  void launch(const ScopePtr& scope);

  CurrentScopes& current_;
  const std::function<DatabaseHealth(Scope&)> probe_;
  const std::chrono::seconds login_check_interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
  // Shared with the detached probe threads, which may outlive a timed-out stop().
  std::shared_ptr<Running> running_ = std::make_shared<Running>();
};

}  // namespace gw::app
