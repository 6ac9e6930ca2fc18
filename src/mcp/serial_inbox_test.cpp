#include "mcp/serial_inbox.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

namespace gw::mcp {

TEST_CASE("serial inbox: tasks run one at a time, in the order posted") {
  SerialInbox inbox;
  std::vector<int> ran;  // written by the inbox's one thread only
  std::atomic<int> running{0}, overlapped{0};
  std::promise<void> done;
  for (int i = 0; i < 100; ++i) {
    REQUIRE(inbox.post([&, i] {
      if (++running > 1) ++overlapped;
      ran.push_back(i);
      --running;
      if (i == 99) done.set_value();
    }));
  }
  REQUIRE(done.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  inbox.close();
  CHECK(overlapped.load() == 0);
  REQUIRE(ran.size() == 100);
  for (int i = 0; i < 100; ++i) CHECK(ran[i] == i);
}

TEST_CASE("serial inbox: bounded; close drops what waits and refuses more") {
  SerialInbox inbox(2);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> ran{0};
  REQUIRE(inbox.post([&] {
    started.set_value();
    released.wait();
    ++ran;
  }));
  REQUIRE(started.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(inbox.post([&] { ++ran; }));
  CHECK(inbox.post([&] { ++ran; }));
  CHECK_FALSE(inbox.post([&] { ++ran; }));  // two wait already
  // close() waits for the running task, so it runs on another thread; once it has emptied the
  // queue, the running task is released.
  std::thread closer([&] { inbox.close(); });
  bool closed = false;
  for (int i = 0; i < 1000000 && !closed; ++i) {
    closed = inbox.closed();
    std::this_thread::yield();
  }
  release.set_value();
  closer.join();
  CHECK(closed);
  CHECK(ran.load() == 1);  // only the task that was running
  CHECK_FALSE(inbox.post([&] { ++ran; }));
}

}  // namespace gw::mcp
