#pragma once
// Frames waiting to be written on one SSE stream (the legacy HTTP+SSE transport answers POSTs on
// the GET stream). The writer blocks on a condition variable with a timeout, never spins.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>

namespace gw::mcp {

class EventChannel {
 public:
  explicit EventChannel(std::size_t capacity = 1024) : capacity_(capacity) {}

  // False when closed. A full channel closes: a reader that far behind is gone.
  bool push(std::string frame);

  enum class Wait { kFrame, kTimeout, kClosed };
  // Waits up to timeout for a frame. kClosed once closed and drained.
  Wait pop(std::chrono::milliseconds timeout, std::string* frame);

  // Wakes the reader; later pushes fail.
  void close();
  bool closed() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> frames_;
  bool closed_ = false;
};

}  // namespace gw::mcp
