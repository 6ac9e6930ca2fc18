#include "app/database_probe.h"

#include <fmt/format.h>

namespace gw::app {

bool DatabaseProbe::start_if_due(std::chrono::milliseconds interval) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t now = clock_.monotonic_ms();
  if (running_ || (started_ms_ && now - *started_ms_ < interval.count())) return false;
  running_ = true;
  started_ms_ = now;
  return true;
}

void DatabaseProbe::finish(DatabaseHealth result) {
  std::lock_guard<std::mutex> lock(mutex_);
  last_ = std::move(result);
  finished_ms_ = clock_.monotonic_ms();
  running_ = false;
}

void DatabaseProbe::carry_over(const DatabaseProbe& predecessor) {
  std::optional<DatabaseHealth> last;
  std::int64_t finished_ms = 0;
  {
    std::lock_guard<std::mutex> lock(predecessor.mutex_);
    last = predecessor.last_;
    finished_ms = predecessor.finished_ms_;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (last_ || !last) return;
  last_ = std::move(last);
  finished_ms_ = finished_ms;
}

ProbeReading DatabaseProbe::read() const {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::int64_t now = clock_.monotonic_ms();
  ProbeReading reading;
  reading.last = last_;
  if (last_) reading.age_s = static_cast<double>(now - finished_ms_) / 1000.0;
  if (running_) reading.running_s = static_cast<double>(now - *started_ms_) / 1000.0;
  return reading;
}

bool DatabaseProbe::has_result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_.has_value();
}

DatabaseHealth reported_health(const ProbeReading& reading, std::chrono::milliseconds stale_after) {
  if (reading.running_s && *reading.running_s * 1000.0 > static_cast<double>(stale_after.count())) {
    return {false, fmt::format("the database has not answered the health probe for {:.0f} s",
                               *reading.running_s)};
  }
  if (!reading.last) return {false, "not probed yet"};
  return *reading.last;
}

}  // namespace gw::app
