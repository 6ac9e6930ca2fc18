#pragma once
// The last answer of a scope's database to the health probe, and whether a probe is running now.
// Probes run in the background (HealthWatch), one scope's on its own thread; GET /health reads
// this record and never waits for a database, so a frozen database cannot hold the health check
// (a Docker HEALTHCHECK gives up after 5 s) or another scope's answer. Thread-safe.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "util/clock.h"

namespace gw::app {

struct DatabaseHealth {
  bool healthy = false;
  std::string detail;  // "connected", or why not (never a credential)
  // Read-only scopes: "read_only", "can_write" (degrades the scope) or "unknown"; "" elsewhere.
  std::string login;
  std::vector<std::string> login_findings;  // what the login can write with
  std::string login_detail;                 // why the check could not decide
  bool serving = true;  // false: the scope refuses tool calls (require_read_only_login)
};

// What GET /health reports of the database: the last result, how old it is, and how long the
// probe running now has been waiting.
struct ProbeReading {
  std::optional<DatabaseHealth> last;  // none before the first probe finished
  double age_s = 0;                    // since `last` was measured
  std::optional<double> running_s;     // a probe is running, for this long
};

class DatabaseProbe {
 public:
  // REQUIRES: clock outlives the probe.
  explicit DatabaseProbe(const Clock& clock = SystemClock::instance()) : clock_(clock) {}

  // Whether a probe should start now: none is running and the last one started at least
  // `interval` ago (or none ever did). True marks it running; the caller must call finish().
  bool start_if_due(std::chrono::milliseconds interval);
  void finish(DatabaseHealth result);

  // A scope rebuilt by a reload against the same database starts from its predecessor's last
  // result (and probes at once), so its health does not flap to "not probed yet".
  void carry_over(const DatabaseProbe& predecessor);

  ProbeReading read() const;
  bool has_result() const;

 private:
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::optional<DatabaseHealth> last_;
  std::int64_t finished_ms_ = 0;
  std::optional<std::int64_t> started_ms_;  // of the last probe started
  bool running_ = false;
};

// The database's state as health reports it (pure): the last result, unless the probe running now
// has waited longer than stale_after (the database stopped answering: degraded, whatever it said
// before), or no probe has finished yet (degraded: "not probed yet").
DatabaseHealth reported_health(const ProbeReading& reading, std::chrono::milliseconds stale_after);

}  // namespace gw::app
