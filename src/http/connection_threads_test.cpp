#include "http/connection_threads.h"

#include <doctest/doctest.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include <httplib.h>

namespace gw::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::size_t kStack = 256 * 1024;

long thread_id() { return static_cast<long>(syscall(SYS_gettid)); }

std::string thread_name(long tid) {
  std::ifstream comm("/proc/self/task/" + std::to_string(tid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

// Bounded waiting for something other threads do (never a sleep that waits for an expiry: the
// expiry runs on a ManualClock).
bool eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 5000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return condition();
}

// A connection stand-in: records the thread that served it, can be held open until released.
struct Connections {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<long> served_on;
  bool hold = false;
  std::size_t running = 0;

  std::function<void()> task() {
    return [this] {
      std::unique_lock lock(mutex);
      served_on.push_back(thread_id());
      ++running;
      changed.notify_all();
      changed.wait_for(lock, seconds(10), [this] { return !hold; });
      --running;
      changed.notify_all();
    };
  }
  void release() {
    std::lock_guard lock(mutex);
    hold = false;
    changed.notify_all();
  }
  bool wait_running(std::size_t n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, seconds(10), [&] { return running == n; });
  }
  std::size_t served() {
    std::lock_guard lock(mutex);
    return served_on.size();
  }
  long served_on_at(std::size_t i) {
    std::lock_guard lock(mutex);
    return served_on.at(i);
  }
};

struct Pool {
  std::shared_ptr<ConnectionThreads::Counter> counter =
      std::make_shared<ConnectionThreads::Counter>();
  ManualClock clock;
  std::unique_ptr<ConnectionThreads> threads;
  explicit Pool(std::size_t max_connections, std::size_t max_idle = 4,
                seconds shutdown_wait = seconds(10)) {
    threads =
        std::make_unique<ConnectionThreads>(max_connections, kStack, counter, shutdown_wait,
                                            ThreadParking{max_idle, milliseconds(30'000), &clock});
  }
  // Opens n connections that stay open until connections.release(); true once all n run.
  bool open_held(Connections& connections, std::size_t n) {
    connections.hold = true;
    for (std::size_t i = 0; i < n; ++i) threads->enqueue(connections.task());
    return connections.wait_running(n);
  }
  bool settled(std::size_t idle) {
    return eventually([&] { return threads->active() == 0 && threads->idle() == idle; });
  }
};

TEST_CASE("a connection after a closed one runs on the parked thread, not on a new one") {
  Pool pool(8);
  Connections connections;
  pool.threads->enqueue(connections.task());
  REQUIRE(pool.settled(1));
  CHECK(thread_name(connections.served_on_at(0)) == "gw-parked");  // what top -H shows
  pool.threads->enqueue(connections.task());
  REQUIRE(pool.settled(1));
  CHECK(connections.served() == 2);
  CHECK(connections.served_on_at(1) == connections.served_on_at(0));
  CHECK(pool.threads->started() == 1);
  CHECK(pool.threads->threads() == 1);
}

TEST_CASE("a connection never waits behind a busy one: with none parked, a thread starts") {
  Pool pool(8);
  Connections connections;
  connections.hold = true;  // the first connection stays open (an idle stream)
  pool.threads->enqueue(connections.task());
  REQUIRE(connections.wait_running(1));
  pool.threads->enqueue(connections.task());
  CHECK(connections.wait_running(2));  // served while the first is still open
  CHECK(pool.threads->started() == 2);
  CHECK(connections.served_on_at(0) != connections.served_on_at(1));
  connections.release();
  CHECK(pool.settled(2));
}

TEST_CASE("at most max_idle threads stay parked; the others end") {
  Pool pool(8, /*max_idle=*/2);
  Connections connections;
  REQUIRE(pool.open_held(connections, 5));
  CHECK(pool.threads->threads() == 5);
  connections.release();
  REQUIRE(pool.settled(2));
  CHECK(eventually([&] { return pool.threads->threads() == 2; }));
}

TEST_CASE("parked threads expire after idle_expiry on the clock; the next connection starts one") {
  Pool pool(8);
  Connections connections;
  REQUIRE(pool.open_held(connections, 2));
  connections.release();
  REQUIRE(pool.settled(2));

  pool.clock.advance_ms(29'999);
  pool.threads->expire_idle();
  CHECK(pool.threads->idle() == 2);  // not yet
  pool.clock.advance_ms(1);
  pool.threads->expire_idle();
  CHECK(pool.threads->idle() == 0);
  CHECK(eventually([&] { return pool.threads->threads() == 0; }));

  pool.threads->enqueue(connections.task());
  REQUIRE(pool.settled(1));
  CHECK(pool.threads->started() == 3);
  CHECK(pool.threads->threads() == 1);
}

TEST_CASE("a new connection takes the newest parked thread; expiry takes the oldest first") {
  Pool pool(8);
  Connections first, second, later;
  first.hold = second.hold = true;
  pool.threads->enqueue(first.task());
  pool.threads->enqueue(second.task());
  REQUIRE(first.wait_running(1));
  REQUIRE(second.wait_running(1));
  first.release();
  REQUIRE(eventually([&] { return pool.threads->idle() == 1; }));
  pool.clock.advance_ms(10'000);
  second.release();  // parks 10 s after the first
  REQUIRE(pool.settled(2));

  pool.threads->enqueue(later.task());
  REQUIRE(pool.settled(2));
  CHECK(later.served_on_at(0) == second.served_on_at(0));  // and it parks again, as the newest

  pool.clock.advance_ms(20'000);  // the first thread has been parked 30 s, the second 20 s
  pool.threads->expire_idle();
  CHECK(pool.threads->idle() == 1);
  pool.threads->enqueue(later.task());
  REQUIRE(pool.settled(1));
  CHECK(later.served_on_at(1) == second.served_on_at(0));
  CHECK(pool.threads->started() == 2);
}

TEST_CASE("max_connections still caps connections being served; parked threads do not count") {
  Pool pool(2);
  Connections connections;
  REQUIRE(pool.open_held(connections, 2));
  bool third_enqueued = false;
  std::thread acceptor([&] {
    pool.threads->enqueue(connections.task());
    third_enqueued = true;
  });
  // The accept thread waits at the cap: nothing of the third runs while two are open.
  std::this_thread::sleep_for(milliseconds(100));
  CHECK(connections.served() == 2);
  CHECK(pool.threads->active() == 2);
  connections.release();
  acceptor.join();
  CHECK(third_enqueued);
  REQUIRE(pool.settled(2));
  CHECK(connections.served() == 3);
  CHECK(pool.threads->started() == 2);  // the third ran on a parked thread
}

TEST_CASE("shutdown ends parked threads and waits for open connections, which then end theirs") {
  Pool pool(8);
  Connections connections;
  REQUIRE(pool.open_held(connections, 2));
  pool.threads->enqueue([] {});
  REQUIRE(eventually([&] { return pool.threads->idle() == 1; }));

  std::thread stopper([&] { pool.threads->shutdown(); });
  CHECK(eventually([&] { return pool.threads->threads() == 2; }));  // the parked one left
  connections.release();
  stopper.join();  // returned once both connections ended
  CHECK(pool.counter->value() == 0);
  CHECK(eventually([&] { return pool.threads->threads() == 0; }));  // none parked after shutdown
  CHECK(pool.threads->idle() == 0);
}

TEST_CASE("a connection that outlives a timed-out shutdown and the queue ends cleanly") {
  Pool pool(8, 4, /*shutdown_wait=*/seconds(0));
  Connections connections;
  REQUIRE(pool.open_held(connections, 1));
  pool.threads->shutdown();  // gives up at once
  pool.threads.reset();      // httplib deletes the queue right after shutdown()
  CHECK(pool.counter->value() == 1);
  connections.release();
  CHECK(eventually([&] { return pool.counter->value() == 0; }));
}

TEST_CASE("over real HTTP: requests on connections that close each run on one parked thread") {
  auto counter = std::make_shared<ConnectionThreads::Counter>();
  httplib::Server server;
  ConnectionThreads* queue = nullptr;
  server.new_task_queue = [&] {
    queue = new ConnectionThreads(16, kStack, counter, seconds(10));
    return queue;
  };
  server.Get("/tid", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::to_string(thread_id()), "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread listener([&] { server.listen_after_bind(); });
  REQUIRE(eventually([&] { return server.is_running(); }));

  std::set<std::string> served_on;
  for (int i = 0; i < 5; ++i) {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(false);  // each request on its own connection, "Connection: close"
    auto res = client.Get("/tid");
    REQUIRE(res);
    CHECK(res->status == 200);
    served_on.insert(res->body);
    // The next connection finds the thread parked once this one has been closed on both sides.
    REQUIRE(eventually([&] { return counter->value() == 0; }));
    REQUIRE(eventually([&] { return queue->idle() == 1; }));
  }
  CHECK(served_on.size() == 1);
  CHECK(queue->started() == 1);
  server.stop();
  listener.join();
  CHECK(counter->value() == 0);
}

}  // namespace
}  // namespace gw::http
