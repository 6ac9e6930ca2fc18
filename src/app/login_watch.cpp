#include "app/login_watch.h"

#include <cstdint>
#include <vector>

#include "app/scope.h"
#include "tools/login_check.h"
#include "tools/scope_tools.h"

namespace gw::app {

void LoginWatch::start() {
  thread_ = std::thread([this] { run(); });
}

void LoginWatch::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LoginWatch::run() {
  for (;;) {
    const auto scopes = current_.get();
    for (const auto& scope : scopes ? scopes->scopes() : std::vector<ScopePtr>{}) {
      tools::LoginCheck* check = scope->tools().login_check();
      if (check == nullptr) continue;
      const std::int64_t timeout_ms = std::int64_t{scope->config().database.login_timeout_s} * 1000;
      check->run_if_due(scope->tools().pool(), timeout_ms, interval_);
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    // A second's nap: a scope built by a reload is checked within about a second.
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) return;
  }
}

}  // namespace gw::app
