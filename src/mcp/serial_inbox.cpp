#include "mcp/serial_inbox.h"

namespace gw::mcp {

SerialInbox::~SerialInbox() { close(); }

bool SerialInbox::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (closed_ || tasks_.size() >= capacity_) return false;
    tasks_.push_back(std::move(task));
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  ready_.notify_one();
  return true;
}

void SerialInbox::close() {
  std::thread thread;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    tasks_.clear();
    thread = std::move(thread_);
  }
  ready_.notify_one();
  if (thread.joinable()) thread.join();
}

bool SerialInbox::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void SerialInbox::run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return closed_ || !tasks_.empty(); });
      if (closed_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace gw::mcp
