#pragma once
// Time is injected: code that expires things takes a Clock&, tests pass a ManualClock.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace gw {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch (wall clock, for expiries that survive a restart).
  virtual std::int64_t now_seconds() const = 0;
  // A monotonic reading in milliseconds, for durations and timeouts.
  virtual std::int64_t monotonic_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_seconds() const override {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  }
  std::int64_t monotonic_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
  static SystemClock& instance() {
    static SystemClock clock;
    return clock;
  }
};

// A clock that moves only when a test says so. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_seconds = 1'700'000'000) : seconds_(start_seconds) {}
  std::int64_t now_seconds() const override { return seconds_.load(); }
  std::int64_t monotonic_ms() const override { return seconds_.load() * 1000 + extra_ms_.load(); }
  void advance_seconds(std::int64_t s) { seconds_ += s; }
  void advance_ms(std::int64_t ms) { extra_ms_ += ms; }

 private:
  std::atomic<std::int64_t> seconds_;
  std::atomic<std::int64_t> extra_ms_{0};
};

}  // namespace gw
