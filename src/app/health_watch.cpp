#include "app/health_watch.h"

#include <cstdint>
#include <vector>

#include "app/scope.h"
#include "tools/login_check.h"
#include "tools/scope_tools.h"
#include "util/log.h"

namespace gw::app {
namespace {

// How often the scheduler looks for due probes; also how soon a scope added by a reload is probed.
constexpr std::chrono::milliseconds kSchedulerTick{250};

}  // namespace

HealthWatch::HealthWatch(CurrentScopes& current, std::function<DatabaseHealth(Scope&)> probe,
                         std::chrono::seconds login_check_interval)
    : current_(current), probe_(std::move(probe)), login_check_interval_(login_check_interval) {}

HealthWatch::~HealthWatch() { stop(std::chrono::milliseconds(0)); }

void HealthWatch::start() {
  thread_ = std::thread([this] { run(); });
}

void HealthWatch::run() {
  for (;;) {
    const auto scopes = current_.get();
    if (scopes) {
      // The current configuration's: an unchanged scope keeps the snapshot it was built with.
      const std::chrono::seconds interval(scopes->config().server.health_probe_interval_s);
      for (const ScopePtr& scope : scopes->scopes()) {
        if (scope->database_probe().start_if_due(interval)) launch(scope);
      }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, kSchedulerTick, [this] { return stopping_; })) return;
  }
}

void HealthWatch::launch(const ScopePtr& scope) {
  {
    std::lock_guard<std::mutex> lock(running_->mutex);
    ++running_->probes;
  }
  // Detached, holding the scope: a probe on a database that does not answer ends with its own
  // timeout, and must not hold up a stop or a reload meanwhile.
  std::thread([scope = ScopePtr(scope), probe = probe_, running = running_,
               login = login_check_interval_]() mutable {
    scope->database_probe().finish(probe(*scope));
    if (tools::LoginCheck* check = scope->tools().login_check()) {
      const std::int64_t timeout_ms = std::int64_t{scope->config().database.login_timeout_s} * 1000;
      check->run_if_due(scope->tools().pool(), timeout_ms, login);
    }
    // The scope is let go before the count says this probe is done: once stop() sees none
    // running, the process may run its static destructors (the metrics registry a Scope's
    // destructor still unregisters from), so no probe may end a Scope after that.
    scope.reset();
    std::lock_guard<std::mutex> lock(running->mutex);
    --running->probes;
    running->changed.notify_all();
  }).detach();
}

void HealthWatch::wait_for_first_results(std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  const auto scopes = current_.get();
  for (const ScopePtr& scope : scopes ? scopes->scopes() : std::vector<ScopePtr>{}) {
    while (!scope->database_probe().has_result() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
}

bool HealthWatch::stop(std::chrono::milliseconds bound) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return true;
    stopped_ = stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::unique_lock<std::mutex> lock(running_->mutex);
  const bool done =
      running_->changed.wait_for(lock, bound, [this] { return running_->probes == 0; });
  if (!done)
    log::warning("health probes still waiting for a database at stop",
                 {{"probes", running_->probes}});
  return done;
}

}  // namespace gw::app
