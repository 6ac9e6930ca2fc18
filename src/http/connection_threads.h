#pragma once
// cpp-httplib serves each connection on one TaskQueue task until it closes. Its default fixed pool
// (8 threads here) would let eight idle SSE streams block everyone else. This queue serves every
// connection on a thread of its own with a small stack, up to max_connections: an idle stream costs
// a parked thread (its stack pages are touched lazily, so tens of KiB of memory each), never a
// place in a queue. At the limit, accepting pauses (the kernel backlog holds new connections) until
// one closes.
//
// A thread whose connection closed waits, parked, for the next connection instead of exiting: a
// client that opens a connection per request (no keep-alive) would otherwise pay a thread's
// creation and teardown (its stack mapped and unmapped, clone, exit) on every request. A new
// connection goes to a parked thread only when one is parked, else a new thread starts: nothing
// ever waits behind a busy connection. At most ThreadParking::max_idle threads stay parked, each
// for at most idle_expiry (on the injected Clock), so a burst's threads go away after it. A parked
// thread keeps the stack pages it touched (tens of KiB, max_idle of them at most).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>

#include <httplib.h>

#include "util/clock.h"

namespace gw::http {

struct ThreadParking {
  std::size_t max_idle = 64;
  std::chrono::milliseconds idle_expiry{30'000};
  // Expiry is judged on this clock; a parked thread looks at it when its wait of idle_expiry (real
  // time) ends, and expire_idle() looks at it at once. Must outlive the threads (a static).
  const Clock* clock = &SystemClock::instance();
};

class ConnectionThreads final : public httplib::TaskQueue {
 public:
  // Shared with every connection thread, so a thread that outlives a timed-out shutdown (and the
  // queue, which httplib deletes right after) still has a live counter to decrement; the server
  // keeps it too, to tell after shutdown whether connections were cut off.
  struct Counter {
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t active = 0;
    void finished();
    std::size_t value();
  };

  // shutdown_wait: how long shutdown() waits for running connections.
  ConnectionThreads(std::size_t max_connections, std::size_t stack_bytes,
                    std::shared_ptr<Counter> counter, std::chrono::seconds shutdown_wait,
                    ThreadParking parking = {});
  ~ConnectionThreads() override;

  void enqueue(std::function<void()> task) override;
  // Ends the parked threads and waits, up to the bound, for running connections to finish (streams
  // watch the server's stop flag). A connection that ends afterwards ends its thread too.
  void shutdown() override;

  // Connections being served.
  std::size_t active() const;
  // Threads parked, waiting for a connection.
  std::size_t idle() const;
  // Threads alive (serving or parked), and threads started since construction.
  std::size_t threads() const;
  std::size_t started() const;
  // Ends the parked threads whose idle_expiry has passed on the clock. Parked threads call it when
  // their wait ends; a test calls it after moving a ManualClock.
  void expire_idle();

  struct Lot;  // what the queue shares with its threads (connection_threads.cpp)

 private:
  const std::size_t max_connections_;
  const std::chrono::seconds shutdown_wait_;
  const std::shared_ptr<Lot> lot_;
  std::atomic<bool> shut_down_{false};
};

// On a connection thread about to wait for a long time (an idle stream): gives the kernel back the
// pages of its stack below the caller's frame. The deepest frames of the request that opened the
// stream (parsing, routing, logging) leave touched pages behind that an idle stream would keep for
// its whole life; they are most of what an idle stream costs (bench/RESULTS-conn.md).
// Elsewhere (the main thread, a test's thread) it does nothing.
void release_unused_stack();

}  // namespace gw::http
