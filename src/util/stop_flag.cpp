#include "util/stop_flag.h"

#include <atomic>
#include <map>
#include <mutex>
#include <utility>

namespace gw::util {

struct StopFlagState {
  std::atomic<bool> set{false};
  std::mutex mutex;
  std::uint64_t next_id = 1;
  std::map<std::uint64_t, std::function<void()>> watchers;
};

StopFlag StopFlag::create() {
  StopFlag flag;
  flag.state_ = std::make_shared<StopFlagState>();
  return flag;
}

bool StopFlag::is_set() const { return state_ && state_->set.load(); }

void StopFlag::set() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  if (state_->set.exchange(true)) return;
  // Under the lock, so a Watch destroyed meanwhile waits until its callback has run.
  for (auto& [id, on_set] : state_->watchers) on_set();
  state_->watchers.clear();
}

StopFlag::Watch StopFlag::watch(std::function<void()> on_set) const {
  if (!state_) return Watch();
  std::unique_lock lock(state_->mutex);
  if (state_->set.load()) {
    lock.unlock();
    on_set();
    return Watch();
  }
  const std::uint64_t id = state_->next_id++;
  state_->watchers.emplace(id, std::move(on_set));
  return Watch(state_, id);
}

StopFlag::Watch::Watch(std::shared_ptr<StopFlagState> state, std::uint64_t id)
    : state_(std::move(state)), id_(id) {}

StopFlag::Watch::Watch(Watch&& other) noexcept
    : state_(std::move(other.state_)), id_(std::exchange(other.id_, 0)) {}

StopFlag::Watch& StopFlag::Watch::operator=(Watch&& other) noexcept {
  if (this != &other) {
    Watch gone(std::move(*this));
    state_ = std::move(other.state_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

StopFlag::Watch::~Watch() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  state_->watchers.erase(id_);
}

}  // namespace gw::util
