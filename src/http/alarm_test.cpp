#include "http/alarm.h"

#include <doctest/doctest.h>

#include <atomic>
#include <future>
#include <thread>

namespace gw::http {

TEST_CASE("alarm: a due alarm runs its callback once, on the alarm thread") {
  std::promise<std::thread::id> ran;
  auto future = ran.get_future();
  std::atomic<int> runs{0};
  Alarm alarm(std::chrono::steady_clock::now(), [&] {
    if (++runs == 1) ran.set_value(std::this_thread::get_id());
  });
  // A generous bound: this waits for a thread, it does not time anything.
  REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(future.get() != std::this_thread::get_id());
  CHECK(runs == 1);
}

TEST_CASE("alarm: destroyed before its deadline, it never runs; an earlier one still does") {
  std::atomic<bool> late_ran{false};
  std::promise<void> early_ran;
  {
    Alarm late(std::chrono::steady_clock::now() + std::chrono::hours(1), [&] { late_ran = true; });
    Alarm early(std::chrono::steady_clock::now(), [&] { early_ran.set_value(); });
    REQUIRE(early_ran.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    Alarm moved = std::move(late);  // the moved-from alarm cancels nothing
  }
  CHECK_FALSE(late_ran);
}

TEST_CASE("alarm: the one the thread waits for is destroyed, then a sooner one is set") {
  // The thread sleeps until the first alarm's deadline; destroying that alarm erases its entry, and
  // the next alarm wakes the thread, which must not read the erased deadline (AddressSanitizer
  // reports it when it does).
  std::promise<void> second_ran;
  {
    Alarm first(std::chrono::steady_clock::now() + std::chrono::hours(1), [] {});
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the thread is waiting for it
  }
  Alarm second(std::chrono::steady_clock::now() + std::chrono::milliseconds(20),
               [&] { second_ran.set_value(); });
  CHECK(second_ran.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
}

}  // namespace gw::http
