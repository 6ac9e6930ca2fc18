#pragma once
// Tasks run one after another in the order they were posted, on a thread of the inbox's own:
// the POSTs another replica relays to a legacy SSE stream held here (replica_relay.h) must be
// answered in the order the client sent them, without holding up the relay's thread while a tool
// call runs.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace gw::mcp {

class SerialInbox {
 public:
  // At most `capacity` tasks wait; a client that far ahead of its answers is refused.
  explicit SerialInbox(std::size_t capacity = 256) : capacity_(capacity) {}
  // close().
  ~SerialInbox();
  SerialInbox(const SerialInbox&) = delete;
  SerialInbox& operator=(const SerialInbox&) = delete;

  // False when full or closed. The thread starts with the first task.
  bool post(std::function<void()> task);
  // Drops the tasks that wait and waits for the one running. Later posts fail. Not from a task.
  void close();
  bool closed() const;

 private:
  void run();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mutex_
  bool closed_ = false;                      // guarded by mutex_
  std::thread thread_;                       // started under mutex_
};

}  // namespace gw::mcp
