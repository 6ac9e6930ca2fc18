#include "http/alarm.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace gw::http {
namespace {

using TimePoint = std::chrono::steady_clock::time_point;

class AlarmThread {
 public:
  static AlarmThread& instance() {
    // Never destroyed: alarms may still be cancelled while the process exits.
    static AlarmThread* thread = new AlarmThread();
    return *thread;
  }

  std::uint64_t add(TimePoint at, std::function<void()> callback) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++next_id_;
    const auto it = due_.emplace(at, id);
    pending_.emplace(id, Entry{it, std::move(callback)});
    if (it == due_.begin()) wake_.notify_one();
    return id;
  }

  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = pending_.find(id);
    if (it == pending_.end()) return;  // already ran (under the lock, so it is over)
    due_.erase(it->second.due);
    pending_.erase(it);
  }

 private:
  struct Entry {
    std::multimap<TimePoint, std::uint64_t>::iterator due;
    std::function<void()> callback;
  };

  AlarmThread() {
    std::thread([this] { run(); }).detach();
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      if (due_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const auto first = due_.begin();
      if (first->first > std::chrono::steady_clock::now()) {
        // A copy: wait_until reads its deadline again after waking, when remove() may have erased
        // the entry (AddressSanitizer caught the read of the freed node).
        const TimePoint at = first->first;
        wake_.wait_until(lock, at);
        continue;
      }
      const auto it = pending_.find(first->second);
      due_.erase(first);
      // Under the lock, so remove() returning means the callback is done.
      const std::function<void()> callback = std::move(it->second.callback);
      pending_.erase(it);
      callback();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t next_id_ = 0;
  std::multimap<TimePoint, std::uint64_t> due_;
  std::map<std::uint64_t, Entry> pending_;
};

}  // namespace

Alarm::Alarm(std::chrono::steady_clock::time_point at, std::function<void()> callback)
    : id_(AlarmThread::instance().add(at, std::move(callback))) {}

Alarm::~Alarm() {
  if (id_ != 0) AlarmThread::instance().remove(id_);
}

Alarm::Alarm(Alarm&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

Alarm& Alarm::operator=(Alarm&& other) noexcept {
  if (this != &other) {
    if (id_ != 0) AlarmThread::instance().remove(id_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

}  // namespace gw::http
