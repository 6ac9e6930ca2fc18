#pragma once
// A flag set once, when the gateway begins to stop, that held-open streams wait on rather than
// poll: set() runs every watcher's callback (a stream's closes its channel), so an idle stream
// sleeps until it has something to do. Copies share one flag. A default-constructed one is never
// set and costs no allocation (a request's copy is made per request; tests that never stop).

#include <cstdint>
#include <functional>
#include <memory>

namespace gw::util {

struct StopFlagState;  // stop_flag.cpp

class StopFlag {
 public:
  StopFlag() = default;
  // A flag that can be set.
  static StopFlag create();

  bool is_set() const;
  // Sets the flag and runs each watcher's callback once, on this thread. Later calls do nothing.
  // Does nothing on a default-constructed flag (never set).
  void set();

  // Unregisters on destruction; once the destructor returns, its callback is not running.
  class Watch {
   public:
    Watch() = default;
    Watch(Watch&& other) noexcept;
    Watch& operator=(Watch&& other) noexcept;
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;
    ~Watch();

   private:
    friend class StopFlag;
    Watch(std::shared_ptr<StopFlagState> state, std::uint64_t id);
    std::shared_ptr<StopFlagState> state_;
    std::uint64_t id_ = 0;
  };

  // Runs on_set when the flag is set, or at once (on this thread) if it already is; never on a
  // default-constructed flag.
  [[nodiscard]] Watch watch(std::function<void()> on_set) const;

 private:
  std::shared_ptr<StopFlagState> state_;
};

}  // namespace gw::util
