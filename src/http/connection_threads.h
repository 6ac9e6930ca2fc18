#pragma once
// cpp-httplib serves each connection on one TaskQueue task until it closes. Its default fixed pool
// (8 threads here) would let eight idle SSE streams block everyone else. This queue gives every
// connection its own thread with a small stack, up to max_connections: an idle stream costs a
// parked thread (its stack pages are touched lazily, so tens of KiB of memory each), never a place
// in a queue. At the limit, accepting pauses (the kernel backlog holds new connections) until one
// closes.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include <httplib.h>

namespace gw::http {

class ConnectionThreads final : public httplib::TaskQueue {
 public:
  // Shared with every connection thread, so a thread that outlives a timed-out shutdown (and the
  // queue, which httplib deletes right after) still has a live counter to decrement; the server
  // keeps it too, to tell after shutdown whether connections were cut off.
  struct Counter {
    std::mutex mutex;
    std::condition_variable changed;
    size_t active = 0;
    void finished();
    size_t value();
  };

  // shutdown_wait: how long shutdown() waits for running connections.
  ConnectionThreads(size_t max_connections, size_t stack_bytes, std::shared_ptr<Counter> counter,
                    std::chrono::seconds shutdown_wait);
  ~ConnectionThreads() override;

  void enqueue(std::function<void()> task) override;
  // Waits, up to the bound, for running connections to finish (streams watch the server's stop
  // flag).
  void shutdown() override;

  size_t active() const;

 private:
  static void* run(void* arg);

  const size_t max_connections_;
  const size_t stack_bytes_;
  const std::shared_ptr<Counter> counter_;
  const std::chrono::seconds shutdown_wait_;
  std::atomic<bool> shut_down_{false};
};

}  // namespace gw::http
