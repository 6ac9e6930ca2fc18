#pragma once
// The verdict on a read-only scope's database login (db/login_privileges.h), kept between checks:
// the check runs at start and reload (ScopeTools starts it in the background) and again from the
// health probe, never on a tool call's path. Tools read the verdict, which costs a lock, no I/O.
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "db/pool.h"
#include "util/status.h"

namespace gw::tools {

enum class LoginVerdict { kUnknown, kReadOnly, kCanWrite };

// "unknown", "read_only", "can_write": the health document's "login" field.
const char* login_verdict_name(LoginVerdict verdict);

class LoginCheck {
 public:
  // require_read_only: database.require_read_only_login; the scope then refuses to serve until a
  // check finds the login read-only.
  LoginCheck(std::string scope_name, bool require_read_only)
      : scope_name_(std::move(scope_name)), require_read_only_(require_read_only) {}

  struct Snapshot {
    LoginVerdict verdict = LoginVerdict::kUnknown;
    std::vector<std::string> findings;  // what can write (kCanWrite)
    std::string error;                  // why the last check could not decide (kUnknown)
  };

  // Asks the database now. A login that can write is logged loudly (every time it is found).
  void run(db::Pool& pool, std::int64_t timeout_ms);
  // run() unless one ran within `interval` (the health probe's rate).
  void run_if_due(db::Pool& pool, std::int64_t timeout_ms, std::chrono::seconds interval);
  // Records a verdict (run() and tests).
  void record(Result<std::vector<std::string>> findings);

  Snapshot snapshot() const;
  // OK, or the refusal a tool answers with while require_read_only is set and the login is not
  // known to be read-only.
  Status serving_status() const;

 private:
  const std::string scope_name_;
  const bool require_read_only_;
  mutable std::mutex mutex_;
  Snapshot snapshot_;
  std::chrono::steady_clock::time_point last_run_{};
  bool ran_ = false;
};

}  // namespace gw::tools
