#include "mcp/event_channel.h"

namespace gw::mcp {

bool EventChannel::push(std::string frame) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    if (frames_.size() >= capacity_) {
      closed_ = true;
    } else {
      frames_.push_back(std::move(frame));
    }
  }
  ready_.notify_one();
  return !closed();
}

EventChannel::Wait EventChannel::pop(std::chrono::milliseconds timeout, std::string* frame) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [&] { return closed_ || !frames_.empty(); });
  if (!frames_.empty()) {
    *frame = std::move(frames_.front());
    frames_.pop_front();
    return Wait::kFrame;
  }
  return closed_ ? Wait::kClosed : Wait::kTimeout;
}

void EventChannel::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

bool EventChannel::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

}  // namespace gw::mcp
