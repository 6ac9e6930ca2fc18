#pragma once
// The background probe of read-only scopes' database logins (tools/login_check.h): a thread that
// checks each read-only scope of the current set when it has not been checked yet (so at start and
// right after a reload that built the scope anew) and again every `interval`. Health and the tools
// read the verdicts; no tool call waits for a check.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/reloader.h"

namespace gw::app {

class LoginWatch {
 public:
  // REQUIRES: current outlives the LoginWatch.
  explicit LoginWatch(CurrentScopes& current,
                      std::chrono::seconds interval = std::chrono::seconds(60))
      : current_(current), interval_(interval) {}
  ~LoginWatch() { stop(); }
  void start();
  void stop();

 private:
  void run();

  CurrentScopes& current_;
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gw::app
